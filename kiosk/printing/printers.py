"""Ticket printers: the interface the kiosk prints through, and the ESC/POS one behind it.

A print job never raises and never waits for ever: it runs in a worker thread
with a deadline, asks the printer its status (DLE EOT) before and after the
bytes, and comes back as a :class:`PrintResult`. The ticket itself is not
touched: it stays valid and on screen whatever the printer does.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from typing import Protocol

from escpos.escpos import Escpos
from escpos.exceptions import DeviceNotFoundError
from escpos.exceptions import Error as EscposError
from serial import SerialBase, SerialTimeoutException

from kiosk.foundation.config import PrinterSettings
from kiosk.printing._escpos import can_read, connection_of, read_answer, send_raw
from kiosk.printing.escpos_bytes import answer_bytes, booking_bytes, ticket_bytes
from kiosk.printing.model import (
    BUSY,
    COVER_OPEN,
    DISABLED,
    OFFLINE,
    OK,
    PAPER_LOW,
    PAPER_OUT,
    TIMEOUT,
    UNKNOWN,
    UNREACHABLE,
    AnswerPrintout,
    BookingPrintout,
    PrinterState,
    PrintResult,
    TicketPrintout,
)

log = logging.getLogger(__name__)

# DLE EOT n: real-time status. Each answer is one byte.
PRINTER_STATUS, OFFLINE_CAUSE, ERROR_CAUSE, PAPER_SENSOR = 1, 2, 3, 4
DLE_EOT = b"\x10\x04"

FaultHook = Callable[[PrintResult], None]


class TicketPrinter(Protocol):
    """What the kiosk prints through."""

    def print_ticket(self, ticket: TicketPrintout) -> PrintResult: ...

    def print_answer(self, answer: AnswerPrintout) -> PrintResult: ...

    def print_booking(self, booking: BookingPrintout) -> PrintResult: ...

    def check(self) -> PrinterState: ...


class NoPrinter:
    """``[printer] kind = none``: the ticket is shown on screen only."""

    def print_ticket(self, ticket: TicketPrintout) -> PrintResult:
        return PrintResult(DISABLED, printed=False, detail="no printer configured")

    def print_answer(self, answer: AnswerPrintout) -> PrintResult:
        return PrintResult(DISABLED, printed=False, detail="no printer configured")

    def print_booking(self, booking: BookingPrintout) -> PrintResult:
        return PrintResult(DISABLED, printed=False, detail="no printer configured")

    def check(self) -> PrinterState:
        return PrinterState(DISABLED, "no printer configured")


class EscposTicketPrinter:
    """A python-escpos printer (USB, serial, network or device file), opened for each job.

    ``connect`` returns an unopened python-escpos printer; ``on_fault`` is told
    of every fault and of low paper, so staff can be alerted.
    """

    def __init__(
        self,
        connect: Callable[[], Escpos],
        paper_width_mm: int = 80,
        timeout_seconds: float = 3.0,
        native_qr: bool = True,
        status_query: bool = True,
        on_fault: FaultHook | None = None,
    ):
        self._connect = connect
        self.paper_width_mm = paper_width_mm
        self._timeout = timeout_seconds
        self._native_qr = native_qr
        self._status_query = status_query
        self._on_fault = on_fault
        # Held by the worker for a whole job: a job stuck on a dead device makes
        # the next ones answer "busy" at once instead of piling up behind it.
        self._busy = threading.Lock()

    def print_ticket(self, ticket: TicketPrintout) -> PrintResult:
        return self.print_bytes(ticket_bytes(ticket, self.paper_width_mm, self._native_qr))

    def print_answer(self, answer: AnswerPrintout) -> PrintResult:
        return self.print_bytes(answer_bytes(answer, self.paper_width_mm, self._native_qr))

    def print_booking(self, booking: BookingPrintout) -> PrintResult:
        return self.print_bytes(booking_bytes(booking, self.paper_width_mm, self._native_qr))

    def check(self) -> PrinterState:
        """Ask the printer how it is, without printing."""
        result = self._run(lambda device: _as_result(self._query(device), printed=False))
        return PrinterState(result.status, result.detail, result.raw_status)

    def print_bytes(self, data: bytes) -> PrintResult:
        """Send one finished job; the status is checked before and after."""
        result = self._run(lambda device: self._send(device, data))
        if result.fault or result.status == PAPER_LOW:
            self._alert(result)
        return result

    def _send(self, device: Escpos, data: bytes) -> PrintResult:
        before = self._query(device)
        if not before.printable:
            return _as_result(before, printed=False)
        send_raw(device, data)
        after = self._query(device)
        # A fault right after sending (paper ran out mid-ticket) means the ticket may be incomplete.
        return _as_result(after, printed=after.printable)

    def _query(self, device: Escpos) -> PrinterState:
        if not self._status_query:
            return PrinterState(UNKNOWN, "status queries switched off")
        if not can_read(device):
            # python-escpos would send the query and only then find it cannot read (device files).
            return PrinterState(UNKNOWN, "this connection cannot read from the printer")
        raw = {PRINTER_STATUS: _ask(device, PRINTER_STATUS)}
        if raw[PRINTER_STATUS] & 0x08:  # off-line: find out why
            raw[OFFLINE_CAUSE] = cause = _ask(device, OFFLINE_CAUSE)
            if cause & 0x04:
                return PrinterState(COVER_OPEN, "cover open", raw)
            if cause & 0x20:
                return PrinterState(PAPER_OUT, "printing stopped at paper end", raw)
            if cause & 0x40:
                raw[ERROR_CAUSE] = error = _ask(device, ERROR_CAUSE)
                return PrinterState(OFFLINE, _error_detail(error), raw)
            return PrinterState(OFFLINE, "printer off-line", raw)
        raw[PAPER_SENSOR] = paper = _ask(device, PAPER_SENSOR)
        if paper & 0x60:
            return PrinterState(PAPER_OUT, "paper end sensor", raw)
        if paper & 0x0C:
            return PrinterState(PAPER_LOW, "paper near end", raw)
        return PrinterState(OK, "", raw)

    def _run(self, job: Callable[[Escpos], PrintResult]) -> PrintResult:
        """Run ``job`` on a freshly opened device in a worker thread, within the deadline."""
        if not self._busy.acquire(timeout=self._timeout):
            return PrintResult(BUSY, printed=False, detail="an earlier job is still stuck on the printer")
        outcome: list[PrintResult] = []

        def work() -> None:
            try:
                outcome.append(self._open_and_do(job))
            finally:
                self._busy.release()

        worker = threading.Thread(target=work, name="ticket-printer", daemon=True)
        worker.start()
        # Socket and serial timeouts usually end a job first; the grace lets their precise status through.
        worker.join(self._timeout + 0.5)
        if worker.is_alive() or not outcome:
            return PrintResult(TIMEOUT, printed=False, detail=f"no answer within {self._timeout:g} s")
        return outcome[0]

    def _open_and_do(self, job: Callable[[Escpos], PrintResult]) -> PrintResult:
        device: Escpos | None = None
        try:
            device = self._connect()
            device.open()
            _tune(device, self._timeout)
            return job(device)
        except (TimeoutError, SerialTimeoutException) as error:
            return PrintResult(TIMEOUT, printed=False, detail=str(error) or "timed out")
        except _NoAnswer as error:
            return PrintResult(TIMEOUT, printed=False, detail=str(error))
        except (EscposError, OSError) as error:
            return PrintResult(UNREACHABLE, printed=False, detail=_one_line(error))
        except Exception as error:  # a driver error must become a status, never reach the visitor
            log.exception("printer job failed")
            return PrintResult(OFFLINE, printed=False, detail=_one_line(error))
        finally:
            if device is not None:
                try:
                    device.close()
                except Exception:  # closing a broken connection may fail too
                    log.debug("closing the printer failed", exc_info=True)

    def _alert(self, result: PrintResult) -> None:
        log.warning("printer: %s (%s)", result.status, result.detail)
        if self._on_fault is None:
            return
        try:
            self._on_fault(result)
        except Exception:  # a broken alert must not turn into a failed ticket
            log.exception("printer fault hook failed")


class _NoAnswer(Exception):
    """The printer took the status question and said nothing."""


def _ask(device: Escpos, n: int) -> int:
    send_raw(device, DLE_EOT + bytes((n,)))
    answer = read_answer(device)
    if not answer:
        raise _NoAnswer(f"no answer to DLE EOT {n}")
    # A printer answers a query with one byte; keep the last if a burst arrived.
    return answer[-1]


def _error_detail(error: int) -> str:
    if error & 0x08:
        return "cutter error"
    if error & 0x20:
        return "unrecoverable error"
    if error & 0x40:
        return "print head too hot or recoverable error"
    return "printer error"


def _as_result(state: PrinterState, printed: bool) -> PrintResult:
    return PrintResult(state.status, printed=printed, detail=state.detail, raw_status=state.raw_status)


def _tune(device: Escpos, timeout: float) -> None:
    """Quick status round trips on TCP, bounded writes on a serial port.

    Without TCP_NODELAY the 3-byte query after the ticket waits for the
    printer's delayed ACK, some 40 ms per round trip.
    """
    connection = connection_of(device)
    if isinstance(connection, socket.socket):
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    elif isinstance(connection, SerialBase):
        connection.write_timeout = timeout


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def device_factory(settings: PrinterSettings) -> Callable[[], Escpos] | None:
    """How to open the configured printer; None for ``kind = none``."""
    timeout = settings.timeout_seconds
    missing = _missing_setting(settings)
    if missing:
        def refuse() -> Escpos:
            raise DeviceNotFoundError(f"[printer] {missing} is empty; set it in config.ini")

        return refuse
    if settings.kind == "network":
        from escpos.printer import Network

        return lambda: Network(settings.host, settings.port, timeout=timeout)
    if settings.kind == "serial":
        from escpos.printer import Serial

        return lambda: Serial(settings.serial_port, baudrate=settings.baudrate, timeout=timeout)
    if settings.kind == "usb":
        return lambda: _usb_printer(settings)
    if settings.kind == "file":
        from escpos.printer import File

        return lambda: File(settings.device)
    return None


def _usb_printer(settings: PrinterSettings) -> Escpos:
    from escpos.printer import Usb
    from usb.backend import libusb0, libusb1

    if libusb1.get_backend() is None and libusb0.get_backend() is None:
        raise DeviceNotFoundError("USB printing needs the libusb library (apt install libusb-1.0-0)")
    # pyusb counts in milliseconds.
    return Usb(settings.usb_vendor_id, settings.usb_product_id, timeout=int(settings.timeout_seconds * 1000))


def _missing_setting(settings: PrinterSettings) -> str:
    """A key the configured kind needs but is empty; an empty USB id would match any USB device."""
    needs = {
        "network": ("host",),
        "usb": ("usb_vendor_id", "usb_product_id"),
        "serial": ("serial_port",),
        "file": ("device",),
    }
    for key in needs.get(settings.kind, ()):
        if getattr(settings, key) in (None, ""):
            return key
    return ""


def open_printer(settings: PrinterSettings, on_fault: FaultHook | None = None) -> TicketPrinter:
    """The printer ``[printer]`` describes."""
    connect = device_factory(settings)
    if connect is None:
        return NoPrinter()
    return EscposTicketPrinter(
        connect,
        paper_width_mm=settings.paper_width_mm,
        timeout_seconds=settings.timeout_seconds,
        native_qr=settings.native_qr,
        status_query=settings.status_query,
        on_fault=on_fault,
    )
