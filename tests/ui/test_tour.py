"""Every screen in both languages and both orientations: a screenshot each, and every touch target 15 mm or more."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.ui.screen_registry import KIOSK_SCREENS

pytestmark = [pytest.mark.ui, pytest.mark.slow]

MIN_TARGET_MM = 15
ZONE = ZoneInfo("Asia/Shanghai")


def prepare(kiosk):
    """Give the screens that show one thing (a ticket, an answer ...) something to show."""
    from kiosk.legal.library import LegalLibrary  # noqa: F401  (the app's library is used below)
    from kiosk.queue.model import DEFAULT_SERVICES
    from kiosk.visitor import legal

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
    app.visit.refusal = app.workers.queue.run_now(
        lambda: app.services.tickets.issue_ticket("consultation", None, datetime(2026, 11, 29, 10, tzinfo=ZONE)))


def touch_targets(screen):
    from kivy.uix.behaviors import ButtonBehavior

    for widget in screen.walk():
        if isinstance(widget, ButtonBehavior) and widget.opacity > 0 and not widget.disabled \
                and widget.width > 0 and widget.height > 0 and widget.get_root_window() is not None:
            yield widget


# One test per orientation: each stays well inside the per-test timeout on a loaded machine.
@pytest.mark.parametrize(("orientation", "size"), [("portrait", (1080, 1920)), ("landscape", (1920, 1080))],
                         ids=("portrait", "landscape"))
def test_every_screen_in_both_languages(start_kiosk, monkeypatch, orientation, size):
    from kivy.metrics import Metrics

    kiosk = start_kiosk("[display]\nidle_timeout = 3600\n", size)  # the tour is long and touches nothing
    monkeypatch.setattr(kiosk.app, "now", lambda: datetime(2026, 11, 30, 10, 0, tzinfo=ZONE))
    kiosk.run_until(lambda: kiosk.app.library is not None, timeout=90)
    prepare(kiosk)
    # Screens that leave by themselves (retry, return home) stay put while they are looked at.
    kiosk.screen("paused")._retry.timeout = 3600
    kiosk.screen("error")._return_home.timeout = 3600
    # Every registered screen, not only those built so far: the kiosk builds them after its first frame.
    names = [name for name, _ in KIOSK_SCREENS if name != "home"] + ["home"]
    too_small = []
    for language in ("zh_CN", "en"):
        kiosk.app.language = language
        for name in names:
            kiosk.app.root.current = name
            kiosk.settle(name)  # with the data its workers bring
            kiosk.screenshot(f"tour-{name}-{language}-{orientation}")
            for widget in touch_targets(kiosk.screen(name)):
                millimetres = min(widget.size) / Metrics.dpi * 25.4
                if millimetres < MIN_TARGET_MM:
                    too_small.append(f"{name}/{type(widget).__name__} {getattr(widget, 'text', '')!r}: "
                                     f"{millimetres:.1f} mm")
    assert not too_small, "touch targets under 15 mm:\n" + "\n".join(sorted(set(too_small)))
