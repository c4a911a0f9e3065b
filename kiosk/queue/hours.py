"""Reception hours (接待时间): weekly sessions, date overrides, time counted inside sessions, and how the
hours are posted (the state now and the week at a glance).

Hours are kept as a mapping from a key to sessions text: ``mon`` .. ``sun`` for
the week and ``YYYY-MM-DD`` for a date override (a closed holiday, an extra
Saturday, a shorter day). An override wins over its weekday.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from kiosk.foundation.config import WEEKDAYS, HoursSettings, Session, sessions, shown

HoursTable = Mapping[str, str]


def weekly_entries(hours: HoursSettings) -> dict[str, str]:
    """The configured week as hours-table entries, to seed a new store."""
    return {name: format_sessions(hours.for_weekday(index)) for index, name in enumerate(WEEKDAYS)}


def format_sessions(value: tuple[Session, ...]) -> str:
    """Sessions as config.ini writes them: ``09:00-12:00, 13:30-17:00`` or ``closed``."""
    return ", ".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in value) if value else "closed"


def check_key(key: str) -> str:
    """A weekday name or an ISO date; raises ValueError("expected ...") otherwise."""
    if key in WEEKDAYS:
        return key
    try:
        return date.fromisoformat(key).isoformat()
    except ValueError:
        raise ValueError(f"expected a weekday ({', '.join(WEEKDAYS)}) or a date such as 2026-10-01, "
                         f"got {shown(key)}") from None


def sessions_on(table: HoursTable, day: date) -> tuple[Session, ...]:
    """The sessions of ``day``: its override if staff set one, else its weekday's."""
    raw = table.get(day.isoformat())
    if raw is None:
        raw = table.get(WEEKDAYS[day.weekday()], "closed")
    return sessions(raw)


def day_bounds(table: HoursTable, day: date, zone) -> list[tuple[datetime, datetime]]:
    """``day``'s sessions as aware datetimes in ``zone``."""
    return [(datetime.combine(day, start, tzinfo=zone), datetime.combine(day, end, tzinfo=zone))
            for start, end in sessions_on(table, day)]


def next_opening(table: HoursTable, now: datetime, days: int = 31) -> datetime | None:
    """The start of the next session after ``now`` within ``days``; None if there is none."""
    for ahead in range(days + 1):
        for start, _end in day_bounds(table, now.date() + timedelta(days=ahead), now.tzinfo):
            if start > now:
                return start
    return None


def advance(start: datetime, minutes: float, bounds: list[tuple[datetime, datetime]]) -> datetime:
    """``minutes`` of reception time after ``start``, skipping breaks; past the last session it runs on."""
    moment, left = start, timedelta(minutes=minutes)
    for session_start, session_end in bounds:
        if moment >= session_end:
            continue
        moment = max(moment, session_start)
        if moment + left <= session_end:
            return moment + left
        left -= session_end - moment
        moment = session_end
    return moment + left


class ReceptionState(Enum):
    OPEN = "open"
    NOT_YET_OPEN = "not_yet_open"
    BREAK = "break"
    FINISHED = "finished"
    CLOSED_TODAY = "closed_today"


def reception_state(sessions: tuple[Session, ...], now: datetime) -> ReceptionState:
    """Where ``now`` falls among today's sessions."""
    if not sessions:
        return ReceptionState.CLOSED_TODAY
    moment = now.time()
    if moment < sessions[0][0]:
        return ReceptionState.NOT_YET_OPEN
    if any(start <= moment < end for start, end in sessions):
        return ReceptionState.OPEN
    if moment >= sessions[-1][1]:
        return ReceptionState.FINISHED
    return ReceptionState.BREAK


def sessions_text(sessions: tuple[Session, ...]) -> str:
    return "  ".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in sessions)


@dataclass(frozen=True)
class PostedHours:
    """Consecutive weekdays with the same sessions, as posted on the wall (周一至周五 ...)."""

    first_weekday: int
    last_weekday: int
    sessions: tuple[Session, ...]


def posted_week(week: Sequence[tuple[Session, ...]]) -> list[PostedHours]:
    """The week's sessions, Monday first, with runs of equal days joined."""
    runs: list[PostedHours] = []
    for weekday, day in enumerate(week):
        if runs and runs[-1].sessions == day:
            runs[-1] = PostedHours(runs[-1].first_weekday, weekday, day)
        else:
            runs.append(PostedHours(weekday, weekday, day))
    return runs
