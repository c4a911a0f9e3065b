"""Shared pieces of the printing tests: an ESC/POS reader, a stand-in network printer, sample print-outs."""

from __future__ import annotations

import os
import select
import socket
import threading
import tty
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from kiosk.foundation.config import Settings, load_settings
from kiosk.foundation.fonts import FontFiles, find_font
from kiosk.printing.model import TicketPrintout
from kiosk.printing.signing import SignedTicket, TicketSigner

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 9, 5, tzinfo=ZONE)
SECRET = bytes(range(32))

# DLE EOT answers of a healthy printer: fixed bits 1 and 4 set, nothing else.
HEALTHY = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}


@dataclass
class Printed:
    """An ESC/POS stream read back: text lines (GB18030), styles per line, QR codes, pictures, cut."""

    lines: list[str] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)  # line text -> GS ! size byte when printed
    qr_payloads: list[str] = field(default_factory=list)
    qr_printed: int = 0
    images: list[Image.Image] = field(default_factory=list)
    cut: bool = False
    chinese_mode_at_first_text: bool | None = None  # whether FS & came before the first multi-byte text
    after_cut: bytes = b""


def read_escpos(data: bytes) -> Printed:
    """Walk the command stream as a printer would; unknown commands fail the test."""
    out = Printed()
    chinese = False
    size = 0
    text = bytearray()
    i = 0

    def take(count: int) -> bytes:
        nonlocal i
        chunk = data[i:i + count]
        assert len(chunk) == count, f"command cut short at byte {i}"
        i += count
        return chunk

    while i < len(data):
        byte = data[i]
        if byte == 0x0A:
            i += 1
            line = text.decode("gb18030")
            out.lines.append(line)
            out.sizes[line] = size
            text.clear()
        elif byte == 0x1B:  # ESC
            command = data[i + 1]
            i += 2
            if command == 0x40:  # ESC @
                size = 0
            elif command in (0x45, 0x61, 0x21, 0x64, 0x4A):  # ESC E n, ESC a n, ESC ! n, ESC d n, ESC J n
                take(1)
            else:
                raise AssertionError(f"unexpected ESC {command:#x} at {i - 2}")
        elif byte == 0x1C:  # FS
            command = data[i + 1]
            i += 2
            assert command in (0x26, 0x2E), f"unexpected FS {command:#x}"
            chinese = command == 0x26
        elif byte == 0x1D:  # GS
            command = data[i + 1]
            i += 2
            if command == 0x21:  # GS ! n
                size = take(1)[0]
            elif command == 0x28 and data[i] == 0x6B:  # GS ( k pL pH cn fn ...
                i += 1
                length = int.from_bytes(take(2), "little")
                body = take(length)
                assert body[0] == 0x31, "2D code type must be QR"
                if body[1] == 0x50:  # store: fn 80, m 48, data
                    out.qr_payloads.append(body[3:].decode("utf-8"))
                elif body[1] == 0x51:  # print the stored symbol
                    out.qr_printed += 1
            elif command == 0x76:  # GS v 0 m xL xH yL yH raster
                take(2)
                width_bytes = int.from_bytes(take(2), "little")
                height = int.from_bytes(take(2), "little")
                raster = take(width_bytes * height)
                picture = Image.frombytes("1", (width_bytes * 8, height), raster)
                out.images.append(Image.eval(picture.convert("L"), lambda v: 255 - v))
            elif command == 0x56:  # GS V m: cut
                mode = take(1)[0]
                if mode in (65, 66):
                    take(1)
                out.cut = True
                out.after_cut = data[i:]
                break
            else:
                raise AssertionError(f"unexpected GS {command:#x} at {i - 2}")
        elif byte == 0x10:  # DLE EOT n status query
            take(3)
        else:
            if byte >= 0x80 and out.chinese_mode_at_first_text is None:
                out.chinese_mode_at_first_text = chinese
            text.append(byte)
            i += 1
    return out


class StandInPrinter:
    """A network printer on 127.0.0.1 that keeps what it is sent and answers DLE EOT like a real one.

    ``answer=False`` makes it accept connections and never read or answer: a hung printer.
    """

    def __init__(self, status: dict[int, int] | None = None, answer: bool = True):
        self.status = dict(HEALTHY if status is None else status)
        self.answer = answer
        self.received = bytearray()
        self.queries: list[int] = []
        self.connections = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.1)
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            if not self.answer:
                self._held.append(connection)  # never read: the client's queries go unanswered
                continue
            with connection:
                connection.settimeout(0.1)
                self._talk(connection)

    def _talk(self, connection: socket.socket) -> None:
        buffer = bytearray()
        while not self._stop.is_set():
            try:
                chunk = connection.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                return
            buffer += chunk
            # A query is answered when it is the last thing received, as the client then waits.
            if len(buffer) >= 3 and buffer[-3:-1] == b"\x10\x04" and buffer[-1] in self.status:
                n = buffer[-1]
                self.queries.append(n)
                del buffer[-3:]
                connection.sendall(bytes((self.status[n],)))
            self.received += buffer
            buffer.clear()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        for connection in self._held:
            connection.close()
        self._server.close()


class SerialStandIn:
    """A serial printer on a pseudo-terminal: keeps what it is sent, answers DLE EOT unless ``answer=False``."""

    def __init__(self, answer: bool = True):
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.port = os.ttyname(self._slave)
        self.answer = answer
        self.received = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        buffer = bytearray()
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.05)
            if not ready:
                continue
            buffer += os.read(self._master, 65536)
            if self.answer and buffer[-3:-1] == b"\x10\x04" and buffer[-1] in HEALTHY:
                os.write(self._master, bytes((HEALTHY[buffer[-1]],)))
                del buffer[-3:]
            self.received += buffer
            buffer.clear()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        os.close(self._master)
        os.close(self._slave)


@pytest.fixture
def serial_stand_in() -> Iterator[Callable[..., SerialStandIn]]:
    printers: list[SerialStandIn] = []

    def start(answer: bool = True) -> SerialStandIn:
        printers.append(SerialStandIn(answer))
        return printers[-1]

    yield start
    for printer in printers:
        printer.close()


@pytest.fixture
def stand_in() -> Iterator[Callable[..., StandInPrinter]]:
    printers: list[StandInPrinter] = []

    def start(status: dict[int, int] | None = None, answer: bool = True) -> StandInPrinter:
        printer = StandInPrinter(status, answer)
        printers.append(printer)
        return printer

    yield start
    for printer in printers:
        printer.close()


@pytest.fixture
def refusing_port() -> int:
    """A loopback port nobody listens on: connecting is refused at once."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        return server.getsockname()[1]


@pytest.fixture(scope="session")
def shipped_settings() -> Settings:
    return load_settings(None)


@pytest.fixture(scope="session")
def signer() -> TicketSigner:
    return TicketSigner(SECRET, "Asia/Shanghai")


@pytest.fixture(scope="session")
def fonts(tmp_path_factory: pytest.TempPathFactory) -> FontFiles:
    return find_font(None, tmp_path_factory.mktemp("fonts"))


def make_ticket(signer: TicketSigner, **changes) -> TicketPrintout:
    """A legal-aid ticket with a real signed payload; ``changes`` replace fields."""
    values = dict(
        centre_name="示例市公共法律服务中心",
        number="C007",
        service_zh="法律援助申请",
        service_en="Legal aid application",
        issued_at=NOW,
        people_ahead=4,
        qr_payload=signer.sign(SignedTicket(41, NOW.date(), "C007", "elderly")),
        expected_call=datetime(2026, 11, 30, 9, 50, tzinfo=ZONE),
        waiting_spot="12 号",
        materials=("居民身份证原件及复印件", "经济困难状况说明表（可在窗口领取）",
                   "与所申请法律援助事项有关的案件材料，例如劳动合同、工资条、解除劳动关系通知书等"),
    )
    values.update(changes)
    return TicketPrintout(**values)


@pytest.fixture
def ticket(signer: TicketSigner) -> TicketPrintout:
    return make_ticket(signer)


@pytest.fixture
def ticket_factory(signer: TicketSigner) -> Callable[..., TicketPrintout]:
    return lambda **changes: make_ticket(signer, **changes)


@pytest.fixture(scope="session")
def escpos_reader() -> Callable[[bytes], Printed]:
    return read_escpos
