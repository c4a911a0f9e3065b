"""A generated stretch of a centre's days, written through the real cores with a controlled clock.

Visitors pass (or fail) the health check, take numbers, are called, served or
missed at four counters; some come before opening or find a service's numbers
gone; some book and check in; some search the legal library. ``Activity``
counts what was done, so a report can be checked against it. Used by the
reports tests and by bench/bench_reports.py.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosk.foundation.runtime import Runtime
from kiosk.health.check import HealthCheck
from kiosk.health.decision import decide
from kiosk.health.model import HEALTH_CODE_URL
from kiosk.health.store import SqliteOutcomeStore
from kiosk.legal.library import LegalLibrary
from kiosk.queue import Placed, Queue, Refusal
from kiosk.wiring import open_queue

COUNTERS = {"1": ("consultation", "notarisation"), "2": ("legal_aid", "arbitration", "consultation"),
            "3": ("appraisal", "mediation", "consultation"), "4": ("consultation", "notarisation", "mediation")}
SERVICE_WEIGHTS = {"consultation": 8, "notarisation": 4, "legal_aid": 3, "arbitration": 2, "appraisal": 2,
                   "mediation": 3}
# (reason, colour, share of visitors)
HEALTH_MIX = (("green", "green", 0.85), ("yellow", "yellow", 0.07), ("red", "red", 0.03),
              ("no_code", "none", 0.03), ("mask_not_confirmed", "green", 0.02))
QUERIES = ("劳动合同 工资", "押金 不退", "离婚 财产", "法律援助 条件", "公证 材料", "工伤 赔偿", "欠薪", "定金 婚宴")
APPRAISAL_CAPACITY = 2
STEP = timedelta(minutes=2)
WEEKDAY_HOURS = "09:00-12:00, 13:30-17:00"


@dataclass
class Activity:
    """What the generator did, counted independently of the stores."""

    issued: Counter = field(default_factory=Counter)  # by service
    done: int = 0
    no_show: int = 0
    refusals: Counter = field(default_factory=Counter)  # queue refusals by reason
    health: Counter = field(default_factory=Counter)  # (colour, decision)
    booked: int = 0
    kept: int = 0
    searches: int = 0
    ticket_labels: list[str] = field(default_factory=list)


class _Clock:
    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def generate(runtime: Runtime, first: date, days: int, visitors_per_day: int, seed: int = 7,
             searches_per_day: int = 3, weekends: bool = False) -> Activity:
    """Write ``days`` days from ``first`` into the runtime's stores (weekends closed unless ``weekends``)."""
    rng = random.Random(seed)
    zone = ZoneInfo(runtime.settings.centre.timezone)
    desk = open_queue(runtime)
    clock = _Clock(datetime.combine(first, time(8, 0), zone))
    check = HealthCheck(runtime.settings, SqliteOutcomeStore(runtime.queue_db_path))
    library = LegalLibrary(runtime.knowledge_base_path, clock, runtime.settings.centre.timezone)
    activity = Activity()
    for counter_id, services in COUNTERS.items():
        desk.centre.set_counter(counter_id, services, True, "generator", clock.now)
    desk.centre.set_service("appraisal", "generator", clock.now, daily_capacity=APPRAISAL_CAPACITY)
    try:
        for offset in range(days):
            day = first + timedelta(days=offset)
            if weekends and day.weekday() >= 5:
                desk.centre.set_hours(day.isoformat(), WEEKDAY_HOURS, "generator", clock.now)
            _one_day(desk, check, library, clock, rng, activity, day, zone, visitors_per_day, searches_per_day)
    finally:
        library.close()
        desk.store.close()
    return activity


def _issue(desk: Queue, activity: Activity, service: str, now: datetime, priority: str | None = None) -> None:
    result = desk.tickets.issue_ticket(service, priority, now)
    if isinstance(result, Refusal):
        activity.refusals[result.reason] += 1
    else:
        activity.issued[service] += 1
        activity.ticket_labels.append(f"{result.ticket.day} {result.ticket.label}")


def _one_day(desk: Queue, check: HealthCheck, library: LegalLibrary, clock: _Clock, rng: random.Random,
             activity: Activity, day: date, zone: ZoneInfo, visitors: int, searches: int) -> None:
    at = lambda hour, minute: datetime.combine(day, time(hour, minute), zone)  # noqa: E731
    if day.isoformat() not in desk.centre.hours_table() and day.weekday() >= 5:
        _issue(desk, activity, "consultation", at(10, 0))  # a closed day: refused, and counted
        return
    _issue(desk, activity, "consultation", at(8, 40))  # before opening
    appointments = []
    for start in (at(10, 0), at(14, 0)):
        booked = desk.appointments.book("mediation", start, at(8, 45))
        if not isinstance(booked, Refusal):
            activity.booked += 1
            appointments.append(booked)
    # One keeps the appointment; the other never comes and is marked missed by later housekeeping.
    check_in_at = at(9, 50)
    arrivals = sorted(at(9, 0) + timedelta(minutes=rng.uniform(0, 420)) for _ in range(visitors))
    arrivals = [moment for moment in arrivals if not (at(12, 0) <= moment < at(13, 30))]
    weights = list(SERVICE_WEIGHTS.values())
    holding: dict[str, tuple[datetime, bool]] = {}
    now = at(9, 0)
    while now <= at(17, 0):
        clock.now = now
        while arrivals and arrivals[0] <= now:
            arrivals.pop(0)
            reason, colour, _ = rng.choices(HEALTH_MIX, weights=[w for *_, w in HEALTH_MIX])[0]
            decision = decide(reason, HEALTH_CODE_URL, colour)
            check.record(decision, now)
            activity.health[(colour, decision.decision)] += 1
            if decision.admitted:
                service = rng.choices(list(SERVICE_WEIGHTS), weights=weights)[0]
                _issue(desk, activity, service, now, "elderly" if rng.random() < 0.1 else None)
        if appointments and now >= check_in_at:
            kept = desk.appointments.check_in(appointments.pop(0).code, now)
            if isinstance(kept, Placed):
                activity.kept += 1
                activity.ticket_labels.append(f"{kept.ticket.day} {kept.ticket.label}")
            appointments.clear()
        for counter_id in COUNTERS:
            _counter_step(desk, rng, activity, holding, counter_id, now)
        now += STEP
    clock.now = at(17, 5)
    for query in rng.sample(QUERIES, searches):
        if library.search(query):
            activity.searches += 1


def _counter_step(desk: Queue, rng: random.Random, activity: Activity,
                  holding: dict[str, tuple[datetime, bool]], counter_id: str, now: datetime) -> None:
    """A counter finishes its visitor when the visit is over, then calls the next one."""
    if counter_id in holding:
        until, absent = holding[counter_id]
        if now < until:
            return
        del holding[counter_id]
        if absent:
            desk.tickets.no_show(counter_id, now)
            activity.no_show += 1
        else:
            desk.tickets.done(counter_id, now)
            activity.done += 1
    called = desk.tickets.call_next(counter_id, now)
    if called is None:
        return
    absent = rng.random() < 0.08
    if not absent:
        desk.tickets.serve(counter_id, now)
    holding[counter_id] = (now + timedelta(minutes=4 if absent else rng.uniform(6, 20)), absent)
