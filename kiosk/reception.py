"""How today's reception hours (接待时间) are posted: the state now and the week at a glance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from kiosk.config import Session


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
    for weekday, sessions in enumerate(week):
        if runs and runs[-1].sessions == sessions:
            runs[-1] = PostedHours(runs[-1].first_weekday, weekday, sessions)
        else:
            runs.append(PostedHours(weekday, weekday, sessions))
    return runs
