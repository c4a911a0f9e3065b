"""Random sequences of queue operations keep the queue's promises."""

from collections import Counter as Tally
from datetime import timedelta
from itertools import combinations, count, pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.queue import Queue, Ticket
from kiosk.queue.hall import apart
from kiosk.queue.model import PRIORITY_KINDS, TICKET_STATES, WAITING

CAPACITY, MAX_IN_ROW, SPACING = 6, 2, 1.0
SERVICES = ("consultation", "notarisation")
COUNTERS = {"1": ("consultation",), "2": ("consultation", "notarisation")}

# Kinds repeated to weight them; each step's number picks the details.
KINDS = ("issue", "issue", "issue", "call", "call", "finish", "finish", "cancel", "spot", "next_day")
FINISHES = ("done", "done", "no_show", "recall", "serve", "transfer")
PRIORITIES = (None, None, None, *PRIORITY_KINDS[:4])
names = count()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 10_000)), min_size=10, max_size=60))
def test_random_operations_keep_capacity_numbers_spacing_priority_and_states(store_factory, at, operations):
    desk = Queue.prepared(store_factory(f"property{next(names)}"), _settings())
    now = at("09:00")
    for code in SERVICES:
        desk.centre.set_service(code, "test", now, daily_capacity=CAPACITY)
    for counter_id, services in COUNTERS.items():
        desk.centre.set_counter(counter_id, services, True, "test", now)
    streaks = dict.fromkeys(COUNTERS, 0)
    for kind, n in operations:
        now += timedelta(minutes=1)
        today = desk.tickets.tickets_of_day(now.date())
        busy = [t.counter for t in today if t.status in ("called", "serving")]
        if kind == "issue":
            desk.tickets.issue_ticket(SERVICES[n % 2], PRIORITIES[n % len(PRIORITIES)], now)
        elif kind == "call":
            free = [c for c in COUNTERS if c not in busy]
            if free:
                _call(desk, free[n % len(free)], now, streaks)
        elif kind == "finish" and busy:
            _finish(desk, busy[n % len(busy)], FINISHES[n % len(FINISHES)], now)
        elif kind == "cancel":
            queued = [t for t in today if t.status in ("waiting", "deferred")]
            if queued:
                desk.tickets.cancel(queued[n % len(queued)].label, now)
        elif kind == "spot":
            desk.centre.set_spot_in_use(n % 6 + 1, n % 3 != 0, "test", now)
        elif kind == "next_day":
            now = (now + timedelta(days=1)).replace(hour=9, minute=0)
        _check_spacing(desk, now)
    _check_days(desk, at("09:00"), now)


def _settings():
    from dataclasses import replace

    from kiosk.foundation.config import load_settings

    base = load_settings()
    return replace(base, queue=replace(base.queue, max_priority_in_row=MAX_IN_ROW),
                   hall=replace(base.hall, rows=2, columns=3, pitch_m=0.5, spacing_m=SPACING))


def _call(desk, counter_id, now, streaks):
    waiting = [t for t in desk.tickets.tickets_of_day(now.date())
               if t.status == WAITING and t.service in COUNTERS[counter_id]]
    ordinary_waiting = any(not t.priority for t in waiting)
    called = desk.tickets.call_next(counter_id, now)
    if called is None:
        assert waiting == []
        return
    assert called.id in {t.id for t in waiting}
    streaks[counter_id] = streaks[counter_id] + 1 if called.priority and ordinary_waiting else 0
    assert streaks[counter_id] <= MAX_IN_ROW


def _finish(desk, counter_id, how, now):
    """A counter action on the ticket ``counter_id`` has called: it must succeed."""
    if how == "transfer":
        current = next(t for t in desk.tickets.tickets_of_day(now.date())
                       if t.counter == counter_id and t.status in ("called", "serving"))
        target = "notarisation" if current.service == "consultation" else "consultation"
        moved = desk.tickets.transfer(counter_id, target, now)
        assert moved.label == current.label and moved.status in ("waiting", "deferred")
    else:
        tickets = desk.tickets
        {"done": tickets.done, "no_show": tickets.no_show, "recall": tickets.recall, "serve": tickets.serve}[how](
            counter_id, now)


def _check_spacing(desk, now):
    spots = {s.id: s for s in _spots(desk)}
    occupied = [spots[t.spot] for t in desk.tickets.tickets_of_day(now.date()) if t.status == WAITING and t.spot]
    assert len(occupied) == len({s.id for s in occupied})
    assert all(apart(a, b, SPACING) for a, b in combinations(occupied, 2))


def _spots(desk):
    with desk.store.transaction(write=False) as tx:
        return tx.spots()


def _check_days(desk, first, last):
    day = first.date()
    while day <= last.date():
        tickets: list[Ticket] = desk.tickets.tickets_of_day(day)
        per_series = Tally(t.issued_service for t in tickets)
        assert all(n <= CAPACITY for n in per_series.values())
        for code in per_series:
            numbers = sorted(t.number for t in tickets if t.issued_service == code)
            assert numbers == list(range(1, len(numbers) + 1))
        for ticket in tickets:
            assert ticket.status in TICKET_STATES
            with desk.store.transaction(write=False) as tx:
                events = tx.transitions(ticket.id)
            assert events[0].old is None
            assert all(a.new == b.old for a, b in pairwise(events))
            assert events[-1].new == ticket.status
        day += timedelta(days=1)
