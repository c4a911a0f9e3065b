"""The ticket on paper: printed on a stand-in network printer; paper out keeps it on screen and tells staff."""

import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.ui

ZONE = ZoneInfo("Asia/Shanghai")
MONDAY_MORNING = datetime(2026, 11, 30, 9, 30, tzinfo=ZONE)


@pytest.fixture
def helpers(printing_helpers):
    return printing_helpers


def take_a_number(kiosk):
    kiosk.pass_health_check()
    kiosk.run_until(lambda: len(kiosk.screen("services").ids.tiles.children) == 6)
    tile = next(t for t in kiosk.screen("services").ids.tiles.children if t.overview.service.code == "legal_aid")
    kiosk.tap(tile)
    kiosk.settle("priority")
    kiosk.tap(kiosk.screen("priority").ids.ordinary)
    kiosk.settle("ticket")


def test_a_ticket_is_printed_with_its_signed_qr(start_kiosk, health_clips, helpers, monkeypatch):
    printer = helpers.StandInPrinter()
    try:
        kiosk = start_kiosk(f"[camera]\nsource = {health_clips['green']}\n"
                            f"[printer]\nkind = network\nhost = 127.0.0.1\nport = {printer.port}\n")
        monkeypatch.setattr(kiosk.app, "now", lambda: MONDAY_MORNING)
        take_a_number(kiosk)
        screen = kiosk.screen("ticket")
        kiosk.run_until(lambda: screen.print_text == kiosk.app.t("ticket.printed", "zh_CN"))
        printed = helpers.read_escpos(bytes(printer.received))
        assert printed.cut and printed.chinese_mode_at_first_text
        assert any("C001" in line for line in printed.lines)
        assert any("法律援助申请" in line for line in printed.lines)
        assert printed.qr_payloads == [kiosk.app.visit.qr_payload]
        kiosk.screenshot("ticket-printed-zh_CN-portrait")
        verify = subprocess.run([sys.executable, "-m", "kiosk.admin", "ticket", "verify", printed.qr_payloads[0],
                                 "--data-dir", str(kiosk.data_dir), "--at", MONDAY_MORNING.isoformat()],
                                capture_output=True, text=True, timeout=60)
        assert verify.returncode == 0, verify.stdout + verify.stderr
    finally:
        printer.close()


def test_paper_out_keeps_the_ticket_on_screen_and_tells_staff(start_kiosk, health_clips, helpers, monkeypatch):
    printer = helpers.StandInPrinter(status={1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72})  # the paper has run out
    try:
        kiosk = start_kiosk(f"[camera]\nsource = {health_clips['green']}\n"
                            f"[printer]\nkind = network\nhost = 127.0.0.1\nport = {printer.port}\n")
        monkeypatch.setattr(kiosk.app, "now", lambda: MONDAY_MORNING)
        take_a_number(kiosk)
        screen = kiosk.screen("ticket")
        kiosk.run_until(lambda: screen.print_fault)
        assert screen.ids.number.text == "C001", "the ticket stays on screen"
        assert "纸" in screen.ids.print_status.text
        # Nothing printed: the screen's big number, its QR and what to bring are the ticket.
        kiosk.run_until(lambda: screen.ids.materials.text and screen.ids.materials.height > 0)
        kiosk.pump(5)
        shot = kiosk.screenshot("ticket-paper-out-zh_CN-portrait")
        import cv2
        from pyzbar import pyzbar

        scanned = {code.data.decode() for code in pyzbar.decode(cv2.imread(str(shot), cv2.IMREAD_GRAYSCALE))}
        assert kiosk.app.visit.qr_payload in scanned
        log = (kiosk.data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
        assert "staff called" in log and "paper_out" in log
    finally:
        printer.close()


def test_an_answer_is_printed_with_its_question_and_citations(start_kiosk, helpers):
    printer = helpers.StandInPrinter()
    try:
        kiosk = start_kiosk(f"[printer]\nkind = network\nhost = 127.0.0.1\nport = {printer.port}\n")
        from kiosk.ui.screens.legal import open_answer
        from kiosk.visitor import legal

        kiosk.run_until(lambda: kiosk.app.library is not None, timeout=60)
        answer_id = kiosk.app.act(legal.topics, 8).result()[0].hot[0].id
        open_answer(answer_id)
        kiosk.settle("answer")
        screen = kiosk.screen("answer")
        kiosk.tap(screen.ids.print_answer)
        kiosk.run_until(lambda: screen.print_text == kiosk.app.t("legal.printed", "zh_CN"))
        printed = helpers.read_escpos(bytes(printer.received))
        text = "".join(printed.lines)
        assert screen.answer.question in text and printed.cut
        assert f"《{screen.answer.cites[0].law}》" in text or screen.answer.cites[0].law in text
    finally:
        printer.close()
