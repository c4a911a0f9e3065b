"""Ticket print-out speed: the ESC/POS bytes and the preview picture (p50/p95), and a print over loopback.

The ticket carries a real signed payload and a two-item materials list; the
picture is drawn with the kiosk's own font, after one warm-up print-out (the
glyph cache then holds the labels, as on a kiosk that has issued a ticket). The loopback row prints to a
minimal ESC/POS listener on 127.0.0.1 that answers the status queries, so it
includes the four DLE EOT round trips and the worker thread.
"""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from common import Row, percentile

from kiosk.demo.samples import sample_answer, sample_ticket
from kiosk.foundation.config import PrinterSettings, load_settings
from kiosk.foundation.fonts import find_font
from kiosk.printing.escpos_bytes import answer_bytes, ticket_bytes
from kiosk.printing.picture import answer_picture, ticket_picture
from kiosk.printing.printers import open_printer

AREA = "printing"
NOW = datetime(2026, 11, 30, 9, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
BYTES_TARGET_MS = 20.0
# Without the native QR command the code is drawn in pure Python (qrcode's mask search).
FALLBACK_TARGET_MS = 50.0
# The ticket screen shows the picture right after the number is issued.
PICTURE_TARGET_MS = 150.0
# An answer print-out (30-odd lines of Chinese) is previewed on a button press; less pressing.
ANSWER_PICTURE_TARGET_MS = 300.0
PRINT_TARGET_MS = 100.0


def _timings(make: Callable[[], object], count: int) -> list[float]:
    make()  # warm caches (fonts, qrcode tables) as a running kiosk has them
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        make()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _rows(name: str, timings: list[float], target: float) -> list[Row]:
    p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
    return [
        Row(AREA, f"{name} p50", round(p50, 2), "ms"),
        Row(AREA, f"{name} p95", round(p95, 2), "ms", f"<= {target:g}", p95 <= target, f"{len(timings)} runs"),
    ]


def _listener() -> tuple[socket.socket, threading.Event]:
    """A loopback printer that reads everything and answers DLE EOT n with a healthy status byte."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:  # the benchmark closed the listener
                return
            with connection:
                while chunk := connection.recv(65536):
                    if chunk[-3:-1] == b"\x10\x04":
                        connection.sendall(b"\x12")

    threading.Thread(target=serve, daemon=True).start()
    return server, stop


def run(quick: bool) -> list[Row]:
    count = 30 if quick else 200
    settings = load_settings(None)
    ticket = sample_ticket(settings, NOW)
    answer = sample_answer(settings, NOW)
    with tempfile.TemporaryDirectory() as folder:
        fonts = find_font(settings.display.font, Path(folder))
        rows = _rows("ticket ESC/POS bytes, 80 mm, native QR", _timings(lambda: ticket_bytes(ticket, 80), count),
                     BYTES_TARGET_MS)
        rows += _rows("ticket ESC/POS bytes, 58 mm, QR as picture",
                      _timings(lambda: ticket_bytes(ticket, 58, native_qr=False), count), FALLBACK_TARGET_MS)
        rows += _rows("ticket preview picture, 80 mm", _timings(lambda: ticket_picture(ticket, 80, fonts), count),
                      PICTURE_TARGET_MS)
        rows += _rows("answer ESC/POS bytes, 80 mm", _timings(lambda: answer_bytes(answer, 80), count),
                      BYTES_TARGET_MS)
        rows += _rows("answer preview picture, 80 mm", _timings(lambda: answer_picture(answer, 80, fonts), count),
                      ANSWER_PICTURE_TARGET_MS)
    server, stop = _listener()
    try:
        printer = open_printer(PrinterSettings(kind="network", host="127.0.0.1", port=server.getsockname()[1]))
        rows += _rows("ticket printed over loopback TCP (with status)",
                      _timings(lambda: printer.print_ticket(ticket), count // 2), PRINT_TARGET_MS)
    finally:
        stop.set()
        server.close()
    return rows
