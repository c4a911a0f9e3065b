"""Reports: a monthly report of 10,000 tickets (count, then every CSV, chart and the summary), and backup.

The month is written through the queue store's own transactions (each ticket
issued, called, served and finished, with its events), the outcome log and the
knowledge base's query log: about 455 tickets on each of 22 weekdays.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

from common import Row

from kiosk.foundation.runtime import open_runtime
from kiosk.health.decision import decide
from kiosk.health.model import HEALTH_CODE_URL
from kiosk.health.store import Outcome, SqliteOutcomeStore
from kiosk.legal.store import KnowledgeBase
from kiosk.queue.model import CALLED, DONE, NO_SHOW, SERVING, WAITING, Ticket
from kiosk.reports.backup import restore_backup, take_backup
from kiosk.reports.charts import today_png
from kiosk.reports.figures import Period, collect
from kiosk.reports.sources import report_font
from kiosk.reports.writer import write_report
from kiosk.wiring import open_queue, open_sources

AREA = "reports"
ZONE = ZoneInfo("Asia/Shanghai")
MONTH = Period.month(2026, 11)
TICKETS = 10_000
PREFIXES = {"consultation": "A", "notarisation": "B", "legal_aid": "C", "arbitration": "D", "appraisal": "E",
            "mediation": "F"}
TERMS = ("劳动合同", "押金", "欠薪", "离婚", "法律援助", "公证", "工伤", "定金")


def _write_month(runtime, tickets: int) -> None:
    rng = random.Random(3)
    days = [d for d in (MONTH.first + timedelta(n) for n in range(30)) if d.weekday() < 5]
    desk = open_queue(runtime)
    outcomes = SqliteOutcomeStore(runtime.queue_db_path)
    library = KnowledgeBase(runtime.knowledge_base_path)
    per_day = tickets // len(days) + 1
    written = 0
    for day in days:
        opening = datetime.combine(day, clock(9, 0), ZONE)
        numbers = dict.fromkeys(PREFIXES, 0)
        with desk.store.transaction() as tx:
            for n in range(min(per_day, tickets - written)):
                service = rng.choice(list(PREFIXES))
                numbers[service] += 1
                issued = opening + timedelta(seconds=n * 55)
                ticket = tx.insert_ticket(Ticket(
                    day.isoformat(), service, service, numbers[service], f"{PREFIXES[service]}{numbers[service]:03d}",
                    WAITING, issued))
                called = issued + timedelta(minutes=rng.uniform(1, 40))
                steps = [(CALLED, called)] + ([(NO_SHOW, called + timedelta(minutes=3))] if rng.random() < 0.08
                                               else [(SERVING, called), (DONE, called + timedelta(minutes=15))])
                for status, at in steps:
                    stamp = {CALLED: "called_at", SERVING: "serving_at"}.get(status, "finished_at")
                    new = Ticket(**dict(vars(ticket), status=status, counter="1", **{stamp: at}))
                    tx.save_ticket(ticket, new, at)
                    ticket = new
                written += 1
        for n in range(per_day // 20):
            outcomes.add(Outcome.of(decide("green", HEALTH_CODE_URL, "green"), opening + timedelta(minutes=n), "k1"))
        for term in TERMS:
            library.log_query(day, term, "labour")
    library.close()
    desk.store.close()


def run(quick: bool) -> list[Row]:
    tickets = 2_000 if quick else TICKETS
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        runtime = open_runtime(None, Path(folder) / "data")
        _write_month(runtime, tickets)
        font = report_font(runtime)
        now = datetime.now(ZONE)
        sources = open_sources(runtime)
        started = time.perf_counter()
        figures = collect(sources, MONTH, now)
        counted = time.perf_counter() - started
        sources.close()
        assert figures.totals["tickets"] == tickets
        started = time.perf_counter()
        written = write_report(figures, Path(folder) / "out", font)
        drawn = time.perf_counter() - started
        rows += [
            Row(AREA, f"monthly report, {tickets} tickets: counting", counted, "s", note="all stores read and counted"),
            Row(AREA, f"monthly report, {tickets} tickets: total", counted + drawn, "s", "< 30 s",
                counted + drawn < 30, f"{len(written)} files: CSV, PNG, HTML, PDF"),
        ]
        day = Period.day(date(2026, 11, 30))
        sources = open_sources(runtime)
        started = time.perf_counter()
        today_png(collect(sources, day, now), font, 1080, 1500)
        rows.append(Row(AREA, "staff figures picture of a day", time.perf_counter() - started, "s",
                        note="count and draw, off the UI thread"))
        sources.close()
        backup = Path(folder) / "backup.zip"
        started = time.perf_counter()
        secret = bytes(32)  # any centre secret: the backup is sealed and checked with it
        take_backup(backup, runtime.queue_db_path, runtime.knowledge_base_path, secret=secret)
        taken = time.perf_counter() - started
        size = runtime.queue_db_path.stat().st_size / 1e6
        restored = Path(folder) / "restored"
        started = time.perf_counter()
        restore_backup(backup, restored / "kiosk.db", restored / "legal.db", restored, secret=secret)
        rows += [
            Row(AREA, f"backup, {tickets} tickets", taken, "s",
                note=f"queue {size:.1f} MB + knowledge base, zip {backup.stat().st_size / 1e6:.1f} MB"),
            Row(AREA, f"restore, {tickets} tickets", time.perf_counter() - started, "s",
                note="seal, sizes, checksums, integrity_check, schema, events of every ticket"),
        ]
    return rows
