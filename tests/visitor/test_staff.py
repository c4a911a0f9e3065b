"""The kiosk's staff pages and the counter terminal, through their use cases."""

from __future__ import annotations

import pytest
from queue_helpers import ZONE, moment

from kiosk.queue import QueueError, Ticket
from kiosk.staff.centre_setup import SettingRefusal
from kiosk.visitor import counter, figures, staff

NOW = moment("09:30")


def test_a_change_is_validated_saved_and_audited(services, runtime):
    saved = staff.change(services, runtime.settings,
                         lambda setup, who, now: setup.set_capacity("consultation", "40", who, now), "staff@k1", NOW)
    assert saved.daily_capacity == 40
    refused = staff.change(services, runtime.settings,
                           lambda setup, who, now: setup.set_capacity("consultation", "-1", who, now), "staff@k1", NOW)
    assert isinstance(refused, SettingRefusal)
    assert next(s for s in staff.service_list(services) if s.code == "consultation").daily_capacity == 40
    assert [entry.who for entry in staff.audit(services, 5)] == ["staff@k1"]


def test_a_policy_set_by_staff_is_in_force_and_followed(services, runtime):
    staff.change(services, runtime.settings,
                 lambda setup, who, now: setup.set_policy("display.idle_timeout", "45", who, now), "staff@k1", NOW)
    assert staff.policy(services, runtime.settings).display.idle_timeout == 45
    watched = staff.watch(services, runtime.settings, NOW)
    assert watched.settings.display.idle_timeout == 45
    assert {status.kind for status in watched.rounds} >= {"disinfection"}


def test_rounds_are_recorded_and_listed_newest_first(services):
    staff.record_round(services, "disinfection", "hall", "staff@k1", moment("08:00"))
    staff.record_round(services, "disinfection", "counters", "staff@k1", moment("09:00"))
    assert [entry.area for entry in staff.recent_rounds(services, 12)] == ["counters", "hall"]
    staff.record_staff_action(services, "staff@k1", "signed in", NOW)
    assert staff.audit(services, 1)[0].what == "action:signed in"


def test_the_set_up_pages_read_counters_spots_and_hours(services):
    services.centre.set_counter("2", ("consultation",), True, "test", NOW)
    found = staff.counter_setup(services)
    assert [c.id for c in found.counters] == ["2"] and found.services
    assert staff.spots(services) and "mon" in staff.hours_table(services)


def test_todays_figures_count_the_tickets(services):
    services.tickets.issue_ticket("consultation", None, NOW)
    counted = figures.todays_figures(services, ZONE, NOW)
    assert counted.totals["tickets"] == 1


def test_a_counter_calls_serves_and_finishes_and_opens_and_closes(services):
    services.centre.set_counter("1", ("consultation", "notarisation"), True, "test", NOW)
    issued = services.tickets.issue_ticket("consultation", None, NOW).ticket
    called = counter.press(services, "1", "call", None, "counter 1 (staff-pin)", NOW)
    assert isinstance(called, Ticket) and called.id == issued.id
    assert counter.counter_view(services, "1", NOW).in_hand.id == issued.id
    moved = counter.press(services, "1", "transfer", "notarisation", "counter 1 (staff-pin)", NOW)
    assert moved.service == "notarisation"
    closed = counter.press(services, "1", "close", None, "counter 1 (staff-pin)", NOW)
    assert closed.open is False
    with pytest.raises(QueueError):
        counter.press(services, "9", "open", None, "counter 9 (staff-pin)", NOW)
