"""What was left of issue 15, in large text, both languages and both orientations: the fit check catches
text taller than its label, the pinyin screen explains itself before a key is pressed, the ticket's rating
button is drawn like its neighbour, a product's and a guide's next step is seen or pointed to, and the
counter terminal of a counter not yet set up keeps its heading on its card."""

from __future__ import annotations

import argparse
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from ui_steps import inside_window, misfits, shown

from kiosk.staff.pin import hash_pin

pytestmark = pytest.mark.ui

ZONE = ZoneInfo("Asia/Shanghai")
MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=ZONE)
SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
EVERY_WAY = [(language, orientation) for language in ("zh_CN", "en") for orientation in ("portrait", "landscape")]
PIN = "246810"


def large(language: str) -> str:
    return f"[display]\nlanguage = {language}\nlarge_text = yes\n"


def looked_at(kiosk, name: str, shot: str) -> None:
    """A screenshot to look at, and every label of the screen inside its widget."""
    kiosk.drawn(shot)
    kiosk.screenshot(shot)
    faults = misfits(kiosk.screen(name), kiosk.window.width)
    assert not faults, f"{shot}:\n" + "\n".join(faults)


def test_the_fit_check_catches_text_taller_than_its_label(start_kiosk):
    from kivy.factory import Factory
    from kivy.uix.scrollview import ScrollView

    kiosk = start_kiosk(large("en"), SIZES["landscape"])
    kiosk.settle("home")
    screen = kiosk.screen("home")
    text = "A sentence long enough to take several lines in a narrow label at large text " * 3
    fixed = Factory.KioskLabel(text=text, size_hint=(None, None), size=(400, 60))
    growing = Factory.KioskLabel(text=text, size_hint=(1, None))
    growing.bind(texture_size=lambda label, size: setattr(label, "height", size[1]))
    # Text held to a fixed height: Kivy drops the lines that do not fit, which is as wrong.
    cut = Factory.KioskLabel(text=text.upper(), size_hint=(None, None), size=(400, 60), pos=(0, 200))
    cut.text_size = cut.size
    view = ScrollView(size_hint=(None, None), size=(400, 300), pos=(500, 100))
    view.add_widget(growing)
    for widget in (fixed, cut, view):
        screen.add_widget(widget)
    try:
        kiosk.run_until(lambda: fixed.texture_size[1] > 60 and growing.height == growing.texture_size[1] > 60)
        kiosk.drawn("the three labels")
        faults = misfits(screen, kiosk.window.width)
        assert [fault.split(":")[0] for fault in faults if text[:40].lower() in fault.lower()] \
            == [f"KioskLabel {text[:40]!r}", f"KioskLabel {text.upper()[:40]!r}"], faults
        assert f"text {fixed.texture_size[1]:.0f} px tall in a 60 px widget" in "\n".join(faults)
        assert "px tall cut to 60 px" in "\n".join(faults)
    finally:
        for widget in (fixed, cut, view):
            screen.remove_widget(widget)


@pytest.mark.parametrize(("language", "orientation"), EVERY_WAY)
def test_the_pinyin_screen_explains_itself_before_a_key_is_pressed(start_kiosk, language, orientation):
    kiosk = start_kiosk(large(language), SIZES[orientation])
    kiosk.settle("home")
    kiosk.tap(kiosk.widget("legal", "home"))
    kiosk.settle("legal")
    kiosk.tap(kiosk.widget("pinyin", "legal"))
    kiosk.settle("pinyin")
    screen = kiosk.screen("pinyin")
    how_to, examples = screen.ids.how_to, screen.ids.examples
    kiosk.run_until(lambda: how_to.height > 0 and examples.children, what="the how-to")
    assert shown(how_to) and inside_window(kiosk, how_to)
    assert all(inside_window(kiosk, example) for example in examples.children)
    if orientation == "landscape":  # the results' half, left of the pad, is not left empty
        assert how_to.to_window(how_to.right, 0)[0] <= screen.ids.pad.to_window(screen.ids.pad.x, 0)[0]
    assert kiosk.app.t("pinyin_help.steps", language) == screen.ids.steps.text
    looked_at(kiosk, "pinyin", f"stumbles-pinyin-help-{language}-{orientation}-large")
    # An example types its letters: results come, and the how-to makes way for them.
    first = examples.children[-1]
    kiosk.tap(first)
    results = screen.ids.results
    kiosk.run_until(lambda: screen.code == first.code and not screen.looking and results.children,
                    what=f"results for the example {first.code}")
    kiosk.run_until(lambda: not shown(how_to), what="the how-to gone once letters are typed")
    looked_at(kiosk, "pinyin", f"stumbles-pinyin-example-{language}-{orientation}-large")
    kiosk.tap(screen.ids.pad.children[0])  # clear: the how-to is back
    kiosk.run_until(lambda: not screen.code and shown(how_to), what="the how-to again after clearing")


@pytest.mark.parametrize(("language", "orientation"), EVERY_WAY)
def test_the_rating_button_is_drawn_like_its_neighbour(start_kiosk, monkeypatch, language, orientation):
    from kivy.metrics import dp

    from kiosk.queue.model import DEFAULT_SERVICES

    kiosk = start_kiosk(large(language), SIZES[orientation])
    kiosk.settle("home")
    app = kiosk.app
    monkeypatch.setattr(app, "now", lambda: MONDAY_MORNING)  # inside reception hours
    placed = app.workers.queue.run_now(lambda: app.services.tickets.issue_ticket("consultation", None, app.now()))
    app.visit.service, app.visit.ticket, app.visit.ahead = DEFAULT_SERVICES[0], placed.ticket, 3
    kiosk.show("ticket")
    rate, finished = kiosk.widget("rate", "ticket"), kiosk.widget("finished", "ticket")
    assert rate.height == finished.height >= dp(60)
    assert rate.font_size == finished.font_size
    assert rate.fitted_font_size == finished.fitted_font_size  # its words fit without shrinking
    looked_at(kiosk, "ticket", f"stumbles-ticket-{language}-{orientation}-large")


def next_step_in_sight(kiosk, screen, action, shot: str) -> None:
    """The screen's next step and its QR are on the window, or a cue on the window says they are below
    and a tap on it brings them up."""
    cue = screen.ids.more_below
    kiosk.run_until(lambda: screen.take_away, what="the take-away QR")
    kiosk.drawn(shot)
    if inside_window(kiosk, action) and inside_window(kiosk, screen.ids.qr):
        assert not shown(cue), "no cue when the next step is in sight"
        return
    kiosk.run_until(lambda: shown(cue), what="the cue to the next step")
    assert inside_window(kiosk, cue) and action.text in cue.text
    looked_at(kiosk, screen.name, f"{shot}-cue")
    kiosk.tap(cue)
    kiosk.run_until(lambda: inside_window(kiosk, action) and inside_window(kiosk, screen.ids.qr),
                    what="the next step scrolled into sight")
    kiosk.run_until(lambda: not shown(cue), what="the cue gone once the next step is in sight")
    looked_at(kiosk, screen.name, f"{shot}-scrolled")


@pytest.mark.parametrize(("language", "orientation"), EVERY_WAY)
def test_a_products_and_a_guides_next_step_is_seen_or_pointed_to(start_kiosk, language, orientation):
    from kiosk.visitor import legal
    from kiosk.workorders.products import load_products

    kiosk = start_kiosk(large(language), SIZES[orientation])
    kiosk.settle("home")
    app = kiosk.app
    app.visit.product = load_products()[0]
    kiosk.show("product")
    product = kiosk.screen("product")
    next_step_in_sight(kiosk, product, product.ids.book, f"stumbles-product-{language}-{orientation}-large")
    app.visit.guide = app.act(legal.guide, "legal_aid").result()
    kiosk.show("guide")
    guide = kiosk.screen("guide")
    next_step_in_sight(kiosk, guide, guide.ids.take_number, f"stumbles-guide-{language}-{orientation}-large")


def test_a_counter_not_yet_set_up_keeps_its_heading_on_the_card(start_app, monkeypatch):
    terminal = start_app("kiosk.ui.counter.app:CounterApp", f"[staff]\npin_hash = {hash_pin(PIN)}\n",
                         (1280, 800), options=argparse.Namespace(counter="1"))
    monkeypatch.setattr(terminal.app, "now", lambda: MONDAY_MORNING)
    pad = terminal.screen("sign_in")
    terminal.type_digits(pad.ids.pad, PIN)
    terminal.tap(pad.ids.ok)
    terminal.settle("terminal")
    screen = terminal.screen("terminal")
    terminal.run_until(lambda: terminal.app.view is not None and not screen.set_up, what="the counter's view")
    card, heading = screen.ids.ticket_card, screen.ids.in_hand
    for language in ("zh_CN", "en"):
        terminal.app.language = language
        terminal.run_until(lambda language=language: screen.state == terminal.app.t(
            "counter.not_set_up", language, counter="1"), what="the set-up message")
        terminal.drawn(f"the terminal in {language}")
        terminal.screenshot(f"stumbles-counter-not-set-up-{language}-1280x800")
        assert card.y <= heading.y and heading.top <= card.top - card.padding[1], language
        faults = misfits(screen, terminal.window.width)
        assert not faults, "\n".join(faults)
