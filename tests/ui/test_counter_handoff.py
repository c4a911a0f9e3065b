"""The counter terminal hands a matter to the hotline or the online platform as a work order, and flags the
overdue ones: by finger, in both languages, at the terminal's sizes; the phone number nowhere in clear."""

from __future__ import annotations

import argparse
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from ui_steps import overflowing

from kiosk.staff.pin import hash_pin

pytestmark = pytest.mark.ui

PHONE = "13912345678"
PIN = "246810"
START = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday, inside reception hours
LANDSCAPE, SMALL = (1920, 1080), (1280, 800)


def start_counter(start_app, monkeypatch, size=LANDSCAPE):
    """Counter 1's terminal, its clock running in real time from Monday 10:00."""
    terminal = start_app("kiosk.ui.counter.app:CounterApp", f"[staff]\npin_hash = {hash_pin(PIN)}\n", size,
                         options=argparse.Namespace(counter="1"))
    began = time.monotonic()
    monkeypatch.setattr(terminal.app, "now", lambda: START + timedelta(seconds=time.monotonic() - began))
    return terminal


def sign_in(terminal) -> None:
    screen = terminal.screen("sign_in")
    terminal.type_digits(screen.ids.pad, PIN)
    terminal.tap(screen.ids.ok)


def on_queue(terminal, work):
    return terminal.app.workers.queue.run_now(lambda: work(terminal.app.services))


def option(terminal, box: str, code: str):
    return next(t for t in terminal.screen("handoff").ids[box].children if t.choice.code == code)


def fits(terminal, screen: str, what: str) -> None:
    found = overflowing(terminal.screen(screen), terminal.window)
    assert found == [], f"{what}: {found}"


@pytest.mark.slow
def test_staff_hand_a_matter_on_with_the_visitors_number_after_consent(start_app, monkeypatch):
    terminal = start_counter(start_app, monkeypatch)
    terminal.settle("sign_in")
    sign_in(terminal)
    terminal.settle("terminal")
    overdue = terminal.widget("overdue", "terminal")
    terminal.run_until(lambda: overdue.text == "逾期工单：0", what="the overdue count read")
    terminal.tap(terminal.widget("hand_off", "terminal"))
    terminal.settle("handoff")
    screen = terminal.screen("handoff")
    assert screen.ids.submit.disabled, "nothing chosen yet"
    terminal.tap(option(terminal, "kinds", "callback"))
    terminal.tap(option(terminal, "matters", "labour"))
    terminal.tap(option(terminal, "urgencies", "urgent"))
    # No number before the visitor agreed: the pad takes nothing.
    terminal.type_digits(screen.ids.pad, "139")
    assert screen.phone == "" and "30天后自动删除" in screen.ids.notice.text
    terminal.tap(screen.ids.consent)
    assert screen.consented and "●" in screen.ids.consent.text  # a mark, not only a colour
    terminal.type_digits(screen.ids.pad, "12345")
    terminal.tap(screen.ids.submit)
    terminal.run_until(lambda: screen.message != "", what="the short number refused")
    assert "11位手机号码" in screen.message
    terminal.tap(next(key for key in screen.ids.pad.children if key.key == "clear"))
    terminal.type_digits(screen.ids.pad, PHONE)
    terminal.screenshot("counter-handoff-zh_CN-landscape")
    fits(terminal, "handoff", "zh landscape")
    terminal.tap(screen.ids.submit)
    terminal.settle("terminal")
    terminal.run_until(lambda: "已转交" in terminal.widget("message", "terminal").text)
    [order] = on_queue(terminal, lambda s: s.workorders.orders())
    assert (order.kind, order.topic, order.urgency, order.channel, order.counter) == (
        "callback", "labour", "urgent", "counter", "1")
    assert order.phone_masked == "139****5678" and screen.phone == ""
    assert f"工单号 {order.id}" in terminal.widget("message", "terminal").text

    # Without a number: the platform follows the matter up through this counter.
    terminal.app.language = "en"
    terminal.tap(terminal.widget("hand_off", "terminal"))
    terminal.settle("handoff")
    assert screen.ids.submit.text == "Choose how and the matter first"
    terminal.tap(option(terminal, "kinds", "online"))
    terminal.tap(option(terminal, "matters", "family"))
    assert screen.ids.phone.text == "No number: the platform follows up through this counter"
    terminal.screenshot("counter-handoff-en-landscape")
    fits(terminal, "handoff", "en landscape")
    terminal.tap(screen.ids.submit)
    terminal.settle("terminal")
    terminal.run_until(lambda: "Handed on" in terminal.widget("message", "terminal").text)
    orders = on_queue(terminal, lambda s: s.workorders.orders())
    assert [(o.kind, o.phone_masked) for o in orders] == [("online", None), ("callback", "139****5678")]
    for folder in {terminal.data_dir, terminal.app.runtime.log_dir}:
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                assert PHONE.encode() not in path.read_bytes(), path


@pytest.mark.slow
def test_overdue_orders_are_counted_and_listed_in_words_on_the_terminal(start_app, monkeypatch):
    terminal = start_counter(start_app, monkeypatch, size=SMALL)
    terminal.settle("sign_in")
    sign_in(terminal)
    terminal.settle("terminal")
    weeks_ago = START - timedelta(days=14)
    on_queue(terminal, lambda s: s.workorders.create("home_visit", "family", PHONE, weeks_ago, channel="kiosk"))
    on_queue(terminal, lambda s: s.workorders.create("callback", "labour", PHONE, START, channel="kiosk"))
    terminal.app.poll_overdue()
    overdue = terminal.widget("overdue", "terminal")
    terminal.run_until(lambda: overdue.text == "⚠ 逾期工单：1", what="one overdue order counted")
    terminal.screenshot("counter-overdue-button-zh_CN-small")
    fits(terminal, "terminal", "zh small")
    terminal.tap(overdue)
    terminal.settle("overdue")
    lines = terminal.widget("lines", "overdue").text
    assert terminal.widget("title", "overdue").text == "逾期工单：1 件"
    assert "上门服务 · 婚姻家庭" in lines and "139****5678" in lines and "已逾期" in lines and "劳动工资" not in lines
    terminal.screenshot("counter-overdue-zh_CN-small")
    terminal.app.language = "en"
    terminal.run_until(lambda: "home visit · marriage and family" in terminal.widget("lines", "overdue").text)
    assert "overdue" in terminal.widget("lines", "overdue").text
    terminal.resize(LANDSCAPE)
    terminal.screenshot("counter-overdue-en-landscape")
    terminal.tap(terminal.widget("back", "overdue"))
    terminal.settle("terminal")
    terminal.app.large_text = True
    terminal.drawn("large text")
    terminal.screenshot("counter-terminal-large-en-landscape")
    ours = (terminal.widget("hand_off", "terminal").text, terminal.widget("overdue", "terminal").text)
    assert ours == ("Hand on", "⚠ Overdue: 1")
    fits(terminal, "terminal", "en landscape large")
