"""The server crashes and restarts while four kiosks issue: every acknowledged ticket is there once, no other is."""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter

import pytest
from queue_helpers import ZONE, moment, settings_with

from kiosk.foundation.storage import OutcomeUnknown, StoreUnavailable
from kiosk.queue import Placed, Queue, Ticket
from kiosk.queue.model import SERVICE_CODES
from kiosk.queue.postgres_store import PostgresQueueStore

KIOSKS = 4
COUNTERS = 40
NOW = moment("10:00")


def _kiosk(url: str, seed: int, start, stop, resumed, results, progress) -> None:
    """Issue until told to stop, retrying by itself while tickets are paused.

    A ticket counts as "after the restart" when its issue began once the server was back (``resumed``).
    Whether a kiosk sees the outage as a pause depends on where the crash caught it: one whose COMMIT was
    in flight reconnects, learns that the server kept it, and goes on without ever pausing.
    """
    desk = None
    acknowledged, paused, unknown, after_restart = [], 0, 0, 0
    start.wait()
    deadline = time.monotonic() + 240
    while not stop.is_set() and time.monotonic() < deadline:
        began_after = resumed.is_set()
        try:
            desk = desk or Queue.prepared(PostgresQueueStore(url, ZONE), settings_with())
            service = SERVICE_CODES[(seed + len(acknowledged)) % len(SERVICE_CODES)]
            result = desk.tickets.issue_ticket(service, None, NOW)
        except OutcomeUnknown:
            unknown += 1
        except StoreUnavailable:
            paused += 1
            time.sleep(0.1)
        else:
            assert isinstance(result, Placed), result
            acknowledged.append(result.ticket.label)
            after_restart += began_after
            # What the test waits on instead of fixed sleeps: issued before the crash, and after the restart.
            progress[2 * seed + began_after] += 1
            time.sleep(0.02)
    if desk is not None:
        desk.store.close()
    results.put((acknowledged, paused, unknown, after_restart))


def _wait_for(condition, what: str, kiosks, timeout: float = 120.0) -> None:
    """Wait for ``condition``; a kiosk that died on the way fails the test at once, with its exit code."""
    end = time.monotonic() + timeout
    while not condition():
        dead = [kiosk.exitcode for kiosk in kiosks if kiosk.exitcode not in (None, 0)]
        assert not dead, f"a kiosk process died (exit codes {dead}) while waiting for {what}"
        assert time.monotonic() < end, f"gave up after {timeout} s waiting for {what}"
        time.sleep(0.05)


@pytest.mark.slow
def test_a_server_restart_while_issuing_loses_and_doubles_nothing(pg_cluster, pg_url, make_desk):
    desk = make_desk()
    for code in SERVICE_CODES:
        desk.centre.set_service(code, "test", NOW, daily_capacity=9999, visit_minutes=1)
    # Many open counters keep the expected call time far from closing: a slow machine lets the fast
    # kiosks issue thousands of tickets while the slowest one starts, and no ticket may be refused.
    for number in range(1, COUNTERS + 1):
        desk.centre.set_counter(str(number), SERVICE_CODES, True, "test", NOW)
    desk.store.close()
    context = multiprocessing.get_context("fork")
    start, stop, resumed, results = context.Barrier(KIOSKS + 1), context.Event(), context.Event(), context.Queue()
    progress = context.Array("i", 2 * KIOSKS)  # per kiosk: tickets before the crash, tickets after the restart
    kiosks = [context.Process(target=_kiosk, args=(pg_url, seed, start, stop, resumed, results, progress))
              for seed in range(KIOSKS)]
    for kiosk in kiosks:
        kiosk.start()
    start.wait()
    _wait_for(lambda: all(progress[2 * seed] > 0 for seed in range(KIOSKS)), "every kiosk issuing", kiosks)
    pg_cluster.halt("immediate")  # a crash: open transactions die, committed ones survive recovery
    time.sleep(1.0)  # the outage itself: kiosks must meet it
    pg_cluster.resume()
    resumed.set()
    _wait_for(lambda: all(progress[2 * seed + 1] > 0 for seed in range(KIOSKS)), "every kiosk issuing again", kiosks)
    stop.set()
    outcomes = [results.get(timeout=120) for _ in kiosks]
    for kiosk in kiosks:
        kiosk.join(timeout=30)
        assert kiosk.exitcode == 0

    acknowledged = [label for labels, _, _, _ in outcomes for label in labels]
    # The kiosks met the outage as a pause, every one went on by itself afterwards, and none had to guess.
    assert any(paused > 0 for _, paused, _, _ in outcomes)
    assert all(after_restart > 0 and unknown == 0 for _, _, unknown, after_restart in outcomes)
    stored = Counter(t.label for t in make_desk().tickets.tickets_of_day(NOW.date()))
    assert max(stored.values()) == 1
    assert sorted(stored) == sorted(acknowledged)


@pytest.mark.slow
def test_a_commit_lost_in_a_crash_is_not_taken_for_another_kiosks_transaction(pg_cluster, pg_url, open_store,
                                                                             make_desk):
    """The crash caught a kiosk before its COMMIT: its transaction id never reached the disk, so after
    recovery the server hands the same id to the next transaction (here another kiosk's start-up). Asking
    the server about that id would read "committed"; the kiosk must learn that its ticket was not kept."""
    store = open_store()
    lost = Ticket(NOW.date().isoformat(), "consultation", "consultation", 1, "A001", "waiting", NOW, nonce="n")
    with pytest.raises(StoreUnavailable, match="nothing was changed"), store.transaction() as tx:
        tx.insert_ticket(lost)
        pg_cluster.halt("immediate")
        pg_cluster.resume()
        other = make_desk()  # its first transactions take the ids the crash gave back
        assert other.tickets.issue_ticket("consultation", None, NOW).ticket.label == "A001"
    assert [t.label for t in other.tickets.tickets_of_day(NOW.date())] == ["A001"]
    # The kiosk that lost its ticket goes on with the next number, not a second A001.
    retry = Queue.prepared(store, settings_with()).tickets.issue_ticket("consultation", None, NOW)
    assert retry.ticket.label == "A002"
