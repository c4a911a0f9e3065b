"""No dead ends: every end screen offers the next step, in both languages, portrait and landscape with
large text. Each test looks at its screens (screenshots) and checks that no label runs over its box."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import cv2
import pytest
from ui_steps import overflowing, shown

from kiosk.health.decoder import decode_frame
from kiosk.staff.pin import hash_pin

pytestmark = pytest.mark.ui

ZONE = ZoneInfo("Asia/Shanghai")
MONDAY_MORNING = datetime(2026, 11, 30, 9, 30, tzinfo=ZONE)
PIN = "24681357"
PORTRAIT, LANDSCAPE = (1080, 1920), (1920, 1080)
# Chinese in portrait at normal size; English in landscape with large text.
VARIANTS = [pytest.param("zh_CN", PORTRAIT, False, id="zh_CN-portrait"),
            pytest.param("en", LANDSCAPE, True, id="en-landscape-large")]


def start(start_kiosk, monkeypatch, language, size, large, config=""):
    kiosk = start_kiosk(f"[display]\nlanguage = {language}\nlarge_text = {'yes' if large else 'no'}\n{config}", size)
    monkeypatch.setattr(kiosk.app, "now", lambda: MONDAY_MORNING)
    return kiosk


def name(what, language, size, large) -> str:
    return f"{what}-{language}-{'portrait' if size == PORTRAIT else 'landscape'}{'-large' if large else ''}"


def look(kiosk, shot_name):
    """Screenshot the screen as it is now, and check no label spills over its box."""
    kiosk.pump(3)
    shot = kiosk.screenshot(shot_name)
    problems = overflowing(kiosk.screen(), kiosk.window)
    assert not problems, f"{shot_name}:\n" + "\n".join(problems)
    return shot


def bring_into_view(kiosk, widget):
    """Scroll ``widget``'s scroll view until it is on screen, as a visitor's finger would."""
    view = widget.parent
    while not hasattr(view, "scroll_to"):
        view = view.parent

    def in_view() -> bool:
        _, bottom = widget.to_window(widget.x, widget.y)
        _, top = widget.to_window(widget.x, widget.top)
        if view.to_window(view.x, view.y)[1] - 1 <= bottom and top <= view.to_window(view.x, view.top)[1] + 1:
            return True
        view.scroll_to(widget, padding=10, animate=False)
        return False

    kiosk.run_until(in_view, what="the widget scrolled into view")
    kiosk.drawn("the widget in view")


def scanned(path) -> list[str]:
    """The QR codes a phone would read off the screenshot, by the kiosk's own decoder."""
    return [found.text for found in decode_frame(cv2.imread(str(path)), fallback=True)]


def through_the_health_check_to(kiosk, screen):
    """A green code, the mask confirmed, then on to ``screen``."""
    kiosk.settle("mask")
    kiosk.tap(kiosk.screen("mask").ids.mask_confirm)
    kiosk.tap(kiosk.screen("mask").ids.go_on)
    kiosk.settle(screen)


@pytest.mark.parametrize(("language", "size", "large"), VARIANTS)
def test_the_camera_screen_offers_staff_help_from_the_start(start_kiosk, monkeypatch, tmp_path, language, size,
                                                            large):
    import numpy as np

    from kiosk.demo.phone_screen import write_clip

    empty = write_clip(tmp_path / "empty.avi", [np.full((480, 640, 3), 100, np.uint8)] * 60)
    kiosk = start(start_kiosk, monkeypatch, language, size, large,
                  f"[camera]\nsource = {empty}\n[staff]\npin_hash = {hash_pin(PIN)}\n")
    kiosk.tap(kiosk.widget("take_number", "home"))
    screen = kiosk.screen("health_check")
    kiosk.run_until(lambda: screen.ids.camera.texture is not None)
    kiosk.settle("health_check")
    assert screen.state in ("looking", "hint") and screen.decision is None
    help_button = screen.ids.staff_help
    assert shown(help_button) and not help_button.disabled and help_button.height >= 60
    assert help_button.text == kiosk.app.t("next.no_code_help", language)
    look(kiosk, name("health-check-staff-help", language, size, large))

    kiosk.tap(help_button)
    kiosk.settle("staff_pin")
    assert screen.ids.camera.texture is None, "the camera stops while staff look"
    kiosk.type_digits(kiosk.screen("staff_pin").ids.pad, PIN)
    kiosk.tap(kiosk.screen("staff_pin").ids.ok)
    kiosk.settle("mask")
    assert kiosk.app.visit.health_decision.source == "staff"
    log = (kiosk.data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "staff called" in log and "without a health code" in log


@pytest.mark.parametrize(("language", "size", "large"), VARIANTS)
def test_a_guide_ends_with_a_number_for_its_service_and_a_qr_to_take_away(start_kiosk, monkeypatch, health_clips,
                                                                           language, size, large):
    kiosk = start(start_kiosk, monkeypatch, language, size, large, f"[camera]\nsource = {health_clips['green']}\n")
    kiosk.tap(kiosk.widget("guides", "home"))
    kiosk.run_until(lambda: len(kiosk.screen("guides").ids.tiles.children) == 6, timeout=60)
    kiosk.settle("guides")
    tile = next(t for t in kiosk.screen("guides").ids.tiles.children if t.guide.service == "notarisation")
    kiosk.tap(tile)
    kiosk.settle("guide")
    guide = kiosk.screen("guide")
    assert guide.take_away.startswith(tile.title)
    bring_into_view(kiosk, guide.ids.qr)
    shot = look(kiosk, name("guide-next-step", language, size, large))
    assert guide.take_away in scanned(shot), "the guide's QR scans off the screen"
    bring_into_view(kiosk, guide.ids.take_number)
    assert guide.ids.take_number.text == kiosk.app.t("next.take_number", language)

    kiosk.tap(guide.ids.take_number)
    through_the_health_check_to(kiosk, "priority")
    assert kiosk.app.visit.service.code == "notarisation", "straight to the guide's service"
    kiosk.tap(kiosk.screen("priority").ids.ordinary)
    kiosk.settle("ticket")
    assert kiosk.app.visit.ticket.service == "notarisation"


@pytest.mark.parametrize(("language", "size", "large"), VARIANTS)
def test_the_self_check_result_offers_a_number_for_legal_aid_its_guide_and_the_remote_channels(
        start_kiosk, monkeypatch, health_clips, language, size, large):
    kiosk = start(start_kiosk, monkeypatch, language, size, large, f"[camera]\nsource = {health_clips['green']}\n")
    kiosk.tap(kiosk.widget("legal", "home"))
    kiosk.settle("legal")
    kiosk.tap(kiosk.widget("legal_aid_check", "legal"))
    kiosk.settle("legal_aid_check")
    check = kiosk.screen("legal_aid_check")
    domestic_violence = next(b for b in check.ids.options.children if b.option == "domestic_violence")
    kiosk.tap(domestic_violence)
    kiosk.run_until(lambda: check.result and check.materials_text)
    for button in ("take_number", "open_guide", "remote"):
        assert shown(check.ids[button]) and not check.ids[button].disabled
    bring_into_view(kiosk, check.ids.remote)
    look(kiosk, name("aid-check-next-steps", language, size, large))

    kiosk.tap(check.ids.open_guide)
    kiosk.settle("guide")
    assert kiosk.screen("guide").guide.service == "legal_aid"
    kiosk.app.go_back()
    kiosk.settle("legal_aid_check")
    kiosk.tap(next(b for b in check.ids.options.children if b.option == "domestic_violence"))
    kiosk.run_until(lambda: check.result)
    bring_into_view(kiosk, check.ids.remote)
    kiosk.tap(check.ids.remote)
    kiosk.settle("remote")
    kiosk.app.go_back()
    kiosk.settle("legal_aid_check")
    kiosk.tap(next(b for b in check.ids.options.children if b.option == "domestic_violence"))
    kiosk.run_until(lambda: check.result)
    bring_into_view(kiosk, check.ids.take_number)
    kiosk.tap(check.ids.take_number)
    through_the_health_check_to(kiosk, "priority")
    assert kiosk.app.visit.service.code == "legal_aid"


@pytest.mark.parametrize(("language", "size", "large"), VARIANTS)
def test_an_answer_offers_a_number_for_consultation_says_there_is_no_printer_and_its_qr_scans(
        start_kiosk, monkeypatch, health_clips, language, size, large):
    from kiosk.ui.screens.legal import open_answer

    kiosk = start(start_kiosk, monkeypatch, language, size, large, f"[camera]\nsource = {health_clips['green']}\n")
    kiosk.run_until(lambda: kiosk.app.library is not None, timeout=60)
    open_answer("labour-severance")  # the longest: in English its QR holds the key points
    kiosk.settle("answer")
    screen = kiosk.screen("answer")
    assert screen.ids.take_number.text == kiosk.app.t("next.take_number_consultation", language)
    assert not shown(screen.ids.print_answer), "no printer: no print button to tap in vain"
    assert screen.ids.print_status.text == kiosk.app.t("next.no_printer", language)
    if not screen.take_away_whole:
        assert kiosk.app.t("next.key_points_screen", language) in screen.ids.take_away_text.text
        assert kiosk.app.t("next.qr_full_on_screen", language) in screen.take_away
    bring_into_view(kiosk, screen.ids.qr)
    shot = look(kiosk, name("answer-next-step", language, size, large))
    assert screen.take_away in scanned(shot)

    bring_into_view(kiosk, screen.ids.take_number)
    kiosk.tap(screen.ids.take_number)
    through_the_health_check_to(kiosk, "priority")
    assert kiosk.app.visit.service.code == "consultation"


def test_with_a_printer_the_print_button_is_offered(start_kiosk, monkeypatch):
    from kiosk.ui.screens.legal import open_answer

    kiosk = start(start_kiosk, monkeypatch, "zh_CN", PORTRAIT, False,
                  "[printer]\nkind = network\nhost = 127.0.0.1\nport = 9\n")
    kiosk.run_until(lambda: kiosk.app.library is not None, timeout=60)
    open_answer("labour-severance")
    kiosk.settle("answer")
    screen = kiosk.screen("answer")
    assert shown(screen.ids.print_answer) and screen.ids.print_status.text == ""


@pytest.mark.parametrize(("language", "size", "large"), VARIANTS)
def test_a_full_day_offers_the_next_free_slot_the_remote_channels_and_a_call_back_on_one_screen(
        start_kiosk, monkeypatch, health_clips, language, size, large):
    kiosk = start(start_kiosk, monkeypatch, language, size, large, f"[camera]\nsource = {health_clips['green']}\n")

    def fill_the_day(services):
        services.centre.set_service("mediation", "test", MONDAY_MORNING, daily_capacity=1)
        services.tickets.issue_ticket("mediation", None, MONDAY_MORNING, request_id="earlier visitor")

    kiosk.app.workers.queue.run_now(lambda: fill_the_day(kiosk.app.services))
    kiosk.app.take_number("ticket", service="mediation")
    through_the_health_check_to(kiosk, "refusal")
    screen = kiosk.screen("refusal")
    kiosk.run_until(lambda: screen.slot is not None)
    kiosk.drawn("the free slot")
    suggestions = {button.suggestion for button in screen.ids.suggestions.children}
    assert suggestions == {"appointment", "remote_channels", "callback"}
    assert shown(screen.ids.book_slot) and not shown(screen.ids.no_slot)
    assert screen.slot.start.date() == MONDAY_MORNING.date() + timedelta(days=1), "today is full"
    assert "09:00" in screen.ids.book_slot.text
    look(kiosk, name("refusal-next-slot", language, size, large))

    slot = screen.slot
    kiosk.tap(screen.ids.book_slot)
    kiosk.run_until(lambda: screen.booked is not None)
    assert screen.booked.window_start == slot.start and screen.booked.service == "mediation"
    assert screen.ids.booked_code.text == screen.booked.code and not shown(screen.ids.book_slot)
    bring_into_view(kiosk, screen.ids.booked_qr)
    shot = look(kiosk, name("refusal-booked", language, size, large))
    assert screen.booked.qr_payload in scanned(shot)
    callback = next(b for b in screen.ids.suggestions.children if b.suggestion == "callback")
    bring_into_view(kiosk, callback)
    kiosk.tap(callback)
    kiosk.settle("order_consent")


@pytest.mark.parametrize(("language", "size", "large"), VARIANTS)
def test_without_a_printer_the_ticket_is_its_big_number_qr_and_list_on_screen(
        start_kiosk, monkeypatch, health_clips, language, size, large):
    kiosk = start(start_kiosk, monkeypatch, language, size, large, f"[camera]\nsource = {health_clips['green']}\n")
    kiosk.app.take_number("ticket", service="consultation")
    through_the_health_check_to(kiosk, "priority")
    kiosk.tap(kiosk.screen("priority").ids.ordinary)
    kiosk.settle("ticket")
    screen = kiosk.screen("ticket")
    kiosk.run_until(lambda: screen.print_text == kiosk.app.t("ticket.no_printer", language))
    kiosk.settle("ticket")
    assert shown(screen.ids.number) and shown(screen.ids.materials)
    shot = look(kiosk, name("ticket-no-printer", language, size, large))
    assert kiosk.app.visit.qr_payload in scanned(shot)
