"""Several processes issuing against one SQLite file never share or skip a number."""

import multiprocessing
from collections import Counter

import pytest

from kiosk.foundation.config import load_settings
from kiosk.queue import Placed, Queue
from kiosk.queue.sqlite_store import SqliteQueueStore

PROCESSES, ATTEMPTS, CAPACITY = 8, 20, 100


def _issue_many(path, settings, when, start, results) -> None:
    """One process: wait for the others, then ask for ATTEMPTS tickets."""
    desk = Queue.prepared(SqliteQueueStore(path, when.tzinfo), settings)
    start.wait(timeout=60)
    answers = []
    for _ in range(ATTEMPTS):
        result = desk.tickets.issue_ticket("consultation", None, when)
        answers.append(result.ticket.label if isinstance(result, Placed) else result.reason)
    desk.store.close()
    results.put(answers)


@pytest.mark.slow
def test_eight_processes_issue_exactly_the_capacity_with_distinct_numbers(tmp_path, at):
    desk = Queue.prepared(SqliteQueueStore(tmp_path / "queue.db", at("09:00").tzinfo), load_settings())
    desk.centre.set_service("consultation", "test", at("08:00"), daily_capacity=CAPACITY)
    # shortest allowed: 100 minutes in all
    desk.centre.set_service("consultation", "test", at("08:00"), visit_minutes=1)
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(PROCESSES), context.Queue()
    workers = [context.Process(target=_issue_many, args=(tmp_path / "queue.db", desk.tickets.settings, at("09:00"),
                                                         start, results)) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    answers = [answer for _ in workers for answer in results.get(timeout=120)]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    tally = Counter(answers)
    labels = [a for a in answers if a.startswith("A")]
    assert len(answers) == PROCESSES * ATTEMPTS
    assert len(labels) == CAPACITY and len(set(labels)) == CAPACITY
    assert sorted(labels) == [f"A{n:03d}" for n in range(1, CAPACITY + 1)]
    assert tally["day_full"] == PROCESSES * ATTEMPTS - CAPACITY
    tickets = desk.tickets.tickets_of_day(at("09:00").date())
    assert len(tickets) == CAPACITY
    # Each process kept its own view of who stands where: no spot was given twice.
    spots = [t.spot for t in tickets if t.status == "waiting"]
    assert len(spots) == len(set(spots)) == desk.tickets.hall_status(at("09:00")).usable_spots
    desk.store.close()
