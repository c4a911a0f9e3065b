"""The queue's rules as plain functions: who is called next, how long the wait is."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.queue.model import WAITING, Counter, Ticket


@dataclass(frozen=True)
class NextCall:
    """The ticket a counter calls and the counter's run of priority calls after it."""

    ticket: Ticket
    priority_streak: int


def queue_order(ticket: Ticket) -> tuple:
    """Tickets are served in the order they were issued (a transfer keeps its place)."""
    return (ticket.issued_at, ticket.id or 0)


def choose_next(counter: Counter, waiting: Sequence[Ticket], max_priority_in_row: int) -> NextCall | None:
    """The next ticket for ``counter`` among tickets inside the hall.

    Priority tickets go first, but never more than ``max_priority_in_row`` in a row
    while an ordinary ticket of the counter's services waits. Deferred tickets are
    not in ``waiting``: they are called only once invited inside.
    """
    mine = sorted((t for t in waiting if t.status == WAITING and t.service in counter.services), key=queue_order)
    priority = [t for t in mine if t.priority]
    ordinary = [t for t in mine if not t.priority]
    if priority and (not ordinary or counter.priority_streak < max_priority_in_row):
        return NextCall(priority[0], counter.priority_streak + 1 if ordinary else 0)
    if ordinary:
        return NextCall(ordinary[0], 0)
    return None


def visit_minutes(recent: Sequence[float], configured: float) -> float:
    """The mean of recent visit lengths, or the configured length when there are none."""
    usable = [m for m in recent if m > 0]
    return sum(usable) / len(usable) if usable else configured


def expected_wait_minutes(ahead: int, counters_open: int, minutes_per_visit: float) -> float:
    """Minutes until a ticket with ``ahead`` people before it is called.

    With no counter open yet, one is assumed: staff open at least one.
    """
    return ahead * minutes_per_visit / max(1, counters_open)


def return_time(now: datetime, deferred_ahead: int, minutes_per_spot: float) -> datetime:
    """When a deferred visitor should come back: when enough spots have freed, to the minute."""
    moment = now + timedelta(minutes=(deferred_ahead + 1) * minutes_per_spot)
    return (moment + timedelta(minutes=1)).replace(second=0, microsecond=0)


# Digits only, no leading zero: easy to type on the kiosk's number pad and to say aloud.
CODE_LENGTH = 6


def new_appointment_code() -> str:
    return str(secrets.randbelow(9 * 10 ** (CODE_LENGTH - 1)) + 10 ** (CODE_LENGTH - 1))
