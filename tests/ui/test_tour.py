"""Every screen in both languages, both orientations, with and without large text (in CI the four tours
that cover every pair; KIOSK_FULL_TOUR=1 runs all eight): a screenshot each, every touch target 15 mm or
more, every label inside its widget with no word cut, every list shown from its top."""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from ui_steps import misfits

from kiosk.ui.screen_registry import KIOSK_SCREENS

pytestmark = [pytest.mark.ui, pytest.mark.slow]

MIN_TARGET_MM = 15
ZONE = ZoneInfo("Asia/Shanghai")


def prepare(kiosk):
    """Give the screens that show one thing (a ticket, an answer ...) something to show."""
    from kiosk.legal.library import LegalLibrary  # noqa: F401  (the app's library is used below)
    from kiosk.queue.model import DEFAULT_SERVICES
    from kiosk.visitor import documents, legal
    from kiosk.workorders.products import load_products

    app = kiosk.app
    now = app.now()
    placed = app.workers.queue.run_now(lambda: app.services.tickets.issue_ticket("consultation", None, now))
    app.visit.service, app.visit.ticket, app.visit.ahead = DEFAULT_SERVICES[0], placed.ticket, 3
    app.visit.materials = ("身份证", "劳动合同")
    topics = app.act(legal.topics, 8).result()
    answer = app.act(legal.answer, topics[0].hot[0].id).result()
    guide = app.act(legal.guide, "legal_aid").result()
    app.visit.topic = topics[0]
    app.visit.answer = answer
    app.visit.article = answer.cites[0]
    app.visit.guide = guide
    app.visit.product = load_products()[0]
    app.visit.refusal = app.workers.queue.run_now(
        lambda: app.services.tickets.issue_ticket("consultation", None, datetime(2026, 11, 29, 10, tzinfo=ZONE)))
    # A document being drafted, with its checked draft, for the question and preview screens.
    app.visit.document = DOCUMENT
    template = app.act(documents.document_template, DOCUMENT).result()
    app.visit.document_answers = draft_answers(template, now.date())
    app.visit.document_preview = app.act(documents.preview, DOCUMENT, dict(app.visit.document_answers),
                                         now.date(), app.fonts).result()
    app.visit.calculator = "interest-cap"


DOCUMENT = "labour_arbitration"  # it asks every kind of question: choices, several choices, dates and amounts


def draft_answers(template, today) -> dict:
    """An answer to every question the answers so far lead to: the first options, dates in order, amounts."""
    from datetime import timedelta

    from kiosk.visitor.documents import questions_to_ask

    answers, day = {}, today - timedelta(days=1500)
    while missing := [q for q in questions_to_ask(template, answers) if q.key not in answers]:
        question = missing[0]
        if question.kind == "choice":
            answers[question.key] = question.options[0].key
        elif question.kind == "multi":
            answers[question.key] = [option.key for option in question.options[:max(1, question.min_count)]]
        elif question.kind == "date":
            day += timedelta(days=400)
            answers[question.key] = min(day, today).isoformat()
        else:
            answers[question.key] = "8000"
    return answers


def extra_views(kiosk):
    """Screens that show more than one state: (screen, what, how to get there), each looked at like the others.
    Every question kind of a document, each page of its draft, its print outcomes, and every calculator with
    a result."""
    from kiosk.documents import PrintFault
    from kiosk.documents.printing import JOB_FAILED
    from kiosk.visitor import tools

    app = kiosk.app
    questions = kiosk.screen("document_questions")

    def ask(kind: str):
        def show() -> None:
            question = next(q for q in questions._asked() if q.kind == kind)
            if kind == "amount":
                app.visit.document_answers[question.key] = "12345.6"
            questions.question = question
            questions.show()
        return show

    for kind in ("multi", "date", "amount"):
        yield "document_questions", kind, ask(kind)
    preview = kiosk.screen("document_preview")
    for page in range(1, len(app.visit.document_preview.pages)):
        yield "document_preview", f"page{page + 1}", lambda page=page: preview.turn_to(page)
    yield "document_preview", "fault", lambda: preview._fault(PrintFault(JOB_FAILED, "the tour's fault"))
    calculator = kiosk.screen("calculator")
    for found in tools.calculators():
        def calculate(code=found.code) -> None:
            app.visit.calculator = code
            calculator.on_pre_enter()
            for box in calculator.ids.fields.children:
                if box.field.kind == tools.AMOUNT and not box.value:
                    box.value = "8000"
                if box.field.key == "start":
                    box.value = "2019-03-01"
            if code == "interest-cap":
                next(box for box in calculator.ids.fields.children if box.field.key == "rate").value = "2"
            calculator.calculate()
            assert calculator.shown is not None, (code, calculator.error)
        yield "calculator", found.code, calculate
    # Last: printing lets the draft go.
    yield "document_preview", "printed", lambda: preview._printed("tour-1")


def scroll_views(screen):
    from kivy.uix.scrollview import ScrollView

    return [widget for widget in screen.walk(restrict=True) if isinstance(widget, ScrollView)]


def touch_targets(screen):
    from kivy.uix.behaviors import ButtonBehavior

    for widget in screen.walk():
        if isinstance(widget, ButtonBehavior) and widget.opacity > 0 and not widget.disabled \
                and widget.width > 0 and widget.height > 0 and widget.get_root_window() is not None:
            yield widget


PORTRAIT_SIZE, LANDSCAPE_SIZE = (1080, 1920), (1920, 1080)
# Every orientation, text size and language: eight tours of forty screens. CI runs the four that cover
# every pair of them (each language in each orientation, each language and each orientation at each
# text size), which holds CI to its time; KIOSK_FULL_TOUR=1 (the bench and before a release) runs all.
ALL_TOURS = [(orientation, size, large, language)
             for orientation, size in (("portrait", PORTRAIT_SIZE), ("landscape", LANDSCAPE_SIZE))
             for large in (False, True) for language in ("zh_CN", "en")]
PAIRWISE_TOURS = [("portrait", PORTRAIT_SIZE, False, "zh_CN"), ("landscape", LANDSCAPE_SIZE, False, "en"),
                  ("portrait", PORTRAIT_SIZE, True, "en"), ("landscape", LANDSCAPE_SIZE, True, "zh_CN")]
TOURS = ALL_TOURS if os.environ.get("KIOSK_FULL_TOUR") == "1" else PAIRWISE_TOURS


# Forty screens and a dozen more states, each waited for, measured and saved as a picture: more than the
# default five minutes on a loaded machine with software OpenGL.
@pytest.mark.timeout(1200)
@pytest.mark.parametrize(("orientation", "size", "large_text", "language"), TOURS,
                         ids=[f"{o}{'-large' if large else ''}-{lang}" for o, _s, large, lang in TOURS])
def test_every_screen(start_kiosk, monkeypatch, orientation, size, large_text, language):
    from kivy.metrics import Metrics

    kiosk = start_kiosk("[display]\nidle_timeout = 3600\n", size)  # the tour is long and touches nothing
    monkeypatch.setattr(kiosk.app, "now", lambda: datetime(2026, 11, 30, 10, 0, tzinfo=ZONE))
    kiosk.run_until(lambda: kiosk.app.library is not None, timeout=90)
    prepare(kiosk)
    kiosk.app.large_text = large_text
    kiosk.app.language = language
    # Screens that leave by themselves (retry, return home) stay put while they are looked at.
    kiosk.screen("paused")._retry.timeout = 3600
    kiosk.screen("error")._return_home.timeout = 3600
    # Every registered screen, not only those built so far: the kiosk builds them after its first frame.
    names = [name for name, _ in KIOSK_SCREENS if name != "home"] + ["home"]
    too_small, not_fitting, not_at_top = [], [], []
    suffix = f"{orientation}-large" if large_text else orientation

    def look(name: str, shot: str, from_top: bool = True) -> None:
        kiosk.screenshot(shot)
        screen = kiosk.screen(name)
        if from_top:
            not_at_top.extend(f"{name}: a list at {view.scroll_y:.2f}" for view in scroll_views(screen)
                              if view.scroll_y < 0.999)
        not_fitting.extend(f"{shot}: {fault}" for fault in misfits(screen, size[0]))
        for widget in touch_targets(screen):
            millimetres = min(widget.size) / Metrics.dpi * 25.4
            if millimetres < MIN_TARGET_MM:
                too_small.append(f"{shot}/{type(widget).__name__} {getattr(widget, 'text', '')!r}: "
                                 f"{millimetres:.1f} mm")

    for name in names:
        for view in scroll_views(kiosk.screen(name)):
            view.scroll_y = 0  # as the last visitor left it
        kiosk.app.root.current = name
        kiosk.settle(name)  # with the data its workers bring
        look(name, f"tour-{name}-{language}-{suffix}")
    for name, state, reach in extra_views(kiosk):
        kiosk.app.root.current = name
        kiosk.settle(name)
        reach()
        kiosk.drawn(f"{name} {state}")
        # A calculator's result is scrolled into view; the other states are shown from the top.
        look(name, f"tour-{name}-{state}-{language}-{suffix}", from_top=name != "calculator")
    assert not too_small, "touch targets under 15 mm:\n" + "\n".join(sorted(set(too_small)))
    assert not not_fitting, "labels that do not fit:\n" + "\n".join(sorted(set(not_fitting)))
    assert not not_at_top, "lists not shown from the top:\n" + "\n".join(not_at_top)
