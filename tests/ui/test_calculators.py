"""Calculators by finger: from the legal lookup and from the severance answer, a severance tapped through
with real numbers and checked against the core, bad input, and screenshots in both languages."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from ui_steps import overflowing

from kiosk.calculators import severance

pytestmark = pytest.mark.ui

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=ZONE)  # the pickers start on this day


def tap_in_view(kiosk, screen, widget) -> None:
    """Scroll ``widget`` into the screen's view as a visitor would, then tap it once."""
    scroll = screen.ids.scroll
    seen = []

    def in_view() -> bool:
        x, y = widget.to_window(*widget.center)
        left, bottom = scroll.to_window(*scroll.pos)
        return (left <= x <= left + scroll.width
                and bottom + widget.height / 2 <= y <= bottom + scroll.height - widget.height / 2)

    def settled_in_view() -> bool:
        # The viewport moves a frame after scroll_y changes: tap once the widget stays put inside the view.
        seen.append(widget.to_window(*widget.center))
        return len(seen) > 1 and seen[-1] == seen[-2] and in_view()

    if not in_view():
        # Only then: on a page that fits the screen, Kivy's scroll_to sets scroll_y to 0 all the same
        # (ScrollView.convert_distance_to_scroll), and the page bounces as no visitor could make it.
        scroll.scroll_to(widget, padding=20, animate=False)
    kiosk.run_until(settled_in_view, what="the widget scrolled into view")
    kiosk.tap(widget)
    # A ScrollView hands a tap's release to the button a moment later: wait for it, as a finger would.
    kiosk.run_until(lambda: widget.state == "normal", what="the button released")


def fields(screen) -> dict:
    return {box.field.key: box for box in screen.ids.fields.children}


def set_date(kiosk, screen, box, target: str) -> None:
    """Tap the picker's ▲/▼ keys until it shows ``target`` (day first, so no month end cuts it)."""
    for part, start, end in (("day", 8, 10), ("month", 5, 7), ("year", 0, 4)):
        while box.value[start:end] != target[start:end]:
            up = int(box.value[start:end]) < int(target[start:end])
            if part == "day":  # the day wraps: up to the month's end goes round to the 1st
                up = target[start:end] == "01" or up
            tap_in_view(kiosk, screen, box.ids[f"{part}_{'up' if up else 'down'}"])
    assert box.value == target


def enter_severance(kiosk, screen, start: str, end: str, wage: str) -> None:
    boxes = fields(screen)
    set_date(kiosk, screen, boxes["start"], start)
    set_date(kiosk, screen, boxes["end"], end)
    keys = {key.key: key for key in boxes["monthly_wage"].ids.pad.children}
    for digit in wage:
        tap_in_view(kiosk, screen, keys[digit])
    assert boxes["monthly_wage"].value == wage


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_severance_tapped_through_from_the_legal_lookup(start_kiosk, monkeypatch, language):
    kiosk = start_kiosk(f"[display]\nlanguage = {language}\n")
    monkeypatch.setattr(kiosk.app, "now", lambda: NOW)
    kiosk.tap(kiosk.widget("legal"))
    kiosk.settle("legal")
    kiosk.tap(kiosk.widget("calculators", "legal"))
    kiosk.settle("calculators")
    kiosk.screenshot(f"calculators-{language}-portrait")
    tile = next(t for t in kiosk.screen("calculators").ids.tiles.children if t.calculator.code == "severance")
    assert tile.title == ("Severance compensation" if language == "en" else "经济补偿")
    kiosk.tap(tile)
    kiosk.settle("calculator")
    screen = kiosk.screen("calculator")
    assert [box.field.key for box in reversed(screen.ids.fields.children)] == ["start", "end", "monthly_wage"]

    # Nothing typed yet: a message naming the wage, and no result.
    tap_in_view(kiosk, screen, screen.ids.calculate)
    assert screen.shown is None
    assert ("Monthly wage" if language == "en" else "月工资") in screen.ids.error.text

    enter_severance(kiosk, screen, "2019-03-01", "2025-11-30", "8000")
    tap_in_view(kiosk, screen, screen.ids.calculate)
    kiosk.run_until(lambda: screen.shown is not None)
    core = severance("2019-03-01", "2025-11-30", Decimal(8000), kiosk.app.settings.calculators)
    assert core.amount == Decimal("56000.00")
    assert screen.ids.headline.text == core.headline(language)
    assert screen.ids.error.text == ""
    working = screen.ids.working.text
    assert all(line.get(language) in working for line in core.working)
    assert ("Article 47" if language == "en" else "第四十七条") in screen.ids.cites.text
    assert "2026-05-20" in screen.ids.figures.text  # the average wage used, with its date
    assert screen.ids.qr.data and "56,000.00" in screen.ids.qr.data
    kiosk.pump(3)
    kiosk.screenshot(f"calculator-severance-result-{language}-portrait")

    # Changing an input takes the old result away.
    keys = {key.key: key for key in fields(screen)["monthly_wage"].ids.pad.children}
    tap_in_view(kiosk, screen, keys["delete"])
    assert screen.shown is None


def test_the_severance_answer_opens_its_calculator_and_bad_dates_are_refused(start_kiosk, monkeypatch):
    kiosk = start_kiosk()
    monkeypatch.setattr(kiosk.app, "now", lambda: NOW)
    kiosk.run_until(lambda: kiosk.app.library is not None, timeout=90)
    from kiosk.visitor import legal

    kiosk.app.visit.answer = kiosk.app.act(legal.answer, "labour-severance").result()
    kiosk.app.go("answer")
    kiosk.settle("answer")
    answer = kiosk.screen("answer")
    assert answer.ids.calculate.opacity == 1
    kiosk.screenshot("answer-with-calculator-zh_CN-portrait")
    kiosk.tap(answer.ids.calculate)
    kiosk.settle("calculator")
    screen = kiosk.screen("calculator")
    assert screen.calculator.code == "severance"

    # The end before the start: refused, naming the end date.
    enter_severance(kiosk, screen, "2026-11-30", "2025-11-30", "8000")
    tap_in_view(kiosk, screen, screen.ids.calculate)
    assert screen.shown is None and "离职日期" in screen.ids.error.text
    kiosk.screenshot("calculator-bad-input-zh_CN-portrait")

    # An answer that names no calculator shows no button.
    kiosk.app.go("legal")
    kiosk.settle("legal")
    kiosk.app.visit.answer = kiosk.app.act(legal.answer, "labour-probation").result()
    kiosk.app.go("answer")
    kiosk.settle("answer")
    assert answer.ids.calculate.opacity == 0 and answer.ids.calculate.disabled


def seen_whole(scroll, widget) -> bool:
    """Whether all of ``widget`` is inside the scroll view's window (not scrolled off above or below)."""
    _, bottom = widget.to_window(widget.x, widget.y)
    _, top = widget.to_window(widget.x, widget.top)
    _, view_bottom = scroll.to_window(scroll.x, scroll.y)
    return view_bottom <= bottom and top <= view_bottom + scroll.height


def result_shown_from_its_top(kiosk, screen) -> None:
    """Wait until the result is laid out with its title and figure at the top of the view."""
    from kivy.metrics import dp

    scroll = screen.ids.scroll
    view_top = scroll.to_window(scroll.x, scroll.top)[1]

    def at_top() -> bool:
        below = view_top - screen.ids.result.to_window(0, screen.ids.result.top)[1]
        return 0 < below <= dp(60) or (scroll.scroll_y <= 0 and below > 0)  # or the page's end reached

    kiosk.run_until(lambda: screen.shown is not None and screen.ids.headline.text == screen.shown.headline
                    and seen_whole(scroll, screen.ids.headline) and at_top(),
                    what="the result shown from its top, its figure in view")


@pytest.mark.parametrize(("language", "size", "orientation"), [
    ("zh_CN", (1920, 1080), "landscape"), ("en", (1920, 1080), "landscape"), ("en", (1080, 1920), "portrait"),
    ("zh_CN", (1080, 1920), "portrait"),
])
def test_every_calculator_screen_in_large_text(start_kiosk, monkeypatch, language, size, orientation):
    """Each calculator's inputs, entered at the top, and its result shown from its figure, in large text; a
    tick marks the chosen tile. One Calculate tap each: none may be lost."""
    from kiosk.visitor import tools

    kiosk = start_kiosk(f"[display]\nlarge_text = true\nlanguage = {language}\n", size)
    monkeypatch.setattr(kiosk.app, "now", lambda: NOW)
    screen = kiosk.screen("calculator")
    for calculator in tools.calculators():
        kiosk.app.visit.calculator = calculator.code
        kiosk.app.go("calculator")
        kiosk.settle("calculator")
        assert screen.ids.scroll.scroll_y > 0.999, f"{calculator.code} entered scrolled down"
        kiosk.screenshot(f"calculator-{calculator.code}-{language}-{orientation}-large")
        for box in fields(screen).values():
            if box.field.kind == tools.CHOICE:
                chosen = [button for button in box.ids.choices.children if button.chosen]
                assert len(chosen) == 1 and chosen[0].text.startswith("✓ ")
            if box.field.kind == tools.AMOUNT and not box.value:
                box.value = "5000"
            if box.field.key == "start":
                box.value = "2025-01-15"
        tap_in_view(kiosk, screen, screen.ids.calculate)
        kiosk.run_until(lambda: screen.shown is not None or screen.error, what=f"{calculator.code} calculated")
        assert screen.shown is not None, screen.error
        result_shown_from_its_top(kiosk, screen)
        kiosk.run_until(lambda: screen.take_away, what="the take-away QR")
        kiosk.pump(3)
        assert overflowing(screen, kiosk.window) == []  # the note beside the QR was clipped in portrait
        kiosk.screenshot(f"calculator-{calculator.code}-result-{language}-{orientation}-large")
        kiosk.app.forget_visitor(keep_preferences=True)
        kiosk.settle("home")


def test_a_page_left_scrolled_down_does_not_move_the_next_one_under_the_finger(start_kiosk, monkeypatch):
    """The lost Calculate tap: home from a result scrolled part-way down emptied the page, and Kivy's scroll
    effect sprang back from the overscroll that left; still springing when the next calculator was entered,
    it dragged that page about, and the button under the finger at the touch was elsewhere at the release."""
    kiosk = start_kiosk("[display]\nlarge_text = true\nlanguage = en\n", (1080, 1920))
    monkeypatch.setattr(kiosk.app, "now", lambda: NOW)
    screen = kiosk.screen("calculator")
    scroll = screen.ids.scroll
    kiosk.app.visit.calculator = "court-fee"
    kiosk.app.go("calculator")
    kiosk.settle("calculator")
    fields(screen)["amount"].value = "5000"
    tap_in_view(kiosk, screen, screen.ids.calculate)
    result_shown_from_its_top(kiosk, screen)
    scroll.scroll_y = 0.5  # the visitor scrolled back up a little

    kiosk.app.forget_visitor(keep_preferences=True)
    kiosk.pump()
    positions = []
    scroll.bind(scroll_y=lambda _view, position: positions.append(position))
    kiosk.app.visit.calculator = "interest-cap"
    kiosk.app.go("calculator")
    kiosk.settle("calculator")
    kiosk.pump(10)
    assert all(position > 0.999 for position in positions) and scroll.scroll_y > 0.999, positions
    # The long page (two number pads): one tap on Calculate, far down, is enough.
    fields(screen)["principal"].value = "100000"
    fields(screen)["rate"].value = "24"
    tap_in_view(kiosk, screen, screen.ids.calculate)
    kiosk.run_until(lambda: screen.shown is not None, timeout=5, what="the one Calculate tap taken")


def type_on_pad(kiosk, screen, box, keys: str) -> None:
    pad = {key.key: key for key in box.ids.pad.children}
    if "point" in box.ids:
        pad["."] = box.ids.point
    for key in keys:
        tap_in_view(kiosk, screen, pad[key])


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_interest_cap_by_touch_with_a_monthly_rate_and_the_lpr_changed(start_kiosk, monkeypatch, language):
    """The IOU, the interest taken off in advance, a monthly rate, the contract date and the LPR of that day,
    all by touch: the screen says the rate is above the cap, the interest allowed and the actual principal."""
    from kiosk.calculators import interest_cap

    kiosk = start_kiosk(f"[display]\nlanguage = {language}\n")
    monkeypatch.setattr(kiosk.app, "now", lambda: NOW)
    kiosk.app.visit.calculator = "interest-cap"
    kiosk.app.go("calculator")
    kiosk.settle("calculator")
    screen = kiosk.screen("calculator")
    boxes = fields(screen)
    figures = kiosk.app.settings.calculators
    assert boxes["lpr"].value == f"{figures.lpr_one_year:f}"
    assert str(figures.lpr_published) in boxes["lpr"].ids.note.text, "the LPR's date is shown beside it"
    type_on_pad(kiosk, screen, boxes["principal"], "100000")
    type_on_pad(kiosk, screen, boxes["deducted"], "10000")
    month = next(button for button in boxes["rate_period"].ids.choices.children if button.code == "month")
    tap_in_view(kiosk, screen, month)
    type_on_pad(kiosk, screen, boxes["rate"], "2")
    set_date(kiosk, screen, boxes["contract_date"], "2025-10-20")
    type_on_pad(kiosk, screen, boxes["lpr"], ["clear", "3", ".", "4", "5"])
    assert boxes["lpr"].value == "3.45" and boxes["rate_period"].value == "month"
    kiosk.screenshot(f"calculator-interest-cap-entered-{language}-portrait")
    tap_in_view(kiosk, screen, screen.ids.calculate)
    kiosk.run_until(lambda: screen.shown is not None or screen.error)
    assert screen.shown is not None, screen.error
    core = interest_cap("100000", figures, lpr="3.45", rate="2", deducted="10000", contract_date="2025-10-20",
                        rate_period="month")
    assert core.amount == Decimal("12420.00")  # 90,000 × 13.8 %
    assert screen.ids.headline.text == core.headline(language)
    findings = screen.ids.findings.text
    assert ("above the 13.80% cap" if language == "en" else "超过上限 13.80%") in findings
    assert ("Actual principal 90,000.00 yuan" if language == "en" else "实际本金 90,000.00 元") in findings
    assert ("as entered" if language == "en" else "按输入") in screen.ids.figures.text
    kiosk.pump(3)
    kiosk.screenshot(f"calculator-interest-cap-result-{language}-portrait")


def test_in_english_the_answers_lead_by_touch_to_their_calculator_and_document(start_kiosk, monkeypatch):
    """算一算 on the severance answer and 生成申请书 on the arbitration answer, in English: each opens its
    calculator or document, in English, and the English citations name the laws in English."""
    kiosk = start_kiosk("[display]\nlanguage = en\n")
    monkeypatch.setattr(kiosk.app, "now", lambda: NOW)
    kiosk.run_until(lambda: kiosk.app.library is not None, timeout=90)
    from kiosk.visitor import legal

    kiosk.app.visit.answer = kiosk.app.act(legal.answer, "labour-severance").result()
    kiosk.app.go("answer")
    kiosk.settle("answer")
    answer = kiosk.screen("answer")
    assert answer.ids.calculate.text == "Calculate it for my case" and answer.ids.calculate.opacity == 1
    kiosk.tap(answer.ids.calculate)
    kiosk.settle("calculator")
    screen = kiosk.screen("calculator")
    assert screen.calculator.code == "severance"
    enter_severance(kiosk, screen, "2019-03-01", "2025-11-30", "8000")
    tap_in_view(kiosk, screen, screen.ids.calculate)
    kiosk.run_until(lambda: screen.shown is not None)
    assert "Labour Contract Law, Article 47 (2012)" in screen.ids.cites.text
    assert "劳动合同法" not in screen.ids.cites.text and "version of" not in screen.ids.cites.text

    kiosk.app.go("legal")
    kiosk.settle("legal")
    kiosk.app.visit.answer = kiosk.app.act(legal.answer, "arb-labour-apply").result()
    kiosk.app.go("answer")
    kiosk.settle("answer")
    link = answer.ids.draft_document
    assert link.opacity == 1 and not link.disabled
    kiosk.tap(link)
    kiosk.settle("document_questions")
    questions = kiosk.screen("document_questions")
    kiosk.run_until(lambda: questions.question is not None, what="the first question")
    assert questions.template.name == "labour_arbitration"
    assert questions.ids.position.text.startswith("Question 1 of")
