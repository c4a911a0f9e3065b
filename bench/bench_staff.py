"""Staff side: what a running kiosk's staff watch costs, and how soon another process sees a staff change.

The store holds a year of disinfection log (eight rounds a day) and its audit.
The kiosk polls every few seconds; each poll reads the setting overrides, the
last round of each kind and today's hours. A change committed by one process
is seen by another process's next read: measured between two processes.
"""

from __future__ import annotations

import multiprocessing
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from common import Row, median, percentile

from kiosk.foundation.config import load_settings
from kiosk.queue import Queue
from kiosk.queue.model import ROUND_AREAS, ROUND_KINDS, DisinfectionRound
from kiosk.queue.sqlite_store import SqliteQueueStore
from kiosk.staff.centre_setup import POLL_SECONDS, CentreSetup, effective_settings
from kiosk.staff.disinfection import round_statuses

AREA = "staff"
ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=ZONE)
ROUNDS_PER_DAY, DAYS = 8, 365


def _fill(path: Path) -> None:
    desk = Queue.prepared(SqliteQueueStore(path, ZONE), load_settings())
    with desk.store.transaction() as tx:
        for day in range(DAYS):
            for index in range(ROUNDS_PER_DAY):
                at = NOW - timedelta(days=day, hours=index)
                tx.add_round(DisinfectionRound(at, ROUND_KINDS[index % 2], ROUND_AREAS[index % len(ROUND_AREAS)],
                                               "bench"))
    desk.store.close()


def _poll(desk: Queue, settings) -> None:
    """What the kiosk's staff watch reads on each tick."""
    effective = effective_settings(settings, desk.centre.setting_overrides())
    round_statuses(desk.staff_log.last_rounds(), effective.staff, desk.centre.today_hours(NOW).open_now, NOW)


def _watch(path: Path, ready, seen) -> None:
    """The other process: poll until the idle timeout changes, and report when (monotonic clock)."""
    settings = load_settings()
    desk = Queue.prepared(SqliteQueueStore(path, ZONE), settings)
    ready.set()
    while effective_settings(settings, desk.centre.setting_overrides()).display.idle_timeout == 90:
        pass
    seen.put(time.monotonic())


def run(quick: bool) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "queue.db"
        _fill(path)
        settings = load_settings()
        desk = Queue.prepared(SqliteQueueStore(path, ZONE), settings)
        times = []
        for _ in range(50 if quick else 300):
            start = time.perf_counter()
            _poll(desk, settings)
            times.append((time.perf_counter() - start) * 1000)
        rows.append(Row(AREA, f"staff watch poll, {DAYS * ROUNDS_PER_DAY} rounds logged (p95)",
                        round(percentile(times, 0.95), 2), "ms", "< 20", percentile(times, 0.95) < 20,
                        f"median {median(times):.2f} ms; the kiosk polls every {POLL_SECONDS:g} s"))

        context = multiprocessing.get_context("fork")
        latencies = []
        setup = CentreSetup(desk.centre, settings)
        for attempt in range(3 if quick else 10):
            ready, seen = context.Event(), context.Queue()
            other = context.Process(target=_watch, args=(path, ready, seen))
            other.start()
            ready.wait(timeout=60)
            time.sleep(0.05)
            start = time.monotonic()
            setup.set_policy("display.idle_timeout", str(100 + attempt), "bench", NOW)
            latencies.append((seen.get(timeout=60) - start) * 1000)
            other.join(timeout=30)
            setup.set_policy("display.idle_timeout", "90", "bench", NOW)
        rows.append(Row(AREA, "staff change seen by another process (median)", round(median(latencies), 2), "ms",
                        "< 100", median(latencies) < 100,
                        f"commit to the other process's read; a kiosk adds up to {POLL_SECONDS:g} s of polling"))
        desk.store.close()
    return rows
