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
    from kiosk.visitor import legal
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


# Forty screens, each waited for, measured and saved as a picture: more than the default five minutes on a
# loaded machine with software OpenGL.
@pytest.mark.timeout(900)
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
    for name in names:
        for view in scroll_views(kiosk.screen(name)):
            view.scroll_y = 0  # as the last visitor left it
        kiosk.app.root.current = name
        kiosk.settle(name)  # with the data its workers bring
        kiosk.screenshot(f"tour-{name}-{language}-{suffix}")
        screen = kiosk.screen(name)
        not_at_top += [f"{name}: a list at {view.scroll_y:.2f}" for view in scroll_views(screen)
                       if view.scroll_y < 0.999]
        not_fitting += [f"{name}: {fault}" for fault in misfits(screen, size[0])]
        for widget in touch_targets(screen):
            millimetres = min(widget.size) / Metrics.dpi * 25.4
            if millimetres < MIN_TARGET_MM:
                too_small.append(f"{name}/{type(widget).__name__} {getattr(widget, 'text', '')!r}: "
                                 f"{millimetres:.1f} mm")
    assert not too_small, "touch targets under 15 mm:\n" + "\n".join(sorted(set(too_small)))
    assert not not_fitting, "labels that do not fit:\n" + "\n".join(sorted(set(not_fitting)))
    assert not not_at_top, "lists not shown from the top:\n" + "\n".join(not_at_top)
