"""The store contract: the same desk operations on SQLite and on PostgreSQL give the same answers and the same day.

A scripted day covers every operation once; random days (hypothesis) mix them
in any order, refusals and staff mistakes included.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from queue_helpers import ZONE, moment, settings_with

from kiosk.queue import Appointment, Placed, Queue, QueueError, Ticket
from kiosk.queue.model import PRIORITY_KINDS, SERVICE_CODES
from kiosk.queue.postgres_store import PostgresQueueStore
from kiosk.queue.sqlite_store import SqliteQueueStore

COUNTERS = ("1", "2")
TIMELESS = ("tickets_of_day", "counters", "services", "hours_table")  # desk reads that take no clock


class Twin:
    """One desk per store, driven alike; answers are compared with appointment codes replaced by their index."""

    def __init__(self, folder: Path, url: str):
        # A small hall and capacity, so full halls, deferrals and full days happen within a short script.
        sections = {"hall": {"rows": 2, "columns": 3}}
        self.desks = (Queue.prepared(SqliteQueueStore(folder / "queue.db", ZONE), settings_with(**sections)),
                      Queue.prepared(PostgresQueueStore(url, ZONE), settings_with(**sections)))
        self.codes: tuple[list[str], list[str]] = ([], [])
        self.clock = moment("08:55")

    def close(self) -> None:
        for desk in self.desks:
            desk.store.close()

    def _plain(self, side: int, value: object) -> object:
        codes = self.codes[side]
        if isinstance(value, Placed):
            return self._plain(side, value.ticket), value.ahead
        if isinstance(value, Appointment):
            return replace(value, code=str(codes.index(value.code)))
        if isinstance(value, Ticket):
            # The nonce is random on each side; both must have one.
            value = replace(value, nonce="set" if value.nonce else "")
            if value.appointment:
                return replace(value, appointment=str(codes.index(value.appointment)))
            return value
        if isinstance(value, list | tuple):
            return [self._plain(side, item) for item in value]
        return value

    def do(self, operation: str, *args: object, **options: object) -> object:
        """Run ``operation`` on both desks a minute after the last; both must answer alike."""
        self.clock += timedelta(minutes=1)
        answers = []
        for side, desk in enumerate(self.desks):
            try:
                answer = self._run(side, desk, operation, args, options)
            except QueueError as error:
                answer = ("QueueError", str(error))
            answers.append(self._plain(side, answer))
        assert answers[0] == answers[1], (operation, args)
        return answers[0]

    def _run(self, side: int, desk: Queue, operation: str, args: tuple, options: dict) -> object:
        now = self.clock
        if operation == "book":
            service, slot = args
            free = desk.appointments.free_slots(service, now.date(), now)
            booked = desk.appointments.book(service, free[slot % len(free)].start, now) if free else None
            if isinstance(booked, Appointment):
                self.codes[side].append(booked.code)
            return booked
        if operation == "check_in":
            codes = self.codes[side]
            return desk.appointments.check_in(codes[args[0] % len(codes)] if codes else "000000", now)
        # Each public operation belongs to exactly one of the queue's parts.
        method = next(getattr(part, operation) for part in (desk.tickets, desk.appointments, desk.centre,
                                                            desk.staff_log) if hasattr(part, operation))
        if operation in TIMELESS:
            return method(*args)
        return method(*args, now, **options)

    def compare_day(self) -> None:
        """Everything a report or the staff screen could read is the same on both stores."""
        self.do("tickets_of_day", self.clock.date())
        self.do("hall_status")
        self.do("services_overview")
        self.do("counters")
        self.do("services")
        self.do("hours_table")
        answers = []
        for side, desk in enumerate(self.desks):
            day = self.clock.date().isoformat()
            with desk.store.transaction(write=False) as tx:
                events = [tx.transitions(t.id) for t in tx.tickets_of_day(day)]
                counts = tx.day_counts(day)
            answers.append((self._plain(side, desk.staff_log.audit(100)), events, counts))
        assert answers[0] == answers[1]


@pytest.fixture
def twin(tmp_path, pg_url):
    pair = Twin(tmp_path, pg_url)
    yield pair
    pair.close()


def test_a_scripted_day_runs_alike_on_both_stores(twin):
    twin.do("set_counter", "1", ("consultation", "notarisation"), True, "li")
    twin.do("set_counter", "2", ("consultation",), True, "li")
    twin.do("set_service", "arbitration", "wang", daily_capacity=2)
    for service, priority in [("consultation", None), ("consultation", "elderly"), ("notarisation", None),
                              ("arbitration", None), ("arbitration", None), ("arbitration", None),
                              ("consultation", None), ("consultation", None), ("consultation", "pregnant")]:
        twin.do("issue_ticket", service, priority)
    assert twin.do("call_next", "1").status == "called"
    twin.do("recall", "1")
    twin.do("serve", "1")
    twin.do("transfer", "1", "notarisation")
    twin.do("call_next", "2")
    twin.do("no_show", "2")
    twin.do("call_next", "2")
    twin.do("done", "2")
    twin.do("call_next", "1")
    twin.do("recall", "1"), twin.do("recall", "1"), twin.do("recall", "1")
    twin.do("call_next", "1")
    twin.do("serve", "2")  # nothing called there: a staff mistake, the same message on both
    twin.do("cancel", "A004")
    twin.do("set_spot_in_use", 2, False, "li")
    twin.do("set_hours", "2026-12-01", "closed", "li")
    twin.do("book", "legal_aid", 0)
    twin.do("book", "legal_aid", 0)
    twin.do("book", "legal_aid", 0)  # the slot takes two
    twin.do("check_in", 0)
    twin.do("check_in", 0)  # used
    twin.do("check_in", 5)
    twin.compare_day()
    twin.clock += timedelta(days=1)
    twin.do("issue_ticket", "consultation", None)  # yesterday's open tickets expire
    twin.compare_day()


OPERATIONS = st.one_of(
    st.tuples(st.just("issue_ticket"), st.sampled_from(SERVICE_CODES), st.sampled_from((None, *PRIORITY_KINDS))),
    *(st.tuples(st.just(name), st.sampled_from(COUNTERS))
      for name in ("call_next", "call_next", "recall", "serve", "no_show", "done")),
    st.tuples(st.just("transfer"), st.sampled_from(COUNTERS), st.sampled_from(SERVICE_CODES)),
    st.tuples(st.just("cancel"), st.sampled_from(("A001", "A002", "B001", "C001"))),
    st.tuples(st.just("book"), st.sampled_from(SERVICE_CODES), st.integers(0, 20)),
    st.tuples(st.just("check_in"), st.integers(0, 5)),
    st.tuples(st.just("set_spot_in_use"), st.integers(1, 6), st.booleans(), st.just("li")),
)


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(OPERATIONS, min_size=5, max_size=40))
def test_random_days_run_alike_on_both_stores(pg_cluster, operations):
    with tempfile.TemporaryDirectory() as folder:
        twin = Twin(Path(folder), pg_cluster.create_database())
        try:
            twin.do("set_counter", "1", SERVICE_CODES, True, "li")
            twin.do("set_counter", "2", ("consultation", "legal_aid"), True, "li")
            twin.do("set_service", "consultation", "li", daily_capacity=4)
            for operation in operations:
                twin.do(*operation)
            twin.compare_day()
        finally:
            twin.close()
