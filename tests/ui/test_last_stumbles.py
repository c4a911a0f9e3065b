"""The last stumbles of an elderly visitor (issue 15): the call-back's urgency question never hidden below the
fold, home labels at their large-text size, Back through the booking steps, the staff policy page titled for
what is on it, the calculator's QR never cut silently, and the idle timeout's default with its warning."""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import cv2
import pytest
from pyzbar import pyzbar
from ui_steps import inside_window, into_view, overflowing, shown

pytestmark = pytest.mark.ui

ZONE = ZoneInfo("Asia/Shanghai")
MONDAY_MORNING = datetime(2026, 11, 30, 9, 30, tzinfo=ZONE)
PORTRAIT, LANDSCAPE = (1080, 1920), (1920, 1080)
SIZES = {"portrait": PORTRAIT, "landscape": LANDSCAPE}
EVERY_WAY = [(language, orientation) for language in ("zh_CN", "en") for orientation in ("portrait", "landscape")]
# A label on home may give up this much of its large-text size to fit its button, and no more.
HOME_LABEL_RATIO = 0.85


def large(language: str, extra: str = "") -> str:
    return f"[display]\nlanguage = {language}\nlarge_text = yes\n{extra}"


def seen(kiosk, screen: str, shot: str) -> None:
    """A screenshot to look at, and no label of the screen wider or taller than its box."""
    kiosk.drawn(shot)
    kiosk.screenshot(shot)
    assert not overflowing(kiosk.screen(screen), kiosk.window), shot


@pytest.mark.parametrize(("language", "orientation"), EVERY_WAY)
def test_the_urgency_question_is_seen_or_a_cue_points_to_it(start_kiosk, language, orientation):
    kiosk = start_kiosk(large(language), SIZES[orientation])
    kiosk.tap(kiosk.widget("contact", "home"))
    kiosk.settle("order_consent")
    kiosk.tap(kiosk.widget("agree", "order_consent"))
    kiosk.settle("order_matter")
    screen = kiosk.screen("order_matter")
    kiosk.run_until(lambda: screen.ids.urgencies.children and screen.ids.matters.children)
    kiosk.drawn("the matter screen")
    seen(kiosk, "order_matter", f"stumbles-order-matter-{language}-{orientation}-large")
    heading, cue = screen.ids.urgency_heading, screen.ids.more_below
    if inside_window(kiosk, heading) and all(inside_window(kiosk, tile) for tile in screen.ids.urgencies.children):
        assert not shown(cue), "no cue when the question is in sight"
        return
    # Below the fold: a cue says there is one more question, in words, and a tap brings it into view.
    assert shown(cue) and inside_window(kiosk, cue)
    assert cue.text.endswith(kiosk.app.t("workorder.urgency", language))
    kiosk.tap(cue)
    kiosk.run_until(lambda: inside_window(kiosk, heading)
                    and all(inside_window(kiosk, tile) for tile in screen.ids.urgencies.children))
    kiosk.run_until(lambda: not shown(cue), what="the cue gone once the question is in sight")
    seen(kiosk, "order_matter", f"stumbles-order-matter-{language}-{orientation}-large-scrolled")


@pytest.mark.parametrize(("language", "orientation"), EVERY_WAY)
def test_every_home_label_keeps_its_large_text_size(start_kiosk, language, orientation):
    from kiosk.ui.widgets import BigButton

    kiosk = start_kiosk(large(language), SIZES[orientation])
    home = kiosk.screen("home")
    kiosk.drawn("home")
    seen(kiosk, "home", f"stumbles-home-{language}-{orientation}-large")
    buttons = [widget for widget in home.walk(restrict=True) if isinstance(widget, BigButton)]
    assert len(buttons) == 8
    shrunk = [f"{button.text!r} at {button.fitted_font_size / button.font_size:.0%}" for button in buttons
              if button.fitted_font_size < HOME_LABEL_RATIO * button.font_size - 0.5]
    assert not shrunk, f"home labels shrunk below {HOME_LABEL_RATIO:.0%} of large text: {shrunk}"
    below = [f"{button.text!r} from {button.to_window(0, button.y)[1]:.0f} px" for button in buttons
             if not inside_window(kiosk, button)]
    assert not below, f"entries below the fold: {below}"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_back_steps_through_the_booking_keeping_each_choice(start_kiosk, monkeypatch, language):
    kiosk = start_kiosk(large(language))
    monkeypatch.setattr(kiosk.app, "now", lambda: MONDAY_MORNING)
    app = kiosk.app
    kiosk.tap(kiosk.widget("book", "home"))
    kiosk.settle("appointment")
    screen = kiosk.screen("appointment")
    back = next(widget for widget in screen.walk(restrict=True)
                if getattr(widget, "text", None) == app.t("common.back", language))
    kiosk.run_until(lambda: len(screen.ids.choices.children) == 6)
    kiosk.tap(next(tile for tile in screen.ids.choices.children if tile.service.code == "notarisation"))
    kiosk.run_until(lambda: screen.step == "day" and screen.ids.choices.children)
    day = screen.ids.choices.children[-2]
    kiosk.tap(day)
    kiosk.run_until(lambda: screen.step == "slot" and screen.ids.choices.children)
    slot = screen.ids.choices.children[-3]
    kiosk.tap(slot)
    kiosk.run_until(lambda: screen.step == "confirm")

    def marked(step: str):
        kiosk.run_until(lambda: screen.step == step and screen.ids.choices.children and not kiosk.background.pending)
        kiosk.drawn(f"back at {step}")
        chosen = [widget for widget in screen.ids.choices.children if widget.chosen]
        assert len(chosen) == 1, step
        return chosen[0]

    kiosk.tap(back)
    assert app.root.current == "appointment"
    again = marked("slot")
    assert again.slot.start == slot.slot.start and again.text.startswith("✓ ")
    seen(kiosk, "appointment", f"stumbles-booking-back-to-time-{language}-portrait-large")
    kiosk.tap(back)
    assert marked("day").day == day.day and screen.service.code == "notarisation"
    kiosk.resize(LANDSCAPE)
    seen(kiosk, "appointment", f"stumbles-booking-back-to-day-{language}-landscape-large")
    kiosk.tap(back)
    service = marked("service")
    assert service.service.code == "notarisation" and service.title.startswith("✓ ")
    assert screen.day == day.day and screen.slot.start == slot.slot.start, "the earlier choices are kept"
    seen(kiosk, "appointment", f"stumbles-booking-back-to-service-{language}-landscape-large")

    # The same service again: its day and time are still chosen, and the booking goes on from them.
    kiosk.tap(service)
    assert marked("day").day == day.day
    kiosk.tap(back)
    marked("service")
    kiosk.tap(back)  # before the first step: the screen before the booking
    kiosk.settle("home")
    assert screen.step == "service" and screen.service is None


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_staff_policy_title_names_the_read_aloud_settings_too(start_kiosk, language):
    kiosk = start_kiosk(large(language))
    kiosk.show("staff_policy")
    title = kiosk.app.t("staff.policy", language)
    assert ("朗读" if language == "zh_CN" else "voice") in title
    page = kiosk.screen("staff_policy")
    assert any(getattr(widget, "text", None) == title for widget in page.walk(restrict=True))
    assert "read_aloud__volume__value" in page.ids and "display__idle_timeout__value" in page.ids
    seen(kiosk, "staff_policy", f"stumbles-staff-policy-{language}-portrait-large")


@pytest.mark.parametrize(("language", "orientation"), EVERY_WAY)
def test_a_long_calculation_s_qr_says_it_holds_the_key_points_and_scans(start_kiosk, monkeypatch, language,
                                                                        orientation):
    from kiosk.foundation.i18n import translate

    kiosk = start_kiosk(large(language), SIZES[orientation])
    monkeypatch.setattr(kiosk.app, "now", lambda: MONDAY_MORNING)
    kiosk.app.visit.calculator = "severance"
    kiosk.app.visit.calculator_preset = {"start": "2019-03-01", "end": "2025-11-30", "monthly_wage": "8000"}
    kiosk.app.go("calculator")
    kiosk.settle("calculator")
    screen = kiosk.screen("calculator")
    into_view(kiosk, screen.ids.calculate, "the calculate button")
    kiosk.tap(screen.ids.calculate)
    kiosk.run_until(lambda: screen.take_away and not kiosk.background.pending)
    # Severance's working with its checks is too long for a code that scans at the screen's size.
    assert not screen.take_away_whole
    assert translate("calc_qr.full_on_screen", language) in screen.take_away
    assert screen.computed.result.headline(language) in screen.take_away
    assert kiosk.app.t("calc_qr.key_points_screen", language) in screen.ids.take_away_text.text
    into_view(kiosk, screen.ids.qr, "the QR")
    shot = kiosk.screenshot(f"stumbles-calculator-qr-{language}-{orientation}-large")
    assert not overflowing(screen, kiosk.window)
    read = {code.data.decode() for code in pyzbar.decode(cv2.imread(str(shot), cv2.IMREAD_GRAYSCALE))}
    assert screen.take_away in read, "the QR scans off the screen"


def test_the_idle_default_leaves_time_to_read_and_then_to_answer_the_warning(start_app):
    from kiosk.ui.app import idle_warning_seconds

    kiosk = start_app("kiosk.ui.app:KioskApp", "")  # the shipped default, not the tests' patient hour
    app = kiosk.app
    timeout = app.settings.display.idle_timeout
    assert timeout == 120
    warning = idle_warning_seconds(timeout)
    assert timeout - warning >= 90 and warning >= 20, "a minute and a half to read, then time to tap"
    kiosk.tap(kiosk.widget("guides", "home"))
    kiosk.settle("guides")
    app.last_activity = time.monotonic() - (timeout - warning) + 3
    kiosk.let_time_pass(1.5)  # the idle check runs every second: it must not ask yet
    assert not app._idle_warning.showing
    app.last_activity = time.monotonic() - (timeout - warning) - 1
    kiosk.run_until(lambda: app._idle_warning.showing)
    assert app._idle_warning.seconds_left >= warning - 2
