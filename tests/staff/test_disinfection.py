"""The disinfection log: rounds recorded and audited, the last of each kind, overdue only while open."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from kiosk.foundation.config import load_settings
from kiosk.queue import QueueError
from kiosk.queue.model import DISINFECTION, VENTILATION
from kiosk.staff.disinfection import round_statuses

STAFF = load_settings().staff  # disinfection every 120 minutes, ventilation every 180


def statuses(desk, now):
    open_now = desk.centre.today_hours(now).open_now
    return {s.kind: s for s in round_statuses(desk.staff_log.last_rounds(), STAFF, open_now, now)}


def test_rounds_are_recorded_audited_and_the_newest_of_each_kind_is_last(desk, at):
    desk.staff_log.record_round(DISINFECTION, "hall", "staff-pin@kiosk-1", at("08:30"))
    desk.staff_log.record_round(VENTILATION, "whole_centre", "staff-pin@kiosk-1", at("08:40"))
    newest = desk.staff_log.record_round(DISINFECTION, "counters", "staff-pin@kiosk-2", at("09:10"))
    assert newest.id is not None
    last = desk.staff_log.last_rounds()
    assert (last[DISINFECTION].area, last[DISINFECTION].at, last[DISINFECTION].staff) == \
        ("counters", at("09:10"), "staff-pin@kiosk-2")
    assert last[VENTILATION].at == at("08:40")
    assert [r.area for r in desk.staff_log.rounds(10)] == ["counters", "whole_centre", "hall"]
    assert [r.area for r in desk.staff_log.rounds(1)] == ["counters"]
    entry = desk.staff_log.audit(1)[0]
    assert (entry.what, entry.who, json.loads(entry.new)) == ("round:disinfection", "staff-pin@kiosk-2",
                                                              {"area": "counters"})


def test_unknown_kinds_and_areas_are_refused(desk, at):
    with pytest.raises(QueueError, match="expected one of disinfection, ventilation"):
        desk.staff_log.record_round("fumigation", "hall", "s", at("09:00"))
    with pytest.raises(QueueError, match="unknown area"):
        desk.staff_log.record_round(DISINFECTION, "the manager's office", "s", at("09:00"))
    assert desk.staff_log.rounds(10) == [] and desk.staff_log.audit(10) == []


def test_overdue_after_the_interval_while_open_never_while_closed(desk, at):
    assert all(s.overdue for s in statuses(desk, at("09:00")).values()), "open with no round yet"
    assert not any(s.overdue for s in statuses(desk, at("08:00")).values()), "before opening"
    assert not any(s.overdue for s in statuses(desk, at("12:30")).values()), "the lunch break"
    desk.staff_log.record_round(DISINFECTION, "hall", "s", at("09:00"))
    desk.staff_log.record_round(VENTILATION, "hall", "s", at("09:00"))
    now = statuses(desk, at("11:00"))
    assert not now[DISINFECTION].overdue and now[DISINFECTION].due_at == at("11:00")
    now = statuses(desk, at("11:01"))
    assert now[DISINFECTION].overdue and not now[VENTILATION].overdue
    assert not statuses(desk, at("12:01"))[VENTILATION].overdue, "the lunch break"
    assert statuses(desk, at("13:31"))[VENTILATION].overdue
    assert not any(s.overdue for s in statuses(desk, at("18:00")).values()), "after closing"
    assert not any(s.overdue for s in statuses(desk, at("10:00", days=5)).values()), "a closed Saturday"


def test_the_interval_comes_from_config(desk, at):
    desk.staff_log.record_round(DISINFECTION, "hall", "s", at("09:00"))
    quick = replace(STAFF, disinfection_interval_minutes=30)
    found = round_statuses(desk.staff_log.last_rounds(), quick, True, at("09:31"))
    assert found[0].kind == DISINFECTION and found[0].overdue


def test_staff_actions_are_audited(desk, at):
    desk.staff_log.record_staff_action("staff-pin@kiosk-1", "signed_in", at("08:00"))
    desk.staff_log.record_staff_action("staff-pin@kiosk-1", "pad_locked", at("08:01"), "until 08:06")
    assert [(e.what, e.new) for e in desk.staff_log.audit(10)] == [("action:pad_locked", '"until 08:06"'),
                                                         ("action:signed_in", None)]


def test_the_audit_reads_as_what_changed(desk, at):
    from kiosk.staff.audit import describe_change
    from kiosk.staff.centre_setup import CentreSetup

    setup = CentreSetup(desk.centre, desk.centre.settings)
    setup.set_capacity("notarisation", "75", "s", at("08:00"))
    setup.set_counter("3", ("notarisation", "mediation"), True, "s", at("08:01"))
    setup.set_policy("health_check.mask", "none", "s", at("08:02"))
    desk.staff_log.record_round(DISINFECTION, "hall", "s", at("08:03"))
    desk.staff_log.record_staff_action("s", "signed in", at("08:04"))
    assert [describe_change(entry) for entry in desk.staff_log.audit(10)] == [
        "", "area: hall", "confirm → none", "id: 3, services: notarisation、mediation, open: True, name: , "
        "priority_streak: 0", "daily_capacity: 60 → 75"]
