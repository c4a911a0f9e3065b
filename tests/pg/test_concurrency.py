"""A day's load on one server: 8 kiosk processes issuing, 3 counter processes calling, a display board watching.

Afterwards: no service past its capacity, no number twice, every ticket called
to at most one counter, every ticket's history one unbroken chain, and on
every snapshot the board took, the occupied waiting spots kept the spacing.
"""

from __future__ import annotations

import math
import multiprocessing
import random
import time
from collections import Counter, defaultdict
from itertools import pairwise

import pytest
from queue_helpers import ZONE, moment, settings_with

from kiosk.queue import Queue, Refusal
from kiosk.queue.model import DONE, NO_SHOW, SERVICE_CODES, WAITING
from kiosk.queue.postgres_store import PostgresQueueStore

KIOSKS, COUNTERS, ATTEMPTS, CAPACITY = 8, 3, 45, 50  # 360 attempts for 300 numbers
# 1.5 m apart on a 1 m grid of 3 x 4: only 4 of the 12 spots are usable, so the hall fills and tickets wait outside.
SECTIONS = {"hall": {"rows": 3, "columns": 4, "spacing_m": 1.5}}
NOW = moment("10:00")


def _desk(url: str) -> Queue:
    return Queue.prepared(PostgresQueueStore(url, ZONE), settings_with(**SECTIONS))


def _kiosk(url: str, seed: int, start, results) -> None:
    desk, chance = _desk(url), random.Random(seed)
    start.wait()
    answers = []
    for attempt in range(ATTEMPTS):
        priority = chance.choice(("elderly", "frontline")) if chance.random() < 0.15 else None
        service = SERVICE_CODES[(seed + attempt) % len(SERVICE_CODES)]  # 60 attempts for each service's 50
        result = desk.tickets.issue_ticket(service, priority, NOW)
        answers.append(result.reason if isinstance(result, Refusal) else
                       (result.ticket.label, result.ticket.status, result.ticket.spot))
    desk.store.close()
    results.put(("kiosk", answers))


def _counter(url: str, counter_id: str, seed: int, start, kiosks_done, results) -> None:
    desk, chance = _desk(url), random.Random(seed)
    start.wait()
    called = []
    while True:
        ticket = desk.tickets.call_next(counter_id, NOW)
        if ticket is None:
            if kiosks_done.is_set() and not desk.tickets.hall_status(NOW).deferred:
                break
            time.sleep(0.05)  # staff press "next" again a moment later
            continue
        called.append(ticket.label)
        if chance.random() < 0.1:
            while desk.tickets.recall(counter_id, NOW).status != NO_SHOW:
                pass
        else:
            desk.tickets.done(counter_id, NOW)
    desk.store.close()
    results.put(("counter", called))


def _board(url: str, spacing: float, stop, results) -> None:
    """The display board: reads the day in one snapshot after another and checks the hall on each."""
    desk = _desk(url)
    with desk.store.transaction(write=False) as tx:
        where = {spot.id: (spot.x, spot.y) for spot in tx.spots()}
    snapshots, problems = 0, []
    while not stop.is_set():
        day = desk.tickets.tickets_of_day(NOW.date())
        occupied = [t.spot for t in day if t.status == WAITING and t.spot is not None]
        snapshots += 1
        if len(set(occupied)) != len(occupied):
            problems.append(f"a spot given twice: {sorted(occupied)}")
        for index, first in enumerate(occupied):
            for second in occupied[index + 1:]:
                if math.dist(where[first], where[second]) < spacing - 1e-9:
                    problems.append(f"spots {first} and {second} closer than {spacing} m")
        time.sleep(0.05)
    desk.store.close()
    results.put(("board", (snapshots, problems)))


@pytest.mark.slow
def test_eight_kiosks_and_three_counters_keep_every_rule_under_a_days_load(pg_url, make_desk):
    desk = make_desk(**SECTIONS)
    for code in SERVICE_CODES:
        # The shortest visit length keeps every number clear of the last-ticket rule; only the capacity refuses.
        desk.centre.set_service(code, "test", NOW, daily_capacity=CAPACITY, visit_minutes=1)
    for number in range(1, COUNTERS + 1):
        desk.centre.set_counter(str(number), SERVICE_CODES, True, "test", NOW)
    desk.store.close()

    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(KIOSKS + COUNTERS), context.Queue()
    kiosks_done, board_stop = context.Event(), context.Event()
    kiosks = [context.Process(target=_kiosk, args=(pg_url, seed, start, results)) for seed in range(KIOSKS)]
    counters = [context.Process(target=_counter, args=(pg_url, str(n), 100 + n, start, kiosks_done, results))
                for n in range(1, COUNTERS + 1)]
    board = context.Process(target=_board, args=(pg_url, SECTIONS["hall"]["spacing_m"], board_stop, results))
    for process in (board, *kiosks, *counters):
        process.start()
    answers: dict[str, list] = defaultdict(list)
    for _ in kiosks:
        kind, value = results.get(timeout=120)
        answers[kind].append(value)
    kiosks_done.set()
    for _ in counters:
        kind, value = results.get(timeout=120)
        answers[kind].append(value)
    board_stop.set()
    kind, board_result = results.get(timeout=60)
    assert kind == "board"
    for process in (board, *kiosks, *counters):
        process.join(timeout=30)
        assert process.exitcode == 0

    issued = [answer for kiosk in answers["kiosk"] for answer in kiosk if isinstance(answer, tuple)]
    refused = Counter(answer for kiosk in answers["kiosk"] for answer in kiosk if isinstance(answer, str))
    day = make_desk(**SECTIONS).tickets.tickets_of_day(NOW.date())
    # Nothing lost, nothing extra: the store holds exactly the tickets the kiosks were given.
    assert sorted(t.label for t in day) == sorted(label for label, _, _ in issued)
    assert len(issued) == KIOSKS * ATTEMPTS - sum(refused.values())
    assert set(refused) <= {"day_full"}
    for code in SERVICE_CODES:  # capacity never exceeded, and numbers 1..n with no gap or repeat
        numbers = sorted(t.number for t in day if t.issued_service == code)
        assert len(numbers) <= CAPACITY and numbers == list(range(1, len(numbers) + 1))
    assert len(day) == CAPACITY * len(SERVICE_CODES)  # every service was asked for more than it has
    # The hall filled up: some tickets were issued outside with a return time.
    assert any(status == "deferred" for _, status, _ in issued)
    # Every ticket was called exactly once, to one counter, and finished.
    calls = [label for counter in answers["counter"] for label in counter]
    assert sorted(calls) == sorted(t.label for t in day)
    assert {t.status for t in day} <= {DONE, NO_SHOW}
    with make_desk().store.transaction(write=False) as tx:
        for ticket in day:
            chain = tx.transitions(ticket.id)
            assert chain[0].old is None
            assert all(later.old == earlier.new for earlier, later in pairwise(chain))
            assert [t.new for t in chain].count("called") == 1
            assert len({t.counter for t in chain if t.counter}) == 1
    snapshots, problems = board_result
    assert snapshots > 10 and problems == []
