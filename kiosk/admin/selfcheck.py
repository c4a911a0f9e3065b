"""The self-check of what the kiosk needs to serve visitors (``kiosk-admin check``)."""

from __future__ import annotations

import os
import socket
import sqlite3
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.foundation.fonts import FontNotFound, find_font
from kiosk.foundation.runtime import Runtime

OK, FAILED, NOT_CONFIGURED = "ok", "failed", "not configured"


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: str
    detail: str

    @property
    def fine(self) -> bool:
        return self.status != FAILED

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def run_checks(runtime: Runtime) -> list[CheckResult]:
    return [
        check_data_dir(runtime.data_dir),
        check_sqlite_fts5(),
        check_font(runtime),
        check_camera(runtime.settings.camera.source),
        check_printer(runtime),
    ]


def check_data_dir(path: Path) -> CheckResult:
    try:
        with tempfile.NamedTemporaryFile(dir=path, prefix=".check-"):
            pass
    except OSError as error:
        return CheckResult("data directory", FAILED, f"{path}: {error.strerror}")
    return CheckResult("data directory", OK, f"{path} is writable")


def check_sqlite_fts5() -> CheckResult:
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE VIRTUAL TABLE probe USING fts5(body)")
    except sqlite3.OperationalError:
        return CheckResult("sqlite fts5", FAILED,
                           f"SQLite {sqlite3.sqlite_version} lacks FTS5; legal search falls back to a slow scan")
    finally:
        connection.close()
    return CheckResult("sqlite fts5", OK, f"SQLite {sqlite3.sqlite_version} with FTS5")


def check_font(runtime: Runtime) -> CheckResult:
    try:
        fonts = find_font(runtime.settings.display.font, runtime.data_dir / "fonts")
    except FontNotFound as error:
        return CheckResult("font", FAILED, str(error))
    return CheckResult("font", OK, f"{fonts.family} ({fonts.regular})")


def check_camera(source: str) -> CheckResult:
    if not source:
        return CheckResult("camera", NOT_CONFIGURED, "[camera] source is empty")
    import cv2  # only here: importing OpenCV costs start-up time elsewhere

    capture = cv2.VideoCapture(int(source) if source.isdigit() else source)
    try:
        if not capture.isOpened():
            return CheckResult("camera", FAILED, f"{source} cannot be opened")
        readable, _frame = capture.read()
    finally:
        capture.release()
    if not readable:
        return CheckResult("camera", FAILED, f"{source} opened but gave no picture")
    return CheckResult("camera", OK, f"{source} gives pictures")


def check_printer(runtime: Runtime) -> CheckResult:
    printer = runtime.settings.printer
    if printer.kind == "none":
        return CheckResult("printer", NOT_CONFIGURED, "[printer] kind = none")
    if printer.kind == "network":
        try:
            with socket.create_connection((printer.host, printer.port), timeout=printer.timeout_seconds):
                pass
        except OSError as error:
            return CheckResult("printer", FAILED, f"{printer.host}:{printer.port}: {error}")
        return CheckResult("printer", OK, f"{printer.host}:{printer.port} answers")
    if printer.kind == "usb":
        if printer.usb_vendor_id is None or printer.usb_product_id is None:
            return CheckResult("printer", FAILED, "[printer] usb_vendor_id and usb_product_id are needed")
        wanted = f"{printer.usb_vendor_id:04x}:{printer.usb_product_id:04x}"
        if wanted not in _usb_devices():
            return CheckResult("printer", FAILED, f"no USB device {wanted} is plugged in")
        return CheckResult("printer", OK, f"USB device {wanted} is plugged in")
    path = printer.serial_port if printer.kind == "serial" else printer.device
    if not os.path.exists(path):
        return CheckResult("printer", FAILED, f"{path} does not exist")
    if not os.access(path, os.W_OK):
        return CheckResult("printer", FAILED, f"{path} cannot be written by this user")
    return CheckResult("printer", OK, f"{path} is writable")


def _usb_devices() -> set[str]:
    found = set()
    for device in Path("/sys/bus/usb/devices").glob("*"):
        try:
            vendor = (device / "idVendor").read_text().strip()
            product = (device / "idProduct").read_text().strip()
        except OSError:
            continue
        found.add(f"{vendor}:{product}")
    return found
