"""The figures of a day or a month, gathered from the stores: counts and durations only, never a person.

Tickets come from the queue store, health-check outcomes from the outcome log,
searches from the knowledge base's query log. Everything is counted here, in
one place, so the SQLite and the PostgreSQL store give the same report.
"""

from __future__ import annotations

import calendar
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from kiosk.queue.model import (
    CANCELLED,
    CHECKED_IN,
    DONE,
    EXPIRED,
    MISSED,
    NO_SHOW,
    OPEN_STATES,
    Service,
    Ticket,
)
from kiosk.queue.store import QueueStore
from kiosk.reports.platforms import PlatformFigures, read_platforms

if TYPE_CHECKING:
    from kiosk.health.store import OutcomeStore
    from kiosk.legal.library import LegalLibrary
    from kiosk.workorders.store import WorkOrderStore

QUEUE, HEALTH_CHECK = "queue", "health_check"
ADMITTED = "admit"
TOP_SEARCHES = 15

# Short names for tables and charts; the visitor's full sentences live in the queue and health cores.
REASON_NAMES: dict[str, tuple[str, str]] = {
    "closed": ("非接待时间", "outside reception hours"),
    "day_full": ("当日号源已满", "day's numbers all taken"),
    "service_disabled": ("业务暂停取号", "service paused"),
    "after_last_ticket": ("排队已到下班时间", "queue reaches closing time"),
    "slot_full": ("预约时段已满", "time slot full"),
    "yellow": ("黄码", "yellow code"),
    "red": ("红码", "red code"),
    "red_confirmed": ("红码（核验服务确认）", "red code, confirmed"),
    "green_staff_check": ("绿码待人工确认", "green, staff to confirm"),
    "no_colour": ("颜色无法识别", "colour unreadable"),
    "no_code": ("未读到健康码", "no code read"),
    "not_health_code": ("非健康码", "not a health code"),
    "code_expired": ("健康码过期", "code expired"),
    "other_province": ("外省健康码", "other province's code"),
    "temperature_high": ("体温偏高", "temperature high"),
    "temperature_unavailable": ("未测得体温", "no temperature"),
    "mask_not_confirmed": ("未确认佩戴口罩", "mask not confirmed"),
}
# In the order charts show them.
COLOUR_NAMES = {"green": ("绿码", "green"), "yellow": ("黄码", "yellow"), "red": ("红码", "red"),
                "none": ("未识别", "unread")}
DECISION_NAMES = {"admit": ("通过", "admitted"), "refer": ("转工作人员", "referred to staff"),
                  "refuse": ("未通过", "refused")}


def name_of(names: dict[str, tuple[str, str]], code: str, language: str = "zh") -> str:
    """A code's short name in ``language`` (zh or en); the code itself when it has none."""
    pair = names.get(code)
    return code if pair is None else pair[language == "en"]


@dataclass(frozen=True)
class Period:
    """The days a report covers: one day, or one calendar month."""

    kind: str  # "daily" or "monthly"
    first: date
    last: date

    @classmethod
    def day(cls, day: date) -> Period:
        return cls("daily", day, day)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls("monthly", date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def parse(cls, kind: str, text: str) -> Period:
        """``daily`` with YYYY-MM-DD or ``monthly`` with YYYY-MM; ValueError("expected ...") otherwise."""
        try:
            if kind == "daily":
                return cls.day(date.fromisoformat(text))
            year, month = (int(part) for part in text.split("-"))
            if len(text) == 7:
                return cls.month(year, month)
        except ValueError:
            pass
        raise ValueError(f"expected {'a date YYYY-MM-DD' if kind == 'daily' else 'a month YYYY-MM'}, got {text!r}")

    @property
    def label(self) -> str:
        return self.first.isoformat() if self.kind == "daily" else f"{self.first:%Y-%m}"

    @property
    def title_zh(self) -> str:
        month = f"{self.first.year}年{self.first.month}月"
        return f"{month}{self.first.day}日" if self.kind == "daily" else month

    def days(self) -> list[str]:
        return [(self.first + timedelta(days=n)).isoformat() for n in range((self.last - self.first).days + 1)]

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The period's start and the next day's start, as aware times in the centre's zone."""
        return (datetime.combine(self.first, time(), zone),
                datetime.combine(self.last + timedelta(days=1), time(), zone))


@dataclass(frozen=True)
class Spread:
    """How long something took, in minutes."""

    count: int = 0
    mean: float = 0.0
    median: float = 0.0
    p90: float = 0.0
    longest: float = 0.0

    @classmethod
    def of(cls, minutes: list[float]) -> Spread:
        if not minutes:
            return cls()
        ordered = sorted(minutes)
        # Nearest rank: a value some visitor really waited.
        p90 = ordered[max(0, -(-9 * len(ordered) // 10) - 1)]
        return cls(len(ordered), statistics.fmean(ordered), statistics.median(ordered), p90, ordered[-1])


@dataclass(frozen=True)
class ServiceFigures:
    """One service's tickets, durations and appointments."""

    service: Service
    issued: int
    done: int
    no_show: int
    cancelled: int
    expired: int
    still_open: int
    priority: int
    deferred: int  # the hall was full: sent away with a return time (回场时间) instead of a spot
    waits: Spread
    visits: Spread
    appointments_kept: int
    appointments_missed: int
    appointments_booked: int


@dataclass(frozen=True)
class Figures:
    """Everything a report shows. Counts keyed by codes; names come from the tables above."""

    period: Period
    generated_at: datetime
    services: tuple[ServiceFigures, ...]
    by_hour: dict[int, int]
    by_day: dict[str, int]
    waits: Spread
    visits: Spread
    refusals: dict[tuple[str, str], int]  # (queue or health_check, reason) -> count
    health: dict[tuple[str, str], int]  # (colour, decision) -> count
    searches: tuple[tuple[str, str, int], ...]  # (terms, topic, count), most asked first
    searches_by_topic: dict[str, int]
    searches_total: int
    platforms: PlatformFigures | None = None  # work orders, ratings and 热点, where the store has them

    @property
    def totals(self) -> dict[str, int | float]:
        """The headline numbers: what the summary, --json and the staff screen show."""
        return {
            "tickets": sum(s.issued for s in self.services),
            "done": sum(s.done for s in self.services),
            "no_show": sum(s.no_show for s in self.services),
            "cancelled": sum(s.cancelled for s in self.services),
            "expired": sum(s.expired for s in self.services),
            "priority": sum(s.priority for s in self.services),
            "deferred_hall_full": sum(s.deferred for s in self.services),
            "refusals_queue": sum(n for (source, _), n in self.refusals.items() if source == QUEUE),
            "refusals_health_check": sum(n for (source, _), n in self.refusals.items() if source == HEALTH_CHECK),
            "health_checks": sum(self.health.values()),
            "health_admitted": sum(n for (_, decision), n in self.health.items() if decision == ADMITTED),
            "appointments_kept": sum(s.appointments_kept for s in self.services),
            "appointments_missed": sum(s.appointments_missed for s in self.services),
            "searches": self.searches_total,
            "mean_wait_minutes": round(self.waits.mean, 1),
            "mean_visit_minutes": round(self.visits.mean, 1),
        }

    def summary_lines(self) -> list[str]:
        """The totals and the main points, one sentence a line, for the summary page."""
        t = self.totals
        lines = [
            f"取号 {t['tickets']} 人次，办结 {t['done']}，过号 {t['no_show']}，取消 {t['cancelled']}，"
            f"未办结过期 {t['expired']}；优先 {t['priority']} 人次；大厅满员回场 {t['deferred_hall_full']} 人次。",
            f"平均等候 {t['mean_wait_minutes']} 分钟，平均办理 {t['mean_visit_minutes']} 分钟。",
            f"未能取号 {t['refusals_queue']} 次；健康码核验 {t['health_checks']} 人次，"
            f"直接通过 {t['health_admitted']}。",
            f"预约签到 {t['appointments_kept']} 人，爽约 {t['appointments_missed']} 人；法律查询 {t['searches']} 次。",
        ]
        if self.platforms is not None:
            lines += self.platforms.summary_lines()
        return lines + [f"{n}. {point}" for n, point in enumerate(self.worries(), 1)]

    def worries(self) -> list[str]:
        """The main points for the monthly analysis (研判), in Chinese, most telling first."""
        points: list[str] = []
        if self.searches:
            top = "、".join(f"“{terms}”（{count}次）" for terms, _, count in self.searches[:5])
            points.append(f"群众查询最多的问题：{top}。")
        full = Counter()
        for (source, reason), count in self.refusals.items():
            if source == QUEUE:
                full[reason] += count
        if full:
            reason, count = full.most_common(1)[0]
            points.append(f"共 {sum(full.values())} 次未能取号，其中因“{name_of(REASON_NAMES, reason)}” {count} 次。")
        busiest = max(self.services, key=lambda s: s.waits.mean, default=None)
        if busiest is not None and busiest.waits.count:
            points.append(f"{busiest.service.name}等候最久：平均 {busiest.waits.mean:.0f} 分钟，"
                          f"九成在 {busiest.waits.p90:.0f} 分钟内。")
        called = sum(s.done + s.no_show for s in self.services)
        if called:
            no_show = sum(s.no_show for s in self.services)
            points.append(f"过号 {no_show} 人，占叫号的 {100 * no_show / called:.0f}%。")
        kept = sum(s.appointments_kept for s in self.services)
        missed = sum(s.appointments_missed for s in self.services)
        if kept + missed:
            points.append(f"预约签到 {kept} 人，爽约 {missed} 人。")
        turned = sum(n for (_, decision), n in self.health.items() if decision != ADMITTED)
        if turned:
            points.append(f"健康码核验未直接通过 {turned} 人次，请关注引导与远程服务。")
        return points


@dataclass
class Sources:
    """Where the figures come from; ``outcomes`` and ``library`` may be absent on a machine without them."""

    store: QueueStore
    zone: ZoneInfo
    outcomes: OutcomeStore | None = None
    library: LegalLibrary | None = None
    workorders: WorkOrderStore | None = None

    def close(self) -> None:
        self.store.close()
        for other in (self.outcomes, self.library, self.workorders):
            if hasattr(other, "close"):
                other.close()


def _minutes(start: datetime | None, end: datetime | None) -> float | None:
    return None if start is None or end is None else (end - start).total_seconds() / 60


def _waits(tickets: list[Ticket]) -> Spread:
    """Issued to first called: deferred visitors' time outside counts too, as they waited for it."""
    return Spread.of([m for t in tickets if (m := _minutes(t.issued_at, t.called_at)) is not None])


def _visits(tickets: list[Ticket]) -> Spread:
    """Serving (or called, when the counter skipped "serving") to done."""
    return Spread.of([m for t in tickets if t.status == DONE
                      and (m := _minutes(t.serving_at or t.called_at, t.finished_at)) is not None])


def collect(sources: Sources, period: Period, now: datetime) -> Figures:
    """Read the period's records from every store and count them."""
    first, last = period.first.isoformat(), period.last.isoformat()
    with sources.store.transaction(write=False) as tx:
        services = tx.services()
        tickets = tx.tickets_between(first, last)
        appointments = tx.appointments_between(first, last)
        refused = tx.refusal_counts(first, last)
    by_service: dict[str, list[Ticket]] = {s.code: [] for s in services}
    for ticket in tickets:
        by_service.setdefault(ticket.issued_service, []).append(ticket)
    known = {s.code: s for s in services}
    rows = []
    for code, own in by_service.items():
        states = Counter(t.status for t in own)
        booked = Counter(a.status for a in appointments if a.service == code)
        service = known.get(code) or Service(code, code, code, "", 0, 0)
        rows.append(ServiceFigures(
            service, len(own), states[DONE], states[NO_SHOW], states[CANCELLED], states[EXPIRED],
            sum(states[s] for s in OPEN_STATES), sum(1 for t in own if t.priority),
            sum(1 for t in own if t.return_time is not None), _waits(own),
            _visits(own), booked[CHECKED_IN], booked[MISSED], sum(booked.values())))
    zone = sources.zone
    by_hour = Counter(t.issued_at.astimezone(zone).hour for t in tickets)
    by_day = Counter(t.day for t in tickets)
    refusals: Counter[tuple[str, str]] = Counter()
    for (_, reason, _), count in refused.items():
        refusals[(QUEUE, reason)] += count
    health: Counter[tuple[str, str]] = Counter()
    if sources.outcomes is not None:
        for outcome in sources.outcomes.outcomes(*period.bounds(zone)):
            health[(outcome.colour, outcome.decision)] += 1
            if outcome.decision != ADMITTED:
                refusals[(HEALTH_CHECK, outcome.reason)] += 1
    searches: tuple[tuple[str, str, int], ...] = ()
    by_topic: Counter[str] = Counter()
    if sources.library is not None:
        searches = tuple(sources.library.popular_terms(period.first, period.last, TOP_SEARCHES))
        for _, topic, count in sources.library.daily_counts(period.first, period.last):
            by_topic[topic] += count
    platforms = None
    if sources.workorders is not None:
        platforms = read_platforms(sources.workorders, period, zone, now, dict(by_topic),
                                   {row.service.code: row.issued for row in rows}, searches,
                                   {row.service.code: row.service.name for row in rows})
    return Figures(
        period=period, generated_at=now, services=tuple(rows), platforms=platforms,
        by_hour=dict(sorted(by_hour.items())), by_day={day: by_day.get(day, 0) for day in period.days()},
        waits=_waits(tickets), visits=_visits(tickets),
        refusals=dict(refusals.most_common()), health=dict(sorted(health.items())), searches=searches,
        searches_by_topic=dict(by_topic.most_common()), searches_total=sum(by_topic.values()))
