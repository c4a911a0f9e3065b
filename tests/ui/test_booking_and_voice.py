"""Booking another day straight from home (no health check), and the 朗读 button with a real espeak-ng."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import cv2
import pytest
from pyzbar import pyzbar
from ui_steps import overflowing, shown

from kiosk.foundation.i18n import day_text
from kiosk.printing import booking_bytes
from kiosk.visitor.printouts import booking_printout

pytestmark = pytest.mark.ui

ZONE = ZoneInfo("Asia/Shanghai")
MONDAY_MORNING = datetime(2026, 11, 30, 9, 30, tzinfo=ZONE)
PORTRAIT, LANDSCAPE = (1080, 1920), (1920, 1080)


def fits(kiosk, screen: str, shot: str) -> None:
    """A screenshot to look at, and no label of the screen wider or taller than its box."""
    kiosk.drawn(shot)
    kiosk.screenshot(shot)
    assert not overflowing(kiosk.screen(screen), kiosk.window), shot


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_booking_from_home_needs_no_health_check_and_ends_with_the_code_qr_and_slip(start_kiosk, tmp_path,
                                                                                     monkeypatch, language):
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    kiosk = start_kiosk(f"[display]\nlanguage = {language}\nlarge_text = yes\n"
                        f"[printer]\nkind = file\ndevice = {device}\n")
    monkeypatch.setattr(kiosk.app, "now", lambda: MONDAY_MORNING)
    app = kiosk.app
    t = lambda key, **fields: app.t(key, language, **fields)  # noqa: E731

    kiosk.tap(kiosk.widget("book", "home"))
    kiosk.settle("appointment")
    assert app.history == ["home"], "straight to booking: the health check is on the day"
    screen = kiosk.screen("appointment")
    kiosk.run_until(lambda: len(screen.ids.choices.children) == 6)
    fits(kiosk, "appointment", f"booking-1-service-{language}-portrait-large")
    notarisation = next(tile for tile in screen.ids.choices.children if tile.service.code == "notarisation")
    kiosk.tap(notarisation)
    kiosk.run_until(lambda: screen.step == "day" and screen.ids.choices.children)
    kiosk.settle("appointment")
    first_day = screen.ids.choices.children[-1]
    assert first_day.text == day_text(first_day.day, language) == ("12月1日 周二" if language == "zh_CN"
                                                                    else "Tue 1 Dec")
    fits(kiosk, "appointment", f"booking-2-day-{language}-portrait-large")
    kiosk.tap(first_day)
    kiosk.run_until(lambda: screen.step == "slot" and screen.ids.choices.children)
    kiosk.settle("appointment")
    fits(kiosk, "appointment", f"booking-3-time-{language}-portrait-large")
    kiosk.tap(screen.ids.choices.children[-1])

    # Nothing is booked before the visitor has seen service, day and time together.
    kiosk.run_until(lambda: screen.step == "confirm")
    kiosk.drawn("the confirmation")
    assert app.workers.queue.run_now(lambda: app.services.appointments.free_slots(
        "notarisation", first_day.day, MONDAY_MORNING))[0].left == screen.slot.left
    assert screen.ids.confirm_service.text == t("booking.service", service=notarisation.title)
    assert screen.ids.confirm_when.text == t("booking.when", when=f"{day_text(first_day.day, language)} 09:00-09:30")
    assert shown(screen.ids.confirm) and not screen.ids.choices.children
    fits(kiosk, "appointment", f"booking-4-confirm-{language}-portrait-large")
    kiosk.resize(LANDSCAPE)
    fits(kiosk, "appointment", f"booking-4-confirm-{language}-landscape-large")
    kiosk.resize(PORTRAIT)
    kiosk.tap(screen.ids.confirm)

    kiosk.run_until(lambda: screen.step == "booked")
    kiosk.drawn("the booking code")
    booked = screen.booked
    assert screen.ids.booked_code.text == booked.code and len(booked.code) == 6
    assert screen.ids.booked_code.font_size >= 2.5 * screen.ids.booked_when.font_size, "the code is large"
    assert screen.ids.booked_when.text == f"{day_text(first_day.day, language)} 09:00-09:30"
    for orientation, size in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
        kiosk.resize(size)
        kiosk.pump(3)
        shot = kiosk.screenshot(f"booking-5-code-{language}-{orientation}-large")
        assert not overflowing(screen, kiosk.window), orientation
        scanned = {code.data.decode() for code in pyzbar.decode(cv2.imread(str(shot), cv2.IMREAD_GRAYSCALE))}
        assert booked.qr_payload in scanned, f"the booking QR scans off the {orientation} screen"

    kiosk.tap(screen.ids.print_slip)
    kiosk.run_until(lambda: screen.print_text)
    assert screen.print_text == t("legal.printed")
    assert device.read_bytes() == booking_bytes(booking_printout(booked, screen.service, app.settings, language), 80)

    # The appointment check-in is as it was: the code gives a priority ticket on the day (its own test).
    kiosk.app.forget_visitor()
    kiosk.settle("home")
    assert screen.step == "service" and screen.booked is None


def answer_on_screen(kiosk):
    from kiosk.visitor import legal

    kiosk.run_until(lambda: kiosk.app.library is not None)
    kiosk.app.visit.answer = kiosk.app.act(legal.answer, "tenancy-rent-relief-epidemic").result()
    kiosk.app.go("answer")
    kiosk.settle("answer")
    return kiosk.screen("answer")


def test_read_aloud_reads_the_answer_and_one_tap_stops_it(start_kiosk, tmp_path):
    heard = tmp_path / "heard.wav"
    # The player is a real process that takes espeak-ng's WAV into a file, then plays on for a minute.
    kiosk = start_kiosk(f"[read_aloud]\nplayer = sh -c 'cat > {heard}; sleep 60'\n")
    voice = kiosk.app.voice
    kiosk.run_until(lambda: voice.offered)
    screen = answer_on_screen(kiosk)
    button = screen.ids.read_aloud
    assert shown(button) and button.text == "朗读"
    assert button.read.startswith(screen.ids.question.text)
    fits(kiosk, "answer", "read-aloud-answer-zh_CN-portrait")

    kiosk.tap(button)
    kiosk.run_until(lambda: voice.reader.speaking and heard.is_file() and heard.stat().st_size > 10_000)
    assert heard.read_bytes()[:4] == b"RIFF", "espeak-ng's speech reached the player"
    assert button.text == "停止朗读"
    fits(kiosk, "answer", "read-aloud-speaking-zh_CN-portrait")
    kiosk.tap(button)
    kiosk.run_until(lambda: not voice.reader.speaking and voice.owner is None)
    assert button.text == "朗读"

    # Leaving the screen stops it too.
    heard.unlink()
    kiosk.tap(button)
    kiosk.run_until(lambda: voice.reader.speaking and heard.is_file())
    kiosk.app.go_back()
    kiosk.run_until(lambda: not voice.reader.speaking and voice.owner is None)

    # In English, in large text and landscape; the idle reset stops it.
    kiosk.app.language, kiosk.app.large_text = "en", True
    kiosk.resize(LANDSCAPE)
    kiosk.app.go("answer")
    kiosk.settle("answer")
    assert button.text == "Read aloud"
    heard.unlink()
    kiosk.tap(button)
    kiosk.run_until(lambda: voice.reader.speaking and heard.is_file() and heard.stat().st_size > 10_000)
    assert button.text == "Stop reading"
    fits(kiosk, "answer", "read-aloud-speaking-en-landscape-large")
    kiosk.app.forget_visitor()
    kiosk.run_until(lambda: not voice.reader.speaking and voice.owner is None)


def test_the_button_is_on_guides_tickets_and_refusals_with_their_main_text(start_kiosk):
    from kiosk.queue.model import DEFAULT_SERVICES, refusal
    from kiosk.visitor import legal

    kiosk = start_kiosk()
    app = kiosk.app
    kiosk.run_until(lambda: app.voice.offered and app.library is not None)
    app.visit.guide = app.act(legal.guide, "notarisation").result()
    placed = app.workers.queue.run_now(lambda: app.services.tickets.issue_ticket("legal_aid", None, MONDAY_MORNING))
    app.visit.service = next(s for s in DEFAULT_SERVICES if s.code == "legal_aid")
    app.visit.ticket, app.visit.ahead = placed.ticket, 2
    app.visit.refusal = refusal("day_full", app.visit.service)
    for language, size in (("zh_CN", PORTRAIT), ("en", LANDSCAPE)):
        app.language, app.large_text = language, language == "en"
        kiosk.resize(size)
        for name, main in (("guide", "body"), ("ticket", "number"), ("refusal", "message")):
            app.go(name)
            kiosk.settle(name)
            screen = kiosk.screen(name)
            button = screen.ids.read_aloud
            assert shown(button) and button.text == app.t("voice.read", language), name
            main_text = screen.ids[main].text
            assert main_text and main_text.split("[/b]")[-1].strip()[:10] in button.read, name
            assert "[b]" not in button.read, "markup is not read out"
            header_bottom = kiosk.window.height - screen.children[0].children[-1].height
            assert button.to_window(button.x, button.top)[1] <= header_bottom + 1, f"{name}: under the header"
            if name == "ticket":
                number = screen.ids.number
                assert number.to_window(number.x, number.top)[1] <= header_bottom, "the ticket stays under the header"
            fits(kiosk, name, f"read-aloud-{name}-{language}-{'portrait' if size == PORTRAIT else 'landscape'}"
                              f"{'-large' if app.large_text else ''}")


def test_no_sound_device_is_said_on_the_button_and_the_screen_goes_on(start_kiosk):
    kiosk = start_kiosk("[read_aloud]\nplayer = sh -c 'cat > /dev/null; echo no sound card >&2; exit 1'\n")
    kiosk.run_until(lambda: kiosk.app.voice.offered)
    screen = answer_on_screen(kiosk)
    kiosk.tap(screen.ids.read_aloud)
    kiosk.run_until(lambda: kiosk.app.voice.unheard)
    assert screen.ids.read_aloud.text == "本机暂时不能发声，请看屏幕"
    assert kiosk.app.root.current == "answer" and shown(screen.ids.body)
    kiosk.app.go_back()
    kiosk.settle("home")
    assert not kiosk.app.voice.unheard


@pytest.mark.parametrize("why", ["not offered", "no espeak-ng"])
def test_without_a_voice_the_button_is_not_shown(start_kiosk, monkeypatch, why):
    if why == "no espeak-ng":
        monkeypatch.setattr("kiosk.display.reader.ESPEAK", "espeak-ng-not-installed")
    kiosk = start_kiosk("[read_aloud]\noffered = no\n" if why == "not offered" else "")
    screen = answer_on_screen(kiosk)
    kiosk.run_until(lambda: kiosk.background.pending == 0)
    assert not kiosk.app.voice.offered
    assert not shown(screen.ids.read_aloud) and screen.ids.read_aloud.disabled


def test_staff_switch_the_button_off_and_turn_the_volume_down(start_kiosk, tmp_path):
    kiosk = start_kiosk(f"[read_aloud]\nplayer = sh -c 'cat > {tmp_path / 'heard.wav'}'\n")
    app, voice = kiosk.app, kiosk.app.voice
    kiosk.run_until(lambda: voice.offered)
    kiosk.show("staff_policy")
    page = kiosk.screen("staff_policy")
    kiosk.run_until(lambda: page.ids.read_aloud__volume__value.text == "100")
    switch_off = next(toggle for toggle in page.ids.read_aloud__offered.children if toggle.value == "no")
    assert switch_off.text == "不显示"
    kiosk.tap(switch_off)
    kiosk.run_until(lambda: not app.settings.read_aloud.offered and not kiosk.background.pending)
    for _ in range(4):
        kiosk.tap(page.ids.read_aloud__volume__less)
    assert page.ids.read_aloud__volume__value.text == "60"
    kiosk.tap(page.ids.read_aloud__volume__save)
    kiosk.run_until(lambda: app.settings.read_aloud.volume == 60)
    fits(kiosk, "staff_policy", "read-aloud-staff-policy-zh_CN-portrait")
    assert voice.offered, "nothing changes under a visitor's finger: the next screen takes it up"

    screen = answer_on_screen(kiosk)
    assert not voice.offered and not shown(screen.ids.read_aloud) and voice.reader.volume == 60

