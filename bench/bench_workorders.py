"""Work orders: creating one with its outbox row on SQLite, and the sender delivering 1,000 queued orders.

Creation goes through the same path as the kiosk (``open_workorders`` on a data
folder: deadline from the queue's hours, phone encrypted, order, first step and
outbox row in one transaction). Delivery posts each order over HTTP, with its
Idempotency-Key, to a platform on 127.0.0.1 in this process that keeps every
order once.
"""

from __future__ import annotations

import json
import tempfile
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from zoneinfo import ZoneInfo

from common import Row, percentile

from kiosk.foundation.runtime import open_runtime
from kiosk.wiring import open_workorders
from kiosk.workorders import HttpTransport, Sender

AREA = "workorders"
ZONE = ZoneInfo("Asia/Shanghai")
QUEUED = 1000


class _Platform(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle and delayed ACKs add 40 ms to each answer.
    disable_nagle_algorithm = True
    kept: ClassVar[set[str]] = set()

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.kept.add(self.headers["Idempotency-Key"])
        self.send_response(201)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def do_GET(self) -> None:
        body = b'{"updates": []}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _create_timings(desk, count: int) -> list[float]:
    timings = []
    for n in range(count):
        started = time.perf_counter()
        desk.create(("callback", "home_visit", "online", "video")[n % 4], "labour", f"139{n:08d}",
                    datetime.now(ZONE), channel="kiosk")
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def run(quick: bool) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        desk = open_workorders(open_runtime(None, Path(folder) / "data"))
        try:
            _create_timings(desk, 20)  # warm-up: key file, schema, caches
            timings = _create_timings(desk, 300 if quick else 2000)
            with desk.store.transaction() as tx:  # only the orders to be delivered stay queued
                tx._execute("DELETE FROM workorder_outbox")
            _create_timings(desk, QUEUED)
            _Platform.kept = set()
            server = ThreadingHTTPServer(("127.0.0.1", 0), _Platform)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            try:
                transport = HttpTransport(f"http://127.0.0.1:{server.server_address[1]}", None, 5.0)
                sender = Sender(desk, transport, "bench", lambda: datetime.now(ZONE), {"centre": "bench"})
                started = time.perf_counter()
                result = sender.sync()
                seconds = time.perf_counter() - started
            finally:
                server.shutdown()
                server.server_close()
            assert result.sent == QUEUED == len(_Platform.kept), (result, len(_Platform.kept))
        finally:
            desk.close()
    p95 = percentile(timings, 0.95)
    return [
        Row(AREA, "create work order + outbox row p95 (SQLite)", p95, "ms", "<= 10", p95 <= 10,
            f"{len(timings)} orders, median {percentile(timings, 0.5):.2f} ms"),
        Row(AREA, f"sender delivers {QUEUED} queued orders over HTTP", seconds, "s", "<= 10", seconds <= 10,
            f"{QUEUED / seconds:.0f} orders/s to 127.0.0.1, one kept-alive connection"),
    ]
