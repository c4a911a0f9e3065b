"""Queue store speed on a SQLite file: issue and call-next latency, 8 issuing processes, a year of history.

The history is 150,000 finished tickets (and their transitions) over the year
before the measured day, bulk-inserted with sqlite-utils; issuing must stay
within 1.5 times its empty-store p95.
"""

from __future__ import annotations

import multiprocessing
import queue
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from common import Row, median, percentile

from kiosk.foundation.config import load_settings
from kiosk.foundation.sqlite import to_text
from kiosk.queue import Placed, Queue
from kiosk.queue.sqlite_store import SqliteQueueStore

AREA = "queue"
ZONE = ZoneInfo("Asia/Shanghai")
DAY = datetime(2026, 11, 30, 9, 0, tzinfo=ZONE)  # a Monday
HISTORY_TICKETS = 150_000
PROCESSES = 8
# Open tickets kept in the measured day's queue: a busy morning (the default capacities add up to 350 a day).
QUEUE_LENGTH = 80
SERVICES = ("consultation", "notarisation", "legal_aid", "arbitration", "appraisal", "mediation")


def _settings():
    base = load_settings()
    return replace(base, queue=replace(base.queue, last_ticket_margin_minutes=0))


def _desk(path: Path) -> Queue:
    # Room for every benchmark ticket: no day_full or after_last_ticket refusals in the timings.
    desk = Queue.prepared(SqliteQueueStore(path, ZONE), _settings())
    for code in SERVICES:
        # the largest and shortest allowed
        desk.centre.set_service(code, "bench", DAY, daily_capacity=9999, visit_minutes=1)
    desk.centre.set_counter("1", SERVICES, True, "bench", DAY)
    return desk


def _issue(desk: Queue, index: int) -> tuple[float, float]:
    """Issue one ticket of the index-th service: (wall ms, CPU ms)."""
    wall, cpu = time.perf_counter(), time.process_time()
    ticket = desk.tickets.issue_ticket(SERVICES[index % len(SERVICES)], None, DAY)
    timing = ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)
    assert isinstance(ticket, Placed), ticket
    return timing


def _day_timings(desk: Queue, issues: int) -> tuple[list[float], list[float], list[float]]:
    """Issue ``issues`` tickets; once QUEUE_LENGTH wait, counter 1 calls (and finishes) one per issue.

    Returns wall ms per issue, CPU ms per issue and wall ms per call.
    """
    issue_ms, issue_cpu_ms, call_ms = [], [], []
    for index in range(issues):
        wall, cpu = _issue(desk, index)
        issue_ms.append(wall)
        issue_cpu_ms.append(cpu)
        if index >= QUEUE_LENGTH:
            started = time.perf_counter()
            called = desk.tickets.call_next("1", DAY)
            call_ms.append((time.perf_counter() - started) * 1000)
            assert called is not None
            desk.tickets.done("1", DAY)
    return issue_ms, issue_cpu_ms, call_ms


def _add_history(desk: Queue, total: int) -> None:
    """``total`` finished tickets, with their four transitions, over the working days of the year before DAY."""
    days = [DAY.date() - timedelta(days=n) for n in range(1, 366)]
    days = [d for d in days if d.weekday() < 5]
    per_day = -(-total // len(days))
    tickets, events = [], []
    ticket_id = 10_000_000  # far above the benchmark's own ids
    for day in days:
        opening = datetime.combine(day, DAY.time(), tzinfo=ZONE)
        for number in range(1, min(per_day, total - len(tickets)) + 1):
            code = SERVICES[number % len(SERVICES)]
            issued_at = opening + timedelta(seconds=30 * number)
            # Visits of a second: learned lengths stay tiny, so the measured day never meets the last-ticket rule.
            issued, called, finished = (to_text(issued_at + timedelta(seconds=offset)) for offset in (0, 1200, 1201))
            ticket_id += 1
            tickets.append((ticket_id, day.isoformat(), code, code, number, f"X{number:03d}", "done", 0, 3, issued,
                            called, called, called, finished, "1"))
            events += [(ticket_id, issued, None, "waiting"), (ticket_id, called, "waiting", "called"),
                       (ticket_id, called, "called", "serving"), (ticket_id, finished, "serving", "done")]
    # One transaction and executemany: sqlite-utils' insert_all spends most of a minute on this.
    with desk.store.transaction():
        desk.store.db.conn.executemany(
            "INSERT INTO tickets (id, day, service, issued_service, number, label, status, recalls, ahead, issued_at, "
            "expected_call, called_at, serving_at, finished_at, counter) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", tickets)
        desk.store.db.conn.executemany(
            "INSERT INTO ticket_events (ticket_id, at, old_status, new_status) VALUES (?, ?, ?, ?)", events)
    desk.store.db.execute("ANALYZE")
    # A year grows with the usual checkpoints; one bulk load would otherwise leave a huge WAL to read through.
    desk.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _issue_in_process(path: Path, count: int, start, results) -> None:
    """One of the issuing processes: every outcome, even a failure, goes back to the parent."""
    try:
        desk = Queue.prepared(SqliteQueueStore(path, ZONE), _settings())
        start.wait(timeout=120)
        began = time.monotonic()
        for index in range(count):
            _issue(desk, index)
        results.put((began, time.monotonic()))
        desk.store.close()
    except Exception as error:
        results.put(RuntimeError(f"issuing process failed: {error!r}"))


def _throughput(path: Path, per_process: int) -> float:
    """Tickets per second issued by PROCESSES processes at once on one file."""
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(PROCESSES), context.Queue()
    workers = [context.Process(target=_issue_in_process, args=(path, per_process, start, results))
               for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    try:
        spans = [results.get(timeout=180) for _ in workers]
    except queue.Empty:
        codes = [worker.exitcode for worker in workers]
        for worker in workers:
            worker.kill()
        raise RuntimeError(f"issuing processes gave no answer; exit codes {codes}") from None
    for worker in workers:
        worker.join()
    for span in spans:
        if isinstance(span, Exception):
            raise span
    return PROCESSES * per_process / (max(end for _, end in spans) - min(began for began, _ in spans))


def _latency_rows(label: str, timings: tuple[list[float], list[float], list[float]]) -> list[Row]:
    issue, issue_cpu, call = timings
    p95 = percentile(issue, 0.95)
    return [
        Row(AREA, f"issue p50{label}", median(issue), "ms", note=f"{QUEUE_LENGTH} tickets queued"),
        Row(AREA, f"issue p95{label}", p95, "ms", "<= 5", p95 <= 5),
        Row(AREA, f"issue CPU p95{label}", percentile(issue_cpu, 0.95), "ms",
            note="CPU time: not inflated by other processes' load"),
        Row(AREA, f"call next p50{label}", median(call), "ms"),
        Row(AREA, f"call next p95{label}", percentile(call, 0.95), "ms"),
    ]


def run(quick: bool) -> list[Row]:
    issues, per_process = (200, 25) if quick else (1000, 50)
    history = HISTORY_TICKETS // 10 if quick else HISTORY_TICKETS
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        empty = _desk(Path(folder) / "empty.db")
        empty_timings = _day_timings(empty, issues)
        empty.store.close()
        rows += _latency_rows("", empty_timings)

        parallel = _desk(Path(folder) / "parallel.db")
        parallel.store.close()
        rate = _throughput(Path(folder) / "parallel.db", per_process)
        rows.append(Row(AREA, f"issue throughput, {PROCESSES} processes", rate, "tickets/s",
                        note=f"{PROCESSES * per_process} tickets"))

        year = _desk(Path(folder) / "year.db")
        started = time.perf_counter()
        _add_history(year, history)
        rows.append(Row(AREA, "bulk insert of history", time.perf_counter() - started, "s",
                        note=f"{history} tickets + 4 transitions each"))
        year_timings = _day_timings(year, issues)
        year.store.close()
        rows += _latency_rows(f" ({history // 1000}k history)", year_timings)
        ratio = percentile(year_timings[0], 0.95) / percentile(empty_timings[0], 0.95)
        rows.append(Row(AREA, "issue p95 history / empty", ratio, "x", "<= 1.5", ratio <= 1.5))
        rate = _throughput(Path(folder) / "year.db", per_process)
        rows.append(Row(AREA, f"issue throughput, {PROCESSES} processes (history)", rate, "tickets/s"))
    return rows
