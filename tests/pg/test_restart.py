"""The server crashes and restarts while four kiosks issue: every acknowledged ticket is there once, no other is."""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter

import pytest
from queue_helpers import ZONE, moment, settings_with

from kiosk.queue import QueueDesk, Ticket
from kiosk.queue.model import SERVICE_CODES
from kiosk.queue.postgres_store import OutcomeUnknown, PostgresQueueStore, StoreUnavailable

KIOSKS = 4
NOW = moment("10:00")


def _kiosk(url: str, seed: int, start, stop, results) -> None:
    """Issue until told to stop, retrying by itself while tickets are paused; acknowledged after the pause too."""
    desk = None
    acknowledged, paused, unknown, after_pause = [], 0, 0, 0
    start.wait()
    deadline = time.monotonic() + 60
    while not stop.is_set() and time.monotonic() < deadline:
        try:
            desk = desk or QueueDesk(PostgresQueueStore(url, ZONE), settings_with())
            result = desk.issue_ticket(SERVICE_CODES[(seed + len(acknowledged)) % len(SERVICE_CODES)], None, NOW)
        except OutcomeUnknown:
            unknown += 1
        except StoreUnavailable:
            paused += 1
            time.sleep(0.1)
        else:
            assert isinstance(result, Ticket), result
            acknowledged.append(result.label)
            after_pause += 1 if paused else 0
            time.sleep(0.01)
    if desk is not None:
        desk.store.close()
    results.put((acknowledged, paused, unknown, after_pause))


@pytest.mark.slow
def test_a_server_restart_while_issuing_loses_and_doubles_nothing(pg_cluster, pg_url, make_desk):
    desk = make_desk()
    for code in SERVICE_CODES:
        desk.set_service(code, "test", NOW, daily_capacity=1000, visit_minutes=1)
    desk.store.close()
    context = multiprocessing.get_context("fork")
    start, stop, results = context.Barrier(KIOSKS + 1), context.Event(), context.Queue()
    kiosks = [context.Process(target=_kiosk, args=(pg_url, seed, start, stop, results)) for seed in range(KIOSKS)]
    for kiosk in kiosks:
        kiosk.start()
    start.wait()
    time.sleep(0.5)
    pg_cluster.halt("immediate")  # a crash: open transactions die, committed ones survive recovery
    time.sleep(1.0)
    pg_cluster.resume()
    time.sleep(1.0)
    stop.set()
    outcomes = [results.get(timeout=120) for _ in kiosks]
    for kiosk in kiosks:
        kiosk.join(timeout=30)
        assert kiosk.exitcode == 0

    acknowledged = [label for labels, _, _, _ in outcomes for label in labels]
    # Every kiosk was paused by the restart, went on by itself afterwards, and never had to guess.
    assert all(paused > 0 and after_pause > 0 and unknown == 0 for _, paused, unknown, after_pause in outcomes)
    stored = Counter(t.label for t in make_desk().tickets_of_day(NOW.date()))
    assert max(stored.values()) == 1
    assert sorted(stored) == sorted(acknowledged)
