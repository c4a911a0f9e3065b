"""kiosk-admin print status/test/preview, and ticket verify as the queue's command group will carry it."""

from __future__ import annotations

import argparse
import json
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from kiosk.admin import common_options, main
from kiosk.admin.verify_command import add_verify_command
from kiosk.foundation.runtime import open_runtime
from kiosk.printing.signing import SignedTicket, TicketSigner
from kiosk.visitor.printouts import signed_qr
from kiosk.wiring import open_queue


def admin(capsys, tmp_path: Path, *args: str, config: str = "") -> tuple[int, str, str]:
    config_path = tmp_path / "config.ini"
    config_path.write_text(config, encoding="utf-8")
    status = main(["--config", str(config_path), "--data-dir", str(tmp_path / "data"), *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_print_status_reports_a_cover_open_on_the_network_printer(capsys, tmp_path, stand_in):
    printer = stand_in({1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12})

    status, out, _ = admin(capsys, tmp_path, "print", "status", "--json",
                           config=f"[printer]\nkind = network\nhost = 127.0.0.1\nport = {printer.port}\n")

    assert status == 1
    assert json.loads(out) == {"kind": "network", "status": "cover_open", "detail": "cover open",
                               "raw_status": {"1": 0x1A, "2": 0x16}}


def test_print_test_sends_a_sample_ticket(capsys, tmp_path, stand_in, escpos_reader):
    printer = stand_in()

    status, out, _ = admin(capsys, tmp_path, "print", "test",
                           config=f"[printer]\nkind = network\nhost = 127.0.0.1\nport = {printer.port}\n"
                                  "paper_width_mm = 58\n")

    assert status == 0
    assert out.strip() == "printer (network): ok, printed"
    printed = escpos_reader(bytes(printer.received))
    assert "A000" in printed.lines and printed.cut


def test_print_test_without_a_printer_fails_with_a_clear_line(capsys, tmp_path):
    status, out, _ = admin(capsys, tmp_path, "print", "test")

    assert status == 1
    assert out.strip() == "printer (none): disabled (no printer configured), not printed"


@pytest.mark.parametrize("paper,width", [("58", 408), ("80", 600)])
def test_print_preview_writes_the_picture_and_the_bytes(capsys, tmp_path, fonts, paper, width):
    out_png, out_bin = tmp_path / "ticket.png", tmp_path / "ticket.bin"

    status, out, _ = admin(capsys, tmp_path, "print", "preview", "--out", str(out_png), "--escpos", str(out_bin),
                           "--paper", paper, "--json", config=f"[display]\nfont = {fonts.regular}\n")

    assert status == 0
    report = json.loads(out)
    assert report["width"] == width and report["escpos_bytes"] == out_bin.stat().st_size
    with Image.open(out_png) as picture:
        assert picture.width == width
        assert decode(picture)[0].data.startswith(b"PLK2.0.")


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_print_preview_of_the_sample_answer_cites_the_laws_in_its_language(capsys, tmp_path, fonts, language):
    out_png = tmp_path / "answer.png"

    status, _, _ = admin(capsys, tmp_path, "print", "preview", "--answer", "--language", language,
                         "--out", str(out_png), config=f"[display]\nfont = {fonts.regular}\n")

    assert status == 0
    with Image.open(out_png) as picture:
        scanned = decode(picture)[0].data.decode("utf-8")
    if language == "en":
        assert "Labour Contract Law, Article 82 (2012)" in scanned and "double wages" in scanned
        assert not any("\u4e00" <= character <= "\u9fff" for character in scanned), scanned
    else:
        assert "《劳动合同法》第八十二条（2012-12-28 版）" in scanned


def test_print_preview_refuses_a_file_that_is_not_png(capsys, tmp_path):
    status, _, err = admin(capsys, tmp_path, "print", "preview", "--out", str(tmp_path / "t.jpg"))

    assert status == 2
    assert err.strip().endswith("expected a .png file")


def verify(capsys, runtime, *args: str) -> tuple[int, dict]:
    parser = argparse.ArgumentParser(parents=[common_options()])
    ticket_group = parser.add_subparsers().add_parser("ticket").add_subparsers()
    add_verify_command(ticket_group)
    parsed = parser.parse_args(["ticket", "verify", *args, "--json"])
    status = parsed.handler(parsed, runtime)
    return status, json.loads(capsys.readouterr().out)


def test_ticket_verify_accepts_todays_ticket_and_refuses_changed_and_stale_ones(capsys, tmp_path):
    runtime = open_runtime(None, tmp_path / "data")
    signer = TicketSigner.for_runtime(runtime)
    monday = datetime(2026, 11, 30, 9, 30, tzinfo=ZoneInfo(runtime.settings.centre.timezone))
    desk = open_queue(runtime)
    issued = desk.tickets.issue_ticket("notarisation", "pregnant", monday).ticket
    desk.store.close()
    real = signed_qr(signer, issued)

    assert verify(capsys, runtime, real, "--at", "2026-11-30T10:00") == (0, {
        "valid": True, "reason": "valid", "message_zh": "号票有效。", "message_en": "The ticket is valid.",
        "ticket": {"id": issued.id, "day": "2026-11-30", "number": "B001", "priority": "pregnant"}})
    changed = real.replace("B001", "B002")
    assert verify(capsys, runtime, changed, "--at", "2026-11-30T10:00")[1]["reason"] == "bad_signature"
    status, report = verify(capsys, runtime, real, "--at", "2026-12-01T10:00")
    assert (status, report["reason"]) == (1, "stale")
    stale = signer.sign(SignedTicket(7, monday.date() - timedelta(days=1), "B012"))
    assert verify(capsys, runtime, stale, "--at", "2026-11-30T10:00")[1]["reason"] == "stale"
    secret = tmp_path / "data" / "ticket-secret.key"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600


def test_ticket_verify_reports_a_damaged_secret_in_one_line(capsys, tmp_path):
    runtime = open_runtime(None, tmp_path / "data")
    (tmp_path / "data" / "ticket-secret.key").write_text("zz")
    parser = argparse.ArgumentParser()
    add_verify_command(parser.add_subparsers())
    parsed = parser.parse_args(["verify", "PLK1.1.20261130.A001.-.x"])
    parsed.json = False

    assert parsed.handler(parsed, runtime) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ticket-secret.key" in err


def test_importing_the_printing_code_leaves_logging_to_the_log_file():
    # python-escpos calls logging.basicConfig() on import; that would send tracebacks to the terminal.
    probe = ("import logging, kiosk.printing.printers, escpos.printer; "
             "print(len(logging.getLogger().handlers))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)

    assert result.stdout.strip() == "0"
