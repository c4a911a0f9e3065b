"""Today's posted reception hours (接待时间) and whether the centre is receiving now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from kiosk.config import HoursSettings, Session


class ReceptionState(Enum):
    OPEN = "open"
    NOT_YET_OPEN = "not_yet_open"
    BREAK = "break"
    FINISHED = "finished"
    CLOSED_TODAY = "closed_today"


@dataclass(frozen=True)
class ReceptionToday:
    sessions: tuple[Session, ...]
    state: ReceptionState

    @property
    def sessions_text(self) -> str:
        return sessions_text(self.sessions)


def next_opening(hours: HoursSettings, now: datetime) -> datetime | None:
    """When the next session starts after ``now``, within a week; None if every day is closed."""
    for days_ahead in range(8):
        day = now.date() + timedelta(days=days_ahead)
        for start, _end in hours.for_weekday(day.weekday()):
            opening = datetime.combine(day, start, tzinfo=now.tzinfo)
            if opening > now:
                return opening
    return None


def reception_today(hours: HoursSettings, now: datetime) -> ReceptionToday:
    """The sessions of ``now``'s weekday and where ``now`` falls among them."""
    sessions = hours.for_weekday(now.weekday())
    if not sessions:
        return ReceptionToday(sessions, ReceptionState.CLOSED_TODAY)
    moment = now.time()
    if moment < sessions[0][0]:
        state = ReceptionState.NOT_YET_OPEN
    elif any(start <= moment < end for start, end in sessions):
        state = ReceptionState.OPEN
    elif moment >= sessions[-1][1]:
        state = ReceptionState.FINISHED
    else:
        state = ReceptionState.BREAK
    return ReceptionToday(sessions, state)


@dataclass(frozen=True)
class PostedHours:
    """Consecutive weekdays with the same sessions, as posted on the wall (周一至周五 ...)."""

    first_weekday: int
    last_weekday: int
    sessions: tuple[Session, ...]


def posted_week(hours: HoursSettings) -> list[PostedHours]:
    """The week's hours, runs of equal days joined."""
    runs: list[PostedHours] = []
    for weekday in range(7):
        sessions = hours.for_weekday(weekday)
        if runs and runs[-1].sessions == sessions:
            runs[-1] = PostedHours(runs[-1].first_weekday, weekday, sessions)
        else:
            runs.append(PostedHours(weekday, weekday, sessions))
    return runs


def sessions_text(sessions: tuple[Session, ...]) -> str:
    return "  ".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in sessions)
