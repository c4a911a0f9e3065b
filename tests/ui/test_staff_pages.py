"""The staff pages in the real window: reached by the corner hold and the PIN, driven by taps only."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest

from kiosk.staff.pin import hash_pin
from kiosk.ui.screen_registry import SCREEN_NAMES

pytestmark = pytest.mark.ui

PIN = "13572468"
ALL_DAY = "\n".join(f"{day} = 00:00-23:59" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
STAFF_PAGES = ("staff", "staff_services", "staff_hours", "staff_counters", "staff_hall", "staff_policy",
               "staff_disinfection", "staff_audit")


@pytest.fixture(scope="module")
def config():
    """Open all day (so a missing round is overdue now) with a staff PIN, and the shipped idle timeout
    (which the policy tests change)."""
    return f"[staff]\npin_hash = {hash_pin(PIN)}\n[hours]\n{ALL_DAY}\n[display]\nidle_timeout = 90\n"


def sign_in(kiosk) -> None:
    """The corner hold, then the PIN on the pad, as staff do it."""
    kiosk.app._staff_hold.timeout = 0.3
    # Every screen is built first: a frame that builds one could outlast a short hold on a busy machine.
    kiosk.run_until(lambda: kiosk.app.ready, timeout=60)
    kiosk.hold(30, kiosk.window.height - 30, seconds=1.0)
    kiosk.settle("staff_pin")
    pad = kiosk.screen("staff_pin")
    kiosk.type_digits(pad.ids.pad, PIN)
    kiosk.tap(pad.ids.ok)
    kiosk.settle("staff")


def open_page(kiosk, button: str, page: str) -> None:
    kiosk.tap(kiosk.widget(button, "staff"))
    kiosk.settle(page)  # with its figures from the queue worker


def tile(kiosk, page: str, key: str):
    return next(t for t in kiosk.screen(page).ids.tiles.children if t.key == key)


def on_store(kiosk, work):
    """The store belongs to the queue worker's thread, as in the app."""
    return kiosk.app.workers.queue.run_now(work)


def capacity(kiosk, code: str) -> int:
    return next(s for s in on_store(kiosk, kiosk.app.services.centre.services) if s.code == code).daily_capacity


def test_a_capacity_is_changed_by_taps_and_an_invalid_one_is_refused(start_kiosk, config):
    kiosk = start_kiosk(config)
    sign_in(kiosk)
    open_page(kiosk, "services", "staff_services")
    page = kiosk.screen("staff_services")
    kiosk.tap(tile(kiosk, "staff_services", "notarisation"))
    assert page.selected.code == "notarisation"
    kiosk.type_digits(page.ids.pad, "12345")
    kiosk.tap(page.ids.save)
    kiosk.run_until(lambda: page.message != "")
    assert page.refused and "公证每日限额" in page.ids.message.text and "0 至 9999" in page.ids.message.text
    assert capacity(kiosk, "notarisation") == 60, "a refused value is not saved"
    kiosk.screenshot("staff-services-refused-zh_CN-portrait")

    kiosk.tap(next(key for key in page.ids.pad.children if key.key == "clear"))
    assert page.typed == ""
    kiosk.type_digits(page.ids.pad, "80")
    kiosk.tap(page.ids.save)
    kiosk.run_until(lambda: not page.refused and page.message == "已保存")
    assert capacity(kiosk, "notarisation") == 80
    entries = on_store(kiosk, lambda: kiosk.app.services.staff_log.audit(5))
    assert (entries[0].what, entries[0].who) == ("service:notarisation", "staff-pin@kiosk-1")
    assert "action:signed in" in [entry.what for entry in entries], "signing in is audited too"
    kiosk.run_until(lambda: "每日限额 80" in tile(kiosk, "staff_services", "notarisation").detail)


def test_a_disinfection_round_is_recorded_and_shown_on_home(start_kiosk, config):
    kiosk = start_kiosk(config)
    kiosk.show("staff")  # the corner and the PIN: see the capacity test
    staff = kiosk.screen("staff")
    kiosk.run_until(lambda: "消毒已超时" in staff.ids.overdue.text and "通风已超时" in staff.ids.overdue.text)
    kiosk.screenshot("staff-menu-overdue-zh_CN-portrait")
    assert "尚无消毒记录" in kiosk.widget("disinfection", "home").text
    assert not kiosk.screen("home").disinfection_recorded, "no round on record is not shown in reassuring green"

    open_page(kiosk, "disinfection", "staff_disinfection")
    page = kiosk.screen("staff_disinfection")
    assert not page.ids.record.disabled or page.area == ""
    hall = next(t for t in page.ids.areas.children if t.value == "hall")
    kiosk.tap(hall)
    recorded_from = kiosk.app.now()
    kiosk.tap(page.ids.record)
    kiosk.run_until(lambda: page.message == "已记录")
    kiosk.run_until(lambda: "消毒：上次" in page.ids.status.text and "通风" in page.ids.overdue.text)
    kiosk.screenshot("staff-disinfection-zh_CN-portrait")
    assert "等候大厅" in page.ids.recent.text

    header = kiosk.screen().children[0].children[-1]
    kiosk.tap(header.children[0])  # its home button
    kiosk.settle("home")
    # The round's time, to the minute: between the tap and now (a minute may turn in between).
    minutes = {f"上次消毒 {moment:%H:%M}" for moment in (recorded_from, kiosk.app.now())}
    kiosk.run_until(lambda: kiosk.widget("disinfection", "home").text in minutes)
    assert kiosk.screen("home").disinfection_recorded
    assert "消毒" not in staff.ids.overdue.text and "通风已超时" in staff.ids.overdue.text
    log = (kiosk.data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "disinfection round overdue" in log and "ventilation round overdue" in log
    kiosk.screenshot("home-disinfection-zh_CN-portrait")


def test_a_policy_changed_by_another_process_reaches_the_running_kiosk(start_kiosk, config):
    kiosk = start_kiosk(config)
    assert kiosk.app.settings.display.idle_timeout == 90
    other = textwrap.dedent(f"""
        from datetime import datetime, timezone
        from pathlib import Path
        from kiosk.wiring import open_queue
        from kiosk.foundation.runtime import open_runtime
        from kiosk.staff.centre_setup import CentreSetup
        runtime = open_runtime(Path({str(kiosk.data_dir.parent / "config.ini")!r}), Path({str(kiosk.data_dir)!r}))
        queue = open_queue(runtime)
        setup = CentreSetup(queue.centre, runtime.settings)
        now = datetime.now(timezone.utc)
        assert setup.set_policy("display.idle_timeout", "45", "admin@shell", now) == 45
        assert setup.set_policy("health_check.green", "staff", "admin@shell", now) == "staff"
    """)
    subprocess.run([sys.executable, "-c", other], check=True, timeout=60)
    kiosk.run_until(lambda: kiosk.app.settings.display.idle_timeout == 45)
    assert kiosk.app.settings.health_check.green == "staff"
    kiosk.run_until(lambda: kiosk.app.health is not None)
    assert kiosk.app.health.settings.health_check.green == "staff"


@pytest.mark.slow
@pytest.mark.parametrize(("language", "size", "orientation"), [
    ("zh_CN", (1080, 1920), "portrait"), ("en", (1920, 1080), "landscape")])
def test_every_staff_page_in_both_orientations(start_kiosk, config, language, size, orientation):
    kiosk = start_kiosk(config, size)
    kiosk.app.language = language
    centre, now = kiosk.app.services.centre, kiosk.app.now()
    on_store(kiosk, lambda: centre.set_counter("1", ("consultation", "notarisation"), True, "test", now))
    on_store(kiosk, lambda: centre.set_spot_in_use(5, False, "test", now))
    for page in STAFF_PAGES:
        assert page in SCREEN_NAMES
        kiosk.show(page)
        if page == "staff_services":
            kiosk.tap(tile(kiosk, page, "consultation"))
        elif page in ("staff_hours", "staff_counters"):
            kiosk.tap(kiosk.screen(page).ids.tiles.children[-1])
        kiosk.screenshot(f"{page}-{language}-{orientation}")


def test_policy_taps_take_effect_and_an_idle_timeout_out_of_range_is_refused(start_kiosk, config):
    kiosk = start_kiosk(config)
    kiosk.show("staff_policy")
    page = kiosk.screen("staff_policy")
    kiosk.run_until(lambda: page.ids.display__idle_timeout__value.text == "90")
    not_asked = next(t for t in page.ids.health_check__mask.children if t.value == "none")
    kiosk.tap(not_asked)
    kiosk.run_until(lambda: kiosk.app.settings.health_check.mask == "none")
    assert page.message == "已保存" and not_asked.state == "down"

    for _ in range(9):
        kiosk.tap(page.ids.display__idle_timeout__less)
    assert page.ids.display__idle_timeout__value.text == "0"
    kiosk.tap(page.ids.display__idle_timeout__save)
    kiosk.run_until(lambda: page.refused)
    assert "无操作返回首页（秒）" in page.message and "10 至 3600" in page.message
    kiosk.run_until(lambda: page.ids.display__idle_timeout__value.text == "90")  # back to what is in force
    assert kiosk.app.settings.display.idle_timeout == 90
    kiosk.screenshot("staff-policy-refused-zh_CN-portrait")


def test_a_locked_pad_and_leaving_the_kiosk_are_audited(start_kiosk, config, monkeypatch):
    kiosk = start_kiosk(config)
    kiosk.show("staff_pin")
    pad = kiosk.screen("staff_pin")
    for _ in range(kiosk.app.settings.staff.lockout_attempts):
        kiosk.type_digits(pad.ids.pad, "000000")
        kiosk.tap(pad.ids.ok)
    kiosk.run_until(lambda: "action:PIN pad locked after wrong tries" in
                    [entry.what for entry in on_store(kiosk, lambda: kiosk.app.services.staff_log.audit(5))])
    kiosk.show("staff")
    stopped = []
    monkeypatch.setattr(kiosk.app, "stop", lambda *args: stopped.append(True))
    kiosk.tap(kiosk.widget("leave", "staff"))
    assert stopped == [True]
    assert on_store(kiosk, lambda: kiosk.app.services.staff_log.audit(1))[0].what == "action:left the kiosk app"


def test_hours_counters_and_the_hall_are_changed_by_taps(start_kiosk, config):
    kiosk = start_kiosk(config)
    services = kiosk.app.services
    kiosk.show("staff_hours")
    hours = kiosk.screen("staff_hours")
    kiosk.run_until(lambda: len(hours.ids.tiles.children) == 7)
    kiosk.tap(tile(kiosk, "staff_hours", "sat"))
    kiosk.type_digits(hours.ids.pad, "25001200")
    kiosk.tap(hours.ids.save)
    kiosk.run_until(lambda: hours.refused)
    assert "不是有效的时刻" in hours.message and on_store(kiosk, services.centre.hours_table)["sat"] == "00:00-23:59"
    kiosk.tap(next(key for key in hours.ids.pad.children if key.key == "clear"))
    kiosk.type_digits(hours.ids.pad, "09001200")
    assert hours.ids.preview.text == "09:00-12:00"
    kiosk.tap(hours.ids.save)
    kiosk.run_until(lambda: on_store(kiosk, services.centre.hours_table)["sat"] == "09:00-12:00")
    kiosk.tap(hours.ids.later)
    kiosk.tap(hours.ids.edit_day)
    kiosk.tap(hours.ids.closed)  # tomorrow closed: a day override
    tomorrow = (kiosk.app.now().date() + timedelta(days=1)).isoformat()
    kiosk.run_until(lambda: on_store(kiosk, services.centre.hours_table).get(tomorrow) == "closed")

    kiosk.show("staff_counters")
    counters = kiosk.screen("staff_counters")
    kiosk.tap(counters.ids.add)
    assert counters.counter_id == "1"
    for code in ("mediation", "consultation"):
        kiosk.tap(next(t for t in counters.ids.services.children if t.value == code))
    kiosk.tap(counters.ids.save)
    kiosk.run_until(lambda: [(c.id, c.services) for c in on_store(kiosk, services.tickets.counters)] ==
                    [("1", ("mediation", "consultation"))])

    kiosk.show("staff_hall")
    hall = kiosk.screen("staff_hall")
    kiosk.run_until(lambda: len(hall.ids.plan.children) == 48)
    kiosk.tap(next(spot for spot in hall.ids.plan.children if spot.spot_id == 12))
    kiosk.run_until(lambda: not next(s for s in on_store(kiosk, services.centre.spots) if s.id == 12).in_use)
    kiosk.run_until(lambda: "47 / 48" in hall.summary)
    whats = [entry.what for entry in on_store(kiosk, lambda: services.staff_log.audit(10))]
    assert whats == ["spot:12", "counter:1", f"hours:{tomorrow}", "hours:sat"]
