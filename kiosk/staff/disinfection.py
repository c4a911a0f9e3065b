"""The disinfection log (消毒记录): when each kind of round was last done, and whether one is overdue.

A round is overdue when the last one of its kind is older than its interval
(config.ini ``[staff]``), or there is none, while the centre receives
visitors; outside reception hours nothing is overdue. Staff see it; visitors
only see the last disinfection time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.foundation.config import StaffSettings
from kiosk.queue.model import DISINFECTION, ROUND_KINDS, DisinfectionRound


@dataclass(frozen=True)
class RoundStatus:
    """One kind of round now: the last one, when the next is due, and whether it is overdue."""

    kind: str
    last: DisinfectionRound | None
    interval: timedelta
    overdue: bool

    @property
    def due_at(self) -> datetime | None:
        return self.last.at + self.interval if self.last else None


def interval(kind: str, staff: StaffSettings) -> timedelta:
    minutes = staff.disinfection_interval_minutes if kind == DISINFECTION else staff.ventilation_interval_minutes
    return timedelta(minutes=minutes)


def round_statuses(last: Mapping[str, DisinfectionRound], staff: StaffSettings, open_now: bool,
                   now: datetime) -> list[RoundStatus]:
    """Each kind of round, disinfection first; ``open_now`` is whether the centre receives visitors now."""
    statuses = []
    for kind in ROUND_KINDS:
        every = interval(kind, staff)
        entry = last.get(kind)
        overdue = open_now and (entry is None or now - entry.at > every)
        statuses.append(RoundStatus(kind, entry, every, overdue))
    return statuses
