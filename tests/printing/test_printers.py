"""Printing through real connections: a stand-in network printer on loopback, device files, faults as values."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace

import pytest

from kiosk.foundation.config import PrinterSettings
from kiosk.printing.escpos_bytes import ticket_bytes
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
)
from kiosk.printing.printers import open_printer

TIMEOUT_S = 0.5


def network(port: int, **changes) -> PrinterSettings:
    return replace(PrinterSettings(kind="network", host="127.0.0.1", port=port, timeout_seconds=TIMEOUT_S), **changes)


def test_a_healthy_network_printer_gets_the_whole_ticket(stand_in, ticket, escpos_reader):
    printer = stand_in()
    alerts = []

    result = open_printer(network(printer.port), alerts.append).print_ticket(ticket)

    assert (result.status, result.printed, result.fault) == (OK, True, False)
    assert bytes(printer.received) == ticket_bytes(ticket)
    assert escpos_reader(bytes(printer.received)).qr_payloads == [ticket.qr_payload]
    assert printer.queries == [1, 4, 1, 4]  # status before and after
    assert alerts == []
    assert result.message("zh_CN") == "已打印，请取走号票。"


@pytest.mark.parametrize("status,expected", [
    ({1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72}, PAPER_OUT),  # off-line because the paper ran out
    ({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x72}, PAPER_OUT),  # on-line, but the paper sensor says end
    ({1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12}, COVER_OPEN),
    ({1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12}, OFFLINE),  # error: cutter
])
def test_a_fault_is_a_status_nothing_is_sent_and_staff_are_alerted(stand_in, ticket, status, expected):
    printer = stand_in(status)
    alerts = []

    result = open_printer(network(printer.port), alerts.append).print_ticket(ticket)

    assert (result.status, result.printed, result.fault) == (expected, False, True)
    assert printer.received == b""
    assert alerts == [result]
    assert "仍然有效" in result.message("zh_CN") and "still valid" in result.message("en")


def test_low_paper_prints_and_still_tells_staff(stand_in, ticket):
    printer = stand_in({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E})
    alerts = []

    result = open_printer(network(printer.port), alerts.append).print_ticket(ticket)

    assert (result.status, result.printed, result.fault) == (PAPER_LOW, True, False)
    assert bytes(printer.received) == ticket_bytes(ticket)
    assert [alert.status for alert in alerts] == [PAPER_LOW]


def test_a_refused_connection_is_unreachable_at_once(refusing_port, ticket):
    alerts = []
    started = time.monotonic()

    result = open_printer(network(refusing_port), alerts.append).print_ticket(ticket)

    assert (result.status, result.printed) == (UNREACHABLE, False)
    assert time.monotonic() - started < TIMEOUT_S
    assert alerts == [result]


def test_a_printer_that_hangs_times_out_within_the_limit(stand_in, ticket):
    printer = stand_in(answer=False)
    alerts = []
    started = time.monotonic()

    result = open_printer(network(printer.port), alerts.append).print_ticket(ticket)

    assert (result.status, result.printed) == (TIMEOUT, False)
    assert time.monotonic() - started < TIMEOUT_S + 1.0
    deadline = time.monotonic() + 2
    while printer.connections == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert printer.connections == 1  # it connected, then heard nothing back
    assert alerts == [result]


def test_a_serial_printer_gets_the_ticket_after_status_round_trips(serial_stand_in, ticket):
    printer = serial_stand_in()
    started = time.monotonic()

    result = open_printer(PrinterSettings(kind="serial", serial_port=printer.port, baudrate=115200,
                                          timeout_seconds=2.0)).print_ticket(ticket)

    assert (result.status, result.printed) == (OK, True)
    assert time.monotonic() - started < 1.0  # four 1-byte answers, none waiting out the timeout
    deadline = time.monotonic() + 2
    while len(printer.received) < len(ticket_bytes(ticket)) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert bytes(printer.received) == ticket_bytes(ticket)


def test_a_silent_serial_printer_times_out(serial_stand_in, ticket):
    printer = serial_stand_in(answer=False)

    result = open_printer(PrinterSettings(kind="serial", serial_port=printer.port,
                                          timeout_seconds=TIMEOUT_S)).print_ticket(ticket)

    assert (result.status, result.printed) == (TIMEOUT, False)
    assert printer.received.startswith(b"\x10\x04\x01")  # asked, and sent no ticket
    assert len(printer.received) == 3


@pytest.mark.parametrize("printer_settings", [
    PrinterSettings(kind="serial", serial_port="/dev/ttyNO-SUCH-PORT"),
    PrinterSettings(kind="usb", usb_vendor_id=0xFFFE, usb_product_id=0xFFFD),
], ids=["serial", "usb"])
def test_a_printer_that_is_not_plugged_in_is_unreachable(printer_settings, ticket):
    result = open_printer(replace(printer_settings, timeout_seconds=TIMEOUT_S)).print_ticket(ticket)

    assert (result.status, result.printed) == (UNREACHABLE, False)


def test_a_device_file_that_blocks_times_out_and_later_jobs_are_busy_not_queued(tmp_path, ticket):
    device = tmp_path / "lp0"
    os.mkfifo(device)  # opening a FIFO with no reader blocks, as a dead parallel port does
    printer = open_printer(PrinterSettings(kind="file", device=str(device), timeout_seconds=TIMEOUT_S))
    try:
        started = time.monotonic()
        first = printer.print_ticket(ticket)
        second = printer.print_ticket(ticket)
        elapsed = time.monotonic() - started

        assert first.status == TIMEOUT
        assert second.status == BUSY
        assert elapsed < 3 * TIMEOUT_S + 1.0
    finally:
        # Read the FIFO so the stuck worker finishes and frees the printer.
        with open(device, "rb") as reader:
            received = reader.read()
    assert received == ticket_bytes(ticket)


def test_a_device_file_gets_the_bytes_without_status(tmp_path, ticket):
    device = tmp_path / "lp0"
    device.write_bytes(b"")

    result = open_printer(PrinterSettings(kind="file", device=str(device), paper_width_mm=58)).print_ticket(ticket)

    assert (result.status, result.printed, result.fault) == (UNKNOWN, True, False)
    assert device.read_bytes() == ticket_bytes(ticket, 58)


def test_a_missing_device_file_is_unreachable(tmp_path, ticket):
    result = open_printer(PrinterSettings(kind="file", device=str(tmp_path / "no" / "lp0"))).print_ticket(ticket)

    assert (result.status, result.printed) == (UNREACHABLE, False)


def test_status_queries_can_be_switched_off_for_printers_that_never_answer(stand_in, ticket):
    printer = stand_in(answer=False)

    result = open_printer(network(printer.port, status_query=False)).print_ticket(ticket)

    assert (result.status, result.printed) == (UNKNOWN, True)


def test_check_asks_without_printing(stand_in):
    printer = stand_in({1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12})

    state = open_printer(network(printer.port)).check()

    assert state.status == COVER_OPEN and not state.printable
    assert state.raw_status == {1: 0x1A, 2: 0x16}
    assert printer.received == b""


def test_no_printer_configured_is_disabled(ticket):
    result = open_printer(PrinterSettings(kind="none")).print_ticket(ticket)

    assert (result.status, result.printed, result.fault) == (DISABLED, False, True)
    assert "未配置打印机" in result.message("zh_CN")


@pytest.mark.parametrize("kind,missing", [("network", "host"), ("usb", "usb_vendor_id")])
def test_a_kind_without_its_address_says_which_key_is_empty(kind, missing, ticket):
    result = open_printer(PrinterSettings(kind=kind, host="", timeout_seconds=TIMEOUT_S)).print_ticket(ticket)

    assert result.status == UNREACHABLE
    assert f"[printer] {missing} is empty" in result.detail


def test_a_broken_alert_hook_does_not_break_printing(refusing_port, ticket):
    def broken(_result) -> None:
        raise RuntimeError("staff alert channel down")

    result = open_printer(network(refusing_port), broken).print_ticket(ticket)

    assert result.status == UNREACHABLE


def test_kiosk_threads_printing_at_once_get_whole_tickets_one_after_another(stand_in, ticket_factory):
    printer = stand_in()
    kiosk_printer = open_printer(network(printer.port, timeout_seconds=5.0))
    tickets = [ticket_factory(number=f"A{n:03d}") for n in range(1, 5)]
    results = []

    threads = [threading.Thread(target=lambda t=t: results.append(kiosk_printer.print_ticket(t))) for t in tickets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(result.status for result in results) == [OK] * 4
    received = bytes(printer.received)
    for t in tickets:
        assert ticket_bytes(t) in received  # never interleaved
