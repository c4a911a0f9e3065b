"""The queue store's interface: every read and write the queue's rules need, and nothing else.

A store hands out transactions; each state change happens inside exactly one,
and a write transaction holds the store's write lock from its start, so two
processes issuing at once see each other's tickets. The SQLite store is
:mod:`kiosk.queue.sqlite_store`; a server-backed store implements the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from kiosk.foundation.storage import StoreError, StoreInUse
from kiosk.queue.model import Appointment, AuditEntry, Counter, DisinfectionRound, Service, Spot, Ticket

# StoreError and StoreInUse are every store's (kiosk.foundation.storage); the queue's callers find them here too.
__all__ = ["TABLES", "QueueStore", "QueueTransaction", "StoreError", "StoreInUse", "TargetNotEmpty", "Transition"]


# Every table of the queue store (the health check's outcome log included), in the order a copy fills them.
TABLES = ("services", "hours", "spots", "counters", "tickets", "ticket_events", "appointments", "audit",
          "ticket_requests", "health_check_outcomes", "health_check_overrides", "disinfection_rounds",
          "setting_overrides", "refusal_counts")


def service_row(service: Service) -> dict[str, Any]:
    """A service as the ``services`` table holds it: its Chinese name in the ``name_zh`` column (a column of
    the first schema, kept rather than migrated)."""
    row = dict(vars(service))
    row["name_zh"] = row.pop("name")
    return row


def service_of(row: Mapping[str, Any]) -> Service:
    """The service of a ``services`` row (flags as stored: 0/1 or a boolean)."""
    values = dict(row)
    values["name"] = values.pop("name_zh")
    return Service(**dict(values, enabled=bool(values["enabled"])))


class TargetNotEmpty(StoreError):
    """A copy would mix two centres' queues: the server database already holds rows."""


class Transition(NamedTuple):
    """One state change of a ticket (``old`` is None when it was issued)."""

    at: datetime
    old: str | None
    new: str
    counter: str | None


class QueueTransaction(Protocol):
    """Reads and writes inside one transaction."""

    def services(self) -> list[Service]: ...
    def save_service(self, service: Service) -> None: ...

    def hours(self) -> dict[str, str]:
        """Reception hours: ``mon`` .. ``sun`` and ``YYYY-MM-DD`` overrides to sessions text."""
    def set_hours(self, key: str, sessions: str | None) -> None:
        """Set one entry; None removes a date override."""

    def spots(self) -> list[Spot]: ...
    def save_spot(self, spot: Spot) -> None: ...

    def counters(self) -> list[Counter]: ...
    def save_counter(self, counter: Counter) -> None: ...

    def open_tickets(self) -> list[Ticket]:
        """Tickets waiting, deferred, called or serving, of any day, in no particular order."""
    def tickets_of_day(self, day: str) -> list[Ticket]: ...
    def ticket(self, ticket_id: int) -> Ticket | None: ...
    def find_ticket(self, day: str, label: str) -> Ticket | None: ...
    def issued_count(self, day: str, issued_service: str) -> int:
        """Tickets numbered in ``issued_service``'s series on ``day``; also the last number."""
    def insert_ticket(self, ticket: Ticket) -> Ticket:
        """Store a new ticket and its first state; returns it with its id."""
    def save_ticket(self, old: Ticket, new: Ticket, at: datetime) -> None:
        """Write ``new`` over ``old`` (as read in this transaction), recording the transition when the
        state changed."""
    def transitions(self, ticket_id: int) -> list[Transition]:
        """A ticket's state changes in order, its issue first."""
    def recent_visit_minutes(self, service: str, limit: int) -> list[float]:
        """Lengths of the last ``limit`` finished visits of ``service``."""
    def day_counts(self, day: str) -> dict[tuple[str, str], int]:
        """Tickets of ``day`` by (issued service, state)."""

    def requested_ticket(self, request_id: str) -> Ticket | None:
        """The ticket an earlier attempt of this request already issued, if any."""
    def remember_request(self, request_id: str, ticket_id: int) -> None:
        """Record that ``request_id`` issued ``ticket_id``, so a retried request cannot issue twice."""

    def appointment(self, code: str) -> Appointment | None: ...
    def insert_appointment(self, appointment: Appointment) -> None: ...
    def save_appointment(self, appointment: Appointment) -> None: ...
    def count_appointments(self, day: str, service: str, statuses: Sequence[str],
                           window_start: datetime | None = None) -> int: ...
    def housekeeping(self, day: str, at: datetime, late_before: datetime) -> None:
        """Expire (at ``at``) the unfinished tickets of days before ``day``, and mark booked appointments
        whose window ended before ``late_before`` as missed. Done before anything else is read."""

    def add_audit(self, entry: AuditEntry) -> None: ...
    def audit(self, limit: int) -> list[AuditEntry]:
        """The latest staff changes, newest first."""

    # --- reports

    def tickets_between(self, first_day: str, last_day: str) -> list[Ticket]:
        """Tickets of the days ``first_day`` to ``last_day`` (inclusive, ISO dates), in issue order."""
    def appointments_between(self, first_day: str, last_day: str) -> list[Appointment]:
        """Appointments of the days ``first_day`` to ``last_day`` inclusive."""
    def count_refusal(self, day: str, reason: str, service: str | None) -> None:
        """Count one refusal a visitor was given (reason and service only: nothing about the person)."""
    def refusal_counts(self, first_day: str, last_day: str) -> dict[tuple[str, str, str], int]:
        """Refusals by (day, reason, service; "" when none) between two days inclusive."""

    # --- staff

    def add_round(self, entry: DisinfectionRound) -> DisinfectionRound:
        """Store a disinfection or ventilation round; returns it with its id."""
    def rounds(self, limit: int) -> list[DisinfectionRound]:
        """The latest rounds of any kind, newest first."""
    def last_rounds(self) -> dict[str, DisinfectionRound]:
        """The newest round of each kind that has one."""
    def setting_overrides(self) -> dict[str, str]:
        """Settings staff changed on screen, ``section.key`` to config.ini text; they win over config.ini."""
    def set_setting_override(self, key: str, value: str | None) -> None:
        """Set one override; None removes it (config.ini decides again)."""


class QueueStore(Protocol):
    """Where the queue lives; safe to share between processes."""

    def transaction(self, write: bool = True) -> AbstractContextManager[QueueTransaction]:
        """One transaction: committed when the block ends, rolled back if it raises."""

    def close(self) -> None: ...
