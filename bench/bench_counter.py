"""The counter terminal: what one poll of the queue store costs, and how soon a ticket another process
issues shows in the terminal's list (the real app in its own main loop, bench/counter_driver.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_queue import DAY, QUEUE_LENGTH, SERVICES, _add_history, _desk
from bench_startup import display
from common import PROJECT_ROOT, Row, median, percentile

from kiosk.queue import Queue
from kiosk.queue.sqlite_store import SqliteQueueStore

AREA = "counter"
DRIVER = Path(__file__).resolve().parent / "counter_driver.py"
ISSUED_TODAY = 350  # the default services' daily capacities added up


def _busy_day(path: Path, history: int) -> Queue:
    """A year of history, today's 350 tickets issued and QUEUE_LENGTH of them still waiting."""
    desk = _desk(path)
    if history:
        _add_history(desk, history)
    for index in range(ISSUED_TODAY):
        desk.tickets.issue_ticket(SERVICES[index % len(SERVICES)], "elderly" if index % 9 == 0 else None, DAY)
    for _ in range(ISSUED_TODAY - QUEUE_LENGTH):
        desk.tickets.call_next("1", DAY)
        desk.tickets.done("1", DAY)
    return desk


def _polls(desk: Queue, other: Queue | None, count: int) -> list[float]:
    """Milliseconds per counter_view; with ``other``, another connection writes before each poll."""
    timings = []
    for index in range(count):
        if other is not None:
            other.tickets.issue_ticket(SERVICES[index % len(SERVICES)], None, DAY)
        started = time.perf_counter()
        view = desk.tickets.counter_view("1", DAY)
        timings.append((time.perf_counter() - started) * 1000)
        assert len(view.queue) == 30
    return timings


def _poll_rows(quick: bool) -> list[Row]:
    history = 20_000 if quick else 150_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "queue.db"
        desk = _busy_day(path, history)
        other = Queue.prepared(SqliteQueueStore(path, desk.tickets.zone), desk.tickets.settings)
        still = _polls(desk, None, 100 if quick else 300)
        changed = _polls(desk, other, 60 if quick else 200)
        other.store.close()
        desk.store.close()
    note = f"{QUEUE_LENGTH} waiting, {ISSUED_TODAY} issued today, {history:,} tickets of history"
    return [
        Row(AREA, "counter view poll, nothing changed (p95)", percentile(still, 0.95), "ms", "<= 20",
            percentile(still, 0.95) <= 20, note),
        Row(AREA, "counter view poll after another process wrote (p95)", percentile(changed, 0.95), "ms", "<= 20",
            percentile(changed, 0.95) <= 20, "two polls a second, on the queue worker, off the UI thread"),
    ]


def _shown_rows(quick: bool) -> list[Row]:
    count = 8 if quick else 20
    with tempfile.TemporaryDirectory() as folder, display() as display_name:
        result = subprocess.run([sys.executable, str(DRIVER), str(Path(folder) / "data"), str(count)],
                                capture_output=True, text=True, timeout=180, cwd=PROJECT_ROOT,
                                env={**os.environ, "DISPLAY": display_name})
    if result.returncode != 0:
        raise RuntimeError(f"counter driver failed: {result.stderr[-2000:]}")
    found = json.loads(result.stdout.strip().splitlines()[-1])
    delays = found["issue_to_shown_s"]
    if len(delays) < count:
        raise RuntimeError(f"only {len(delays)} of {count} issued tickets were shown")
    return [
        Row(AREA, "ticket issued in another process to shown on the terminal (median)", median(delays), "s", "", None,
            f"{count} tickets; the terminal polls every 0.5 s"),
        Row(AREA, "ticket issued in another process to shown on the terminal (max)", max(delays), "s", "<= 1.5",
            max(delays) <= 1.5, "the brief: within about a second"),
    ]


def run(quick: bool) -> list[Row]:
    return [*_poll_rows(quick), *_shown_rows(quick)]
