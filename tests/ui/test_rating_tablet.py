"""``kiosk --mode rating --counter ID``: the tablet at a counter asks for the rating of the visit just finished
there, by finger, in both languages, and returns to its idle prompt."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from ui_steps import overflowing

pytestmark = pytest.mark.ui

START = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday, inside reception hours
TABLET_LANDSCAPE, TABLET_PORTRAIT = (1280, 800), (800, 1280)


def start_tablet(start_app, monkeypatch, size=TABLET_LANDSCAPE):
    tablet = start_app("kiosk.ui.rating_tablet.app:RatingTabletApp", "", size,
                       options=argparse.Namespace(counter="2"))
    began = time.monotonic()
    monkeypatch.setattr(tablet.app, "now", lambda: START + timedelta(seconds=time.monotonic() - began))
    return tablet


def on_queue(tablet, work):
    return tablet.app.workers.queue.run_now(lambda: work(tablet.app._services()))


def finish_a_ticket(tablet, counter: str = "2") -> str:
    """A visitor takes a number and is served to the end at ``counter`` (the counter's terminal, elsewhere)."""

    def serve(services):
        now = tablet.app.now()
        services.centre.set_counter(counter, ("consultation",), True, "setup", now)
        services.tickets.issue_ticket("consultation", None, now)
        services.tickets.call_next(counter, now)
        return services.tickets.done(counter, now).label

    return on_queue(tablet, serve)


def level(tablet, code: str):
    return next(t for t in tablet.screen("rate").ids.levels.children if t.choice.code == code)


def reason(tablet, code: str):
    """A reason tile, once in view (the tablet scrolls the reasons up when a bad level is chosen)."""
    found = next(t for t in tablet.screen("rate").ids.reasons.children if t.choice.code == code)
    tablet.run_until(lambda: 0 <= found.to_window(*found.center)[1] <= tablet.window.height - 104,
                     what=f"the {code} reason in view")
    return found


def fits(tablet, screen: str, what: str) -> None:
    found = overflowing(tablet.screen(screen), tablet.window)
    assert found == [], f"{what}: {found}"


@pytest.mark.slow
def test_the_visit_just_finished_is_rated_and_a_bad_rating_opens_a_follow_up(start_app, monkeypatch):
    tablet = start_tablet(start_app, monkeypatch)
    tablet.settle("idle")
    assert tablet.widget("counter", "idle").text == "2 号窗口"
    tablet.screenshot("rating-tablet-idle-zh_CN-landscape")
    fits(tablet, "idle", "idle zh")
    finish_a_ticket(tablet, counter="1")  # another counter's visitor: not this tablet's
    label = finish_a_ticket(tablet)
    tablet.run_until(lambda: tablet.app.root.current == "rate", what="the tablet asking about the visit")
    tablet.settle("rate")
    screen = tablet.screen("rate")
    assert screen.ids.title.text == f"请评价 2 号窗口的服务 · 号码 {label}"
    assert screen.ids.submit.disabled
    tablet.tap(level(tablet, "1"))
    tablet.tap(screen.ids.submit)
    tablet.run_until(lambda: screen.message != "", what="a reason asked for")
    assert screen.message == "请选择不满意的原因。"
    tablet.tap(reason(tablet, "attitude"))
    assert "●" in reason(tablet, "attitude").text  # chosen: a mark, not only a colour
    assert screen.message == ""
    tablet.screenshot("rating-tablet-bad-zh_CN-landscape")
    fits(tablet, "rate", "rate zh landscape")
    tablet.tap(screen.ids.submit)
    tablet.run_until(lambda: screen.thanked, what="the thanks")
    assert "谢谢" in screen.ids.prompt.text
    [rating] = on_queue(tablet, lambda s: s.workorders.ratings())
    assert (rating.ticket_label, rating.counter, rating.level, rating.reasons) == (label, "2", 1, ("attitude",))
    order = on_queue(tablet, lambda s: s.workorders.get(rating.order_key))
    assert order.kind == "rectification" and order.counter == "2" and order.channel == "rating"
    tablet.run_until(lambda: tablet.app.root.current == "idle", what="back to the idle prompt after the thanks")

    # The next visitor, in English, in portrait; left unrated, the tablet goes back and does not ask again.
    tablet.resize(TABLET_PORTRAIT)
    second = finish_a_ticket(tablet)
    tablet.run_until(lambda: tablet.app.root.current == "rate")
    tablet.settle("rate")
    tablet.tap(tablet.widget("language_switch", "rate"))
    tablet.run_until(lambda: tablet.screen("rate").ids.title.text == f"Rate counter 2 · ticket {second}")
    tablet.tap(level(tablet, "2"))
    assert reason(tablet, "long_wait").text == "○ waited too long"
    tablet.screenshot("rating-tablet-bad-en-portrait")
    fits(tablet, "rate", "rate en portrait")
    tablet.tap(tablet.widget("skip", "rate"))
    tablet.settle("idle")
    assert tablet.app.language == "zh_CN", "the next visitor starts in the centre's language"
    tablet.let_time_pass(2.5)  # two polls: the skipped visit is not asked about again
    assert tablet.app.root.current == "idle"
    assert [r.ticket_label for r in on_queue(tablet, lambda s: s.workorders.ratings())] == [label]
    tablet.screenshot("rating-tablet-idle-zh_CN-portrait")


def test_the_rating_tablet_starts_as_its_own_process_and_needs_its_counter(tmp_path):
    config = tmp_path / "config.ini"
    config.write_text("[display]\nfullscreen = no\nwindow_size = 1280x800\n", encoding="utf-8")
    command = [sys.executable, "-m", "kiosk", "--config", str(config), "--data-dir", str(tmp_path / "data"),
               "--mode", "rating"]
    result = subprocess.run([*command, "--counter", "2", "--exit-after-first-frame"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["first_frame"] is True
    assert "Traceback" not in result.stderr and (tmp_path / "data" / "logs" / "rating.log").is_file()
    missing = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "--mode rating needs --counter ID" in missing.stderr
