"""Taking a number with a finger: service choice, priority, the ticket; a full day; a full hall."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from ui_steps import open_services, tile

from kiosk.foundation.i18n import translate

pytestmark = pytest.mark.ui

MONDAY_MORNING = datetime(2026, 11, 30, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def kiosk(start_kiosk, monkeypatch, health_clips):
    def start(config_text="", fade=False):
        harness = start_kiosk(f"[camera]\nsource = {health_clips['green']}\n" + config_text, fade=fade)
        monkeypatch.setattr(harness.app, "now", lambda: MONDAY_MORNING)
        return harness

    return start


def test_a_visitor_takes_a_number(kiosk):
    kiosk = kiosk(fade=True)  # the kiosk's own fades between the screens, as a visitor sees them
    open_services(kiosk)
    consultation = tile(kiosk, "consultation")
    assert consultation.title == "法律咨询" and "今日剩余 120 个号" in consultation.detail
    assert "无需排队" in consultation.detail
    kiosk.run_until(lambda: "需带3项：身份证" in consultation.detail)
    kiosk.screenshot("services-zh_CN-portrait")
    kiosk.tap(consultation)
    kiosk.run_until(lambda: kiosk.app.root.current == "priority" and not kiosk.app.root.transition.is_active)
    kiosk.run_until(lambda: "身份证" in kiosk.screen("priority").ids.materials.text, timeout=60)
    assert "办理“法律咨询”请带齐以下材料：" in {w.text for w in kiosk.screen("priority").walk() if hasattr(w, "text")}
    kiosk.screenshot("priority-zh_CN-portrait")
    kiosk.tap(kiosk.screen("priority").ids.ordinary)
    kiosk.run_until(lambda: kiosk.app.root.current == "ticket" and not kiosk.app.root.transition.is_active)
    ticket = kiosk.screen("ticket")
    assert ticket.ids.materials.text == kiosk.screen("priority").ids.materials.text
    assert ticket.ids.number.text == "A001"
    assert ticket.ids.ahead.text == translate("ticket.ahead", "zh_CN", ahead=0)
    assert "等候位" in ticket.ids.place.text
    kiosk.screenshot("ticket-zh_CN-portrait")
    kiosk.tap(ticket.ids.finished)
    kiosk.run_until(lambda: kiosk.app.root.current == "home")
    assert kiosk.app.visit.ticket is None, "the finished visit must be forgotten"


def test_the_second_visitor_is_behind_the_first_and_priority_is_kept(kiosk):
    kiosk = kiosk()
    for expected, button, ahead in (("A001", "ordinary", 0), ("A002", "elderly", 0)):
        open_services(kiosk)
        kiosk.tap(tile(kiosk, "consultation"))
        kiosk.run_until(lambda: kiosk.app.root.current == "priority" and not kiosk.app.root.transition.is_active)
        kiosk.tap(kiosk.screen("priority").ids[button])
        kiosk.run_until(lambda: kiosk.app.root.current == "ticket")
        assert kiosk.screen("ticket").ids.number.text == expected
        assert kiosk.app.visit.ticket.priority == (None if button == "ordinary" else button)
        assert kiosk.app.visit.ahead == ahead  # a priority ticket is called before ordinary ones
        kiosk.app.forget_visitor()
        kiosk.pump(3)


def test_a_full_day_says_so_and_offers_other_ways(kiosk):
    kiosk = kiosk()

    kiosk.app.workers.queue.run_now(
        lambda: kiosk.app.services.centre.set_service("notarisation", "test", MONDAY_MORNING, daily_capacity=0))
    open_services(kiosk)
    full = tile(kiosk, "notarisation")
    assert not full.available and "已满" in full.detail
    kiosk.tap(full)
    kiosk.run_until(lambda: kiosk.app.root.current == "refusal" and not kiosk.app.root.transition.is_active)
    refusal = kiosk.screen("refusal")
    assert "公证今日号源已满" in refusal.ids.message.text
    offers = {button.suggestion for button in refusal.ids.suggestions.children}
    assert offers == {"appointment", "remote_channels", "callback"}, \
        "a full day offers another day, the remote channels and a call-back"
    kiosk.screenshot("refusal-day-full-zh_CN-portrait")
    kiosk.tap(kiosk.screen("refusal").children[0].children[-1].children[-1])  # the header's back button
    kiosk.run_until(lambda: kiosk.app.root.current == "services")


def test_a_full_hall_gives_a_return_time_instead_of_a_spot(kiosk):
    kiosk = kiosk("[hall]\nrows = 1\ncolumns = 1\n")
    labels = []
    for _ in range(2):
        open_services(kiosk)
        kiosk.tap(tile(kiosk, "mediation"))
        kiosk.run_until(lambda: kiosk.app.root.current == "priority" and not kiosk.app.root.transition.is_active)
        kiosk.tap(kiosk.screen("priority").ids.ordinary)
        kiosk.run_until(lambda: kiosk.app.root.current == "ticket")
        labels.append(kiosk.screen("ticket").ids.place.text)
        kiosk.app.forget_visitor()
        kiosk.pump(3)
    assert "等候位" in labels[0]
    assert "大厅已满" in labels[1]


def test_closed_hours_refuse_kindly(start_kiosk, monkeypatch, health_clips):
    kiosk = start_kiosk(f"[camera]\nsource = {health_clips['green']}\n")
    sunday = datetime(2026, 11, 29, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr(kiosk.app, "now", lambda: sunday)
    open_services(kiosk)
    tiles = kiosk.screen("services").ids.tiles.children
    assert all(not t.available and "不在接待时间" in t.detail for t in tiles)


def test_the_idle_timeout_in_the_middle_of_a_flow_forgets_everything(kiosk):
    kiosk = kiosk("[display]\nidle_timeout = 600\n")
    open_services(kiosk)
    kiosk.tap(tile(kiosk, "consultation"))
    kiosk.settle("priority")
    assert kiosk.app.visit.service is not None and kiosk.app.visit.health_decision is not None
    kiosk.app.last_activity -= 601  # the visitor walked away
    kiosk.run_until(lambda: kiosk.app.root.current == "home")
    assert kiosk.app.visit.service is None and kiosk.app.visit.health_decision is None
    assert kiosk.screen("health_check").ids.camera.texture is None
    assert kiosk.screen("services").ids.tiles.children == []


def test_a_visitor_who_chose_english_keeps_it_through_the_whole_ticket(kiosk):
    kiosk = kiosk()
    kiosk.tap(kiosk.widget("language_switch", "home"))
    assert kiosk.app.language == "en"
    open_services(kiosk)
    assert kiosk.app.language == "en", "taking a number must not switch the visitor back to Chinese"
    assert tile(kiosk, "consultation").title == "Legal consultation"
    kiosk.tap(tile(kiosk, "consultation"))
    kiosk.settle("priority")
    materials = kiosk.screen("priority").ids.materials
    kiosk.run_until(lambda: "ID card" in materials.text, timeout=60)
    assert not any("\u4e00" <= char <= "\u9fff" for char in materials.text), materials.text
    kiosk.tap(kiosk.screen("priority").ids.ordinary)
    kiosk.settle("ticket")
    assert kiosk.screen("ticket").ids.materials.text == materials.text
    kiosk.tap(kiosk.screen("ticket").ids.finished)
    kiosk.settle("home")
    assert kiosk.app.language == "zh_CN", "a finished visit resets the language for the next visitor"
