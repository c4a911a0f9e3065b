"""A TCP relay on 127.0.0.1 between the store and the server that can break the link at a chosen moment.

``cut_at(b"COMMIT\\x00", forward=True)`` lets the next COMMIT reach the server
and then breaks the link before its answer comes back: the lost
acknowledgement. ``forward=False`` breaks it before the server sees the COMMIT
and leaves the server's side open, as a kiosk whose network vanished would.
"""

from __future__ import annotations

import socket
import threading
import time


class Relay:
    def __init__(self, server_port: int):
        self.server_port = server_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.refusing = False
        self.cuts = 0
        self._armed: tuple[bytes, bool] | None = None
        self._lock = threading.Lock()
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, server_url: str) -> str:
        return server_url.replace(f":{self.server_port}/", f":{self.port}/")

    def cut_at(self, marker: bytes, forward: bool) -> None:
        """Break the link that next sends ``marker`` to the server, after or before passing it on."""
        with self._lock:
            self._armed = (marker, forward)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.refusing:
                client.close()
                continue
            server = socket.create_connection(("127.0.0.1", self.server_port))
            muted = threading.Event()  # set when the link is cut: the server's answers go nowhere
            threading.Thread(target=self._pump, args=(client, server, muted), daemon=True).start()
            threading.Thread(target=self._answer, args=(server, client, muted), daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket, muted: threading.Event) -> None:
        """Kiosk to server, watching for the armed marker."""
        try:
            while chunk := client.recv(65536):
                if not self._trips(chunk):
                    server.sendall(chunk)
                    continue
                forward = self._armed[1]
                self._armed = None
                self.cuts += 1
                muted.set()
                if forward:
                    server.sendall(chunk)
                client.shutdown(socket.SHUT_RDWR)  # the kiosk hears nothing more
                if forward:
                    time.sleep(0.3)  # let the server act on it before its side closes
                else:
                    self._held.append(server)  # the server still thinks the kiosk is there
                return
        except OSError:
            pass
        finally:
            client.close()
            if server not in self._held:
                server.close()

    def _answer(self, server: socket.socket, client: socket.socket, muted: threading.Event) -> None:
        """Server to kiosk, until the link is cut."""
        try:
            while (chunk := server.recv(65536)) and not muted.is_set():
                client.sendall(chunk)
        except OSError:
            pass

    def _trips(self, chunk: bytes) -> bool:
        with self._lock:
            return self._armed is not None and self._armed[0] in chunk

    def close(self) -> None:
        self.listener.close()
        for sink in self._held:
            sink.close()
