"""``Queue.counter_view``: what a counter terminal shows, read in one transaction."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.foundation.config import load_settings
from kiosk.queue import Placed, Queue, Ticket
from kiosk.queue.model import CALLED, DEFERRED, PRIORITY_KINDS, SERVING
from kiosk.queue.sqlite_store import SqliteQueueStore

ZONE = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 11, 30)


def at(clock: str) -> datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(MONDAY, time(hours, minutes), tzinfo=ZONE)


def make_desk(path, **queue) -> Queue:
    base = load_settings()
    return Queue.prepared(SqliteQueueStore(path, ZONE), dataclasses.replace(
        base, queue=dataclasses.replace(base.queue, **queue)))


@pytest.fixture(params=["sqlite", "postgres"])
def desk(request, tmp_path) -> Queue:
    if request.param == "postgres":
        from kiosk.queue.postgres_store import PostgresQueueStore

        url = request.getfixturevalue("pg_cluster").create_database()
        opened = Queue.prepared(PostgresQueueStore(url, ZONE), load_settings())
    else:
        opened = make_desk(tmp_path / "queue.db")
    yield opened
    opened.store.close()


def issue(desk: Queue, service: str = "consultation", priority: str | None = None,
          clock: str = "09:00") -> Ticket:
    placed = desk.tickets.issue_ticket(service, priority, at(clock))
    assert isinstance(placed, Placed), placed
    return placed.ticket


def test_an_unknown_counter_has_no_view_but_the_services(desk):
    view = desk.tickets.counter_view("9", at("09:00"))
    assert view.counter is None and view.in_hand is None and view.queue == ()
    assert [s.code for s in view.services][:2] == ["consultation", "notarisation"]


def test_the_view_shows_the_ticket_in_hand_the_queue_and_todays_counts(desk):
    desk.centre.set_counter("1", ("consultation", "legal_aid"), True, "staff", at("08:00"))
    first, second = issue(desk), issue(desk, "legal_aid", clock="09:01")
    issue(desk, "notarisation", clock="09:02")  # not this counter's service
    third = issue(desk, clock="09:03")
    view = desk.tickets.counter_view("1", at("09:05"))
    assert view.in_hand is None and view.waiting == 3
    assert [t.label for t in view.queue] == [first.label, second.label, third.label]

    desk.tickets.call_next("1", at("09:06"))
    view = desk.tickets.counter_view("1", at("09:06"))
    assert view.in_hand.label == first.label and view.in_hand.status == CALLED
    assert [t.label for t in view.queue] == [second.label, third.label]
    desk.tickets.serve("1", at("09:07"))
    assert desk.tickets.counter_view("1", at("09:07")).in_hand.status == SERVING
    desk.tickets.done("1", at("09:10"))
    desk.tickets.call_next("1", at("09:10"))
    desk.tickets.no_show("1", at("09:12"))
    view = desk.tickets.counter_view("1", at("09:12"))
    assert (view.called, view.done, view.no_shows, view.waiting) == (2, 1, 1, 1)
    assert view.in_hand is None
    queued = dict(view.queued_by_service)
    assert (queued["consultation"], queued["legal_aid"], queued["notarisation"], queued["mediation"]) == (1, 0, 1, 0)


def test_priority_tickets_are_listed_where_the_priority_rule_calls_them(desk):
    desk.centre.set_counter("1", ("consultation",), True, "staff", at("08:00"))
    ordinary = [issue(desk) for _ in range(2)]
    priority = [issue(desk, priority="elderly", clock="09:01") for _ in range(4)]
    labels = [t.label for t in desk.tickets.counter_view("1", at("09:02")).queue]
    p, o = [t.label for t in priority], [t.label for t in ordinary]
    assert labels == [p[0], p[1], p[2], o[0], p[3], o[1]]  # at most 3 in a row (the default)


def test_deferred_tickets_count_as_outside_and_are_not_listed(tmp_path):
    base = load_settings()
    small_hall = dataclasses.replace(base, hall=dataclasses.replace(base.hall, rows=1, columns=2))
    desk = Queue.prepared(SqliteQueueStore(tmp_path / "queue.db", ZONE), small_hall)
    desk.centre.set_counter("1", ("consultation",), True, "staff", at("08:00"))
    tickets = [issue(desk) for _ in range(4)]
    assert [t.status for t in tickets].count(DEFERRED) == 2
    view = desk.tickets.counter_view("1", at("09:01"))
    assert view.waiting == 2 and view.outside == 2 and len(view.queue) == 2


def test_the_list_is_cut_at_the_limit_but_counts_everyone(desk):
    desk.centre.set_counter("1", ("consultation",), True, "staff", at("08:00"))
    for _ in range(7):
        issue(desk)
    view = desk.tickets.counter_view("1", at("09:01"), limit=5)
    assert len(view.queue) == 5 and view.waiting == 7


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(st.sampled_from([None, None, *PRIORITY_KINDS[:4]]), min_size=1, max_size=12),
       bound=st.integers(1, 3), served_first=st.integers(0, 3))
def test_the_listed_order_is_the_order_calls_take(tmp_path_factory, kinds, bound, served_first):
    desk = make_desk(tmp_path_factory.mktemp("order") / "queue.db", max_priority_in_row=bound)
    try:
        desk.centre.set_counter("1", ("consultation",), True, "staff", at("08:00"))
        moment = at("09:00")
        for kind in kinds:
            moment += timedelta(seconds=30)
            assert isinstance(desk.tickets.issue_ticket("consultation", kind, moment), Placed)
        for _ in range(min(served_first, len(kinds))):  # a priority streak already running
            desk.tickets.call_next("1", moment)
            desk.tickets.done("1", moment)
        listed = [t.label for t in desk.tickets.counter_view("1", moment).queue]
        called = []
        while (ticket := desk.tickets.call_next("1", moment)) is not None:
            called.append(ticket.label)
            desk.tickets.done("1", moment)
        assert listed == called
    finally:
        desk.store.close()
