"""Helpers of the work-order tests: the clock, a phone number, and a real HTTP platform on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 11, 30)
PHONE = "13912345678"
DAYS = {"callback": 1, "home_visit": 5, "online": 3, "video": 3, "rectification": 5}


def moment(clock: str, days: int = 0) -> datetime:
    """An aware time in the centre's zone, ``days`` after Monday 2026-11-30."""
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(MONDAY + timedelta(days=days), clock_time(hours, minutes), tzinfo=ZONE)


class Platform:
    """A hotline / online platform on 127.0.0.1 that keeps each order once per Idempotency-Key.

    ``script`` holds what the next POSTs meet: ``drop`` (the connection closes without an answer),
    ``slow`` (the order is kept, but the answer comes after the client's timeout), ``500``, ``400``,
    ``409`` (the platform says it holds the key already);
    then every POST is answered 201.
    """

    def __init__(self) -> None:
        self.script: list[str] = []
        self.orders: dict[str, dict] = {}
        self.kept: Counter[str] = Counter()  # how often each key made an order: must be 1
        self.posts: Counter[str] = Counter()
        self.headers: list[dict[str, str]] = []
        self.updates: list[dict] = []
        self.slow_seconds = 0.6
        self.lock = threading.Lock()
        platform = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: without this, Nagle and delayed ACKs add 40 ms to each answer.
            disable_nagle_algorithm = True

            def log_message(self, *args) -> None:
                pass

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                key = self.headers.get("Idempotency-Key", "")
                with platform.lock:
                    platform.posts[key] += 1
                    platform.headers.append(dict(self.headers))
                    step = platform.script.pop(0) if platform.script else "ok"
                    if step == "drop":
                        self.close_connection = True
                        return
                    if step in ("500", "400", "409"):
                        self._answer(int(step), {"error": step})
                        return
                    if key not in platform.orders:
                        platform.orders[key] = payload
                        platform.kept[key] += 1
                if step == "slow":
                    time.sleep(platform.slow_seconds)
                self._answer(201, {"key": key})

            def do_GET(self) -> None:
                since = int(self.path.partition("since=")[2] or 0)
                with platform.lock:
                    updates = platform.updates[since:]
                    self._answer(200, {"updates": updates, "cursor": str(since + len(updates))})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api"
