"""Issue #18 item 1: no path can store a service value outside the staff screen's limits."""

from dataclasses import replace

import pytest

from kiosk.queue import QueueError
from kiosk.queue.model import Service, Spot

HOSTILE_MINUTES = ("nan", "inf", "-inf", "1e308", "0", "481", "-5")
HOSTILE_CAPACITIES = ("100000000000000000000000", "10**23", "-1", "10000", "1.5", "nan")


@pytest.mark.parametrize("raw", HOSTILE_MINUTES)
def test_the_shell_refuses_a_visit_length_outside_1_to_480_and_queue_status_still_works(admin, raw):
    status, _, err = admin("service", "set", "--code", "consultation", f"--visit-minutes={raw}")
    assert status == 2 and "expected a number from 1 to 480" in err and err.count("\n") == 1
    status, state, _ = admin("queue", "status", "--json")
    assert status == 0 and state["services"]["consultation"]["open"]
    assert admin("ticket", "issue", "--service", "consultation", "--json")[0] == 0


@pytest.mark.parametrize("raw", HOSTILE_CAPACITIES)
def test_the_shell_refuses_a_capacity_outside_0_to_9999(admin, raw):
    status, _, err = admin("service", "set", "--code", "consultation", f"--capacity={raw}")
    assert status == 2 and "expected a whole number from 0 to 9999" in err and "see" not in err
    assert admin("service", "list", "--json")[1]["services"][0]["daily_capacity"] == 120


def test_the_shell_still_sets_values_inside_the_limits(admin):
    status, service, _ = admin("service", "set", "--code", "consultation", "--capacity", "9999",
                               "--visit-minutes", "480", "--json")
    assert status == 0 and (service["daily_capacity"], service["visit_minutes"]) == (9999, 480)


@pytest.mark.parametrize("changes", [{"visit_minutes": float("nan")}, {"visit_minutes": float("inf")},
                                     {"visit_minutes": 1e308}, {"daily_capacity": 10**23},
                                     {"daily_capacity": -1}, {"visit_minutes": 0.5}, {"daily_capacity": True}])
def test_the_desk_refuses_values_outside_the_domain_on_every_store(desk, at, changes):
    with pytest.raises(QueueError, match="expected"):
        desk.centre.set_service("consultation", "li", at("09:00"), **changes)
    consultation = desk.centre.services()[0]
    assert (consultation.daily_capacity, consultation.visit_minutes) == (120, 15)


@pytest.mark.parametrize("bad", [replace(Service("x", "x", "x", "X", 1, 10), visit_minutes=float("nan")),
                                 Service("x", "x", "x", "X", 10**23, 10)])
def test_the_store_itself_refuses_a_service_outside_the_domain(store_factory, bad):
    store = store_factory()
    with pytest.raises(QueueError), store.transaction() as tx:
        tx.save_service(bad)
    with store.transaction(write=False) as tx:
        assert tx.services() == []


def test_the_store_refuses_a_spot_that_is_not_a_finite_place(store_factory):
    store = store_factory()
    with pytest.raises(QueueError), store.transaction() as tx:
        tx.save_spot(Spot(1, float("nan"), 0.0))


def test_the_core_and_the_staff_screen_draw_the_line_at_the_same_values():
    from kiosk.queue.model import CAPACITY_RANGE, VISIT_MINUTES_RANGE
    from kiosk.staff.centre_setup import parse_capacity, parse_visit_minutes

    assert parse_capacity(str(CAPACITY_RANGE[0])) == CAPACITY_RANGE[0]
    assert parse_capacity(str(CAPACITY_RANGE[1])) == CAPACITY_RANGE[1]
    assert parse_visit_minutes(str(VISIT_MINUTES_RANGE[0])) == VISIT_MINUTES_RANGE[0]
    assert parse_visit_minutes(str(VISIT_MINUTES_RANGE[1])) == VISIT_MINUTES_RANGE[1]
    for parse, outside in ((parse_capacity, CAPACITY_RANGE[0] - 1), (parse_capacity, CAPACITY_RANGE[1] + 1),
                           (parse_visit_minutes, VISIT_MINUTES_RANGE[0] - 0.01),
                           (parse_visit_minutes, VISIT_MINUTES_RANGE[1] + 0.01)):
        with pytest.raises(ValueError):
            parse(str(outside))
