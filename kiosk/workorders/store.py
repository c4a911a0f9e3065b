"""The work-order store: orders, their steps, the outbox and ratings, in the queue's own database.

The tables sit beside the queue's (the SQLite file in the data folder, or the
centre's PostgreSQL database) so a backup of the queue carries them, but they
keep their own schema version (table ``workorder_schema``) and so never touch
the queue's. :class:`SqlWorkOrderTransaction` holds the SQL both servers
share; :mod:`.sqlite_store` and :mod:`.postgres_store` add the connection,
the migrations, time conversion and the one thing that must differ: how a
sender claims outbox rows so that two kiosks never send one order at once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol

from kiosk.workorders.model import CLOSED_STATES, DEAD, PENDING, Claim, Rating, StateChange, WorkOrder

ORDER_COLUMNS = ("key", "kind", "topic", "channel", "urgency", "state", "created_at", "deadline", "phone_masked",
                 "note_code", "ticket_id", "service", "counter", "updated_at", "closed_at")
ORDER_TIMES = ("created_at", "deadline", "updated_at", "closed_at")
SELECT_ORDER = ("SELECT o.id, " + ", ".join(f"o.{name}" for name in ORDER_COLUMNS) +
                ", b.state AS delivery, b.attempts, b.last_error FROM workorders o "
                "LEFT JOIN workorder_outbox b ON b.order_id = o.id")
# Every work-order table, parents before the tables that refer to them (the order a copy fills them in).
TABLES = ("workorders", "workorder_events", "workorder_outbox", "workorder_ratings", "workorder_meta")
CLOSED_IN = "(" + ", ".join(f"'{state}'" for state in CLOSED_STATES) + ")"


class WorkOrderStoreError(Exception):
    """The store cannot be used (a newer schema, an unreachable server ...)."""


class WorkOrderStore(Protocol):
    """Where orders live; one instance per process and thread."""

    def transaction(self, write: bool = True) -> AbstractContextManager[SqlWorkOrderTransaction]: ...

    def claim(self, now: datetime, lease_until: datetime, who: str, limit: int) -> list[Claim]:
        """Take up to ``limit`` due pending outbox rows for ``who`` until ``lease_until``, in their own
        committed transaction; no other sender gets them until the lease ends."""

    def close(self) -> None: ...


class SqlWorkOrderTransaction(ABC):
    """Reads and writes inside one transaction; subclasses say how SQL and times reach their server."""

    PLACEHOLDER = "?"

    def __init__(self, db: Any):
        self.db = db

    # --- what differs per server

    @abstractmethod
    def _to_db(self, moment: datetime | None) -> Any:
        """A time as the server stores it."""

    @abstractmethod
    def _from_db(self, value: Any) -> datetime | None:
        """A stored time as an aware datetime in the centre's zone."""

    def _sql(self, sql: str) -> str:
        return sql if self.PLACEHOLDER == "?" else sql.replace("?", self.PLACEHOLDER)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return list(self.db.execute(self._sql(sql), list(params)).fetchall())

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self.db.execute(self._sql(sql), list(params)).rowcount

    def _insert_id(self, sql: str, params: Sequence[Any]) -> int:
        """Run an INSERT and return the new row's id."""
        return self._rows(sql + " RETURNING id", params)[0][0]

    # --- orders

    def _order(self, row: Sequence[Any]) -> WorkOrder:
        values = dict(zip(("id", *ORDER_COLUMNS, "delivery", "attempts", "last_error"), row, strict=True))
        for name in ORDER_TIMES:
            values[name] = self._from_db(values[name])
        values["delivery"] = values["delivery"] or PENDING
        values["attempts"] = values["attempts"] or 0
        return WorkOrder(**values)

    def insert_order(self, order: WorkOrder, phone_token: bytes | None) -> WorkOrder:
        """Store a new order, its first step, and its outbox row: all in this one transaction."""
        row = {name: getattr(order, name) for name in ORDER_COLUMNS}
        for name in ORDER_TIMES:
            row[name] = self._to_db(row[name])
        row["phone_token"] = phone_token
        order_id = self._insert_id(f"INSERT INTO workorders ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                                   list(row.values()))
        self._event(order_id, order.created_at, None, order.state, order.channel)
        self._execute("INSERT INTO workorder_outbox (order_id, state, attempts, next_attempt_at) VALUES (?, ?, 0, ?)",
                      [order_id, PENDING, self._to_db(order.created_at)])
        return WorkOrder(**{**vars(order), "id": order_id})

    def _event(self, order_id: int, at: datetime, old: str | None, new: str, who: str) -> None:
        self._execute("INSERT INTO workorder_events (order_id, at, old_state, new_state, who) VALUES (?, ?, ?, ?, ?)",
                      [order_id, self._to_db(at), old, new, who])

    def order(self, ref: str) -> WorkOrder | None:
        """An order by its number (id) or its key."""
        # Numbers are short; keys are 32 hex digits, which could (rarely) all be decimal digits.
        where, value = ("o.id = ?", int(ref)) if ref.isdigit() and len(ref) < 19 else ("o.key = ?", ref)
        found = self._rows(f"{SELECT_ORDER} WHERE {where}", [value])
        return self._order(found[0]) if found else None

    def orders(self, state: str | None = None, limit: int = 200) -> list[WorkOrder]:
        """The newest orders first, of one state or all."""
        where, params = ("WHERE o.state = ?", [state]) if state else ("", [])
        return [self._order(row) for row in self._rows(f"{SELECT_ORDER} {where} ORDER BY o.id DESC LIMIT ?",
                                                       [*params, limit])]

    def open_orders(self) -> list[WorkOrder]:
        return [self._order(row) for row in self._rows(
            f"{SELECT_ORDER} WHERE o.state NOT IN {CLOSED_IN} ORDER BY o.deadline, o.id")]

    def undelivered_orders(self) -> list[WorkOrder]:
        """Orders whose delivery was given up (dead letters), the oldest first."""
        return [self._order(row) for row in self._rows(f"{SELECT_ORDER} WHERE b.state = ? ORDER BY o.id", [DEAD])]

    def orders_between(self, start: datetime, end: datetime) -> list[WorkOrder]:
        """Orders created from ``start`` to before ``end``."""
        return [self._order(row) for row in self._rows(
            f"{SELECT_ORDER} WHERE o.created_at >= ? AND o.created_at < ? ORDER BY o.id",
            [self._to_db(start), self._to_db(end)])]

    def set_state(self, order: WorkOrder, new: str, at: datetime, who: str) -> WorkOrder:
        """Move ``order`` (as read in this transaction) to ``new``; closing stamps ``closed_at``."""
        closed_at = at if new in CLOSED_STATES else None
        self._execute("UPDATE workorders SET state = ?, updated_at = ?, closed_at = ? WHERE id = ?",
                      [new, self._to_db(at), self._to_db(closed_at), order.id])
        self._event(order.id, at, order.state, new, who)
        return WorkOrder(**{**vars(order), "state": new, "updated_at": at, "closed_at": closed_at})

    def steps(self, order_id: int) -> list[StateChange]:
        return [StateChange(self._from_db(at), old, new, who) for at, old, new, who in self._rows(
            "SELECT at, old_state, new_state, who FROM workorder_events WHERE order_id = ? ORDER BY id", [order_id])]

    def phone_token(self, order_id: int) -> bytes | None:
        found = self._rows("SELECT phone_token FROM workorders WHERE id = ?", [order_id])
        return bytes(found[0][0]) if found and found[0][0] is not None else None

    def erase_phones(self, closed_before: datetime) -> list[str]:
        """Forget the number of every order closed before ``closed_before``; the keys of those orders."""
        where = "closed_at < ? AND (phone_token IS NOT NULL OR phone_masked IS NOT NULL)"
        keys = [key for (key,) in self._rows(f"SELECT key FROM workorders WHERE {where}",
                                             [self._to_db(closed_before)])]
        if keys:
            self._execute(f"UPDATE workorders SET phone_token = NULL, phone_masked = NULL WHERE {where}",
                          [self._to_db(closed_before)])
        return keys

    # --- outbox

    def _claims(self, rows: list[tuple]) -> list[Claim]:
        """(outbox id, attempts, phone token, order columns ...) rows as claims."""
        return [Claim(row[0], self._order(row[3:]), bytes(row[2]) if row[2] is not None else None, row[1])
                for row in rows]

    def claim_sql(self) -> str:
        """The claimed rows with their orders, by outbox id (one ``?`` per id is appended)."""
        return ("SELECT b.id, b.attempts, o.phone_token, " + SELECT_ORDER.removeprefix("SELECT ") +
                " WHERE b.id IN ({}) ORDER BY b.id")

    def delivered(self, outbox_id: int, who: str, at: datetime) -> bool:
        """Mark a claimed row sent; False when this sender's claim had lapsed and another took it."""
        return self._execute("UPDATE workorder_outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, "
                             "claimed_by = NULL, claimed_until = NULL, last_error = NULL "
                             "WHERE id = ? AND claimed_by = ?", [self._to_db(at), outbox_id, who]) == 1

    def failed(self, outbox_id: int, who: str, error: str, retry_at: datetime | None) -> bool:
        """Count a failed attempt; ``retry_at`` None puts the row in the dead-letter state staff see."""
        state = PENDING if retry_at is not None else "dead"
        return self._execute("UPDATE workorder_outbox SET state = ?, attempts = attempts + 1, next_attempt_at = ?, "
                             "claimed_by = NULL, claimed_until = NULL, last_error = ? WHERE id = ? AND claimed_by = ?",
                             [state, self._to_db(retry_at), error[:200], outbox_id, who]) == 1

    def retry_dead(self, order_id: int, at: datetime) -> bool:
        """Put a dead-lettered order back in line (staff fixed the cause)."""
        return self._execute("UPDATE workorder_outbox SET state = 'pending', attempts = 0, next_attempt_at = ? "
                             "WHERE order_id = ? AND state = 'dead'", [self._to_db(at), order_id]) == 1

    def delivery_counts(self) -> dict[str, int]:
        return {state: count for state, count in self._rows(
            "SELECT state, count(*) FROM workorder_outbox GROUP BY state")}

    # --- ratings

    def rating(self, ticket_id: int) -> Rating | None:
        found = self._ratings("WHERE r.ticket_id = ?", [ticket_id])
        return found[0] if found else None

    def _ratings(self, where: str, params: Sequence[Any]) -> list[Rating]:
        rows = self._rows("SELECT r.ticket_id, r.day, r.ticket_label, r.service, r.counter, r.level, r.reasons, r.at, "
                          f"o.key FROM workorder_ratings r LEFT JOIN workorders o ON o.id = r.order_id {where}", params)
        return [Rating(ticket_id, day, label, service, counter, level, tuple(filter(None, reasons.split(","))),
                       self._from_db(at), key)
                for ticket_id, day, label, service, counter, level, reasons, at, key in rows]

    def add_rating(self, rating: Rating, order_id: int | None) -> None:
        self._execute("INSERT INTO workorder_ratings (ticket_id, day, ticket_label, service, counter, level, reasons, "
                      "at, order_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      [rating.ticket_id, rating.day, rating.ticket_label, rating.service, rating.counter,
                       rating.level, ",".join(rating.reasons), self._to_db(rating.at), order_id])

    def ratings(self, limit: int = 200) -> list[Rating]:
        return self._ratings("ORDER BY r.at DESC LIMIT ?", [limit])

    def ratings_between(self, first_day: str, last_day: str) -> list[Rating]:
        return self._ratings("WHERE r.day BETWEEN ? AND ? ORDER BY r.at", [first_day, last_day])

    # --- the pull cursor and other small values

    def meta(self, key: str) -> str | None:
        found = self._rows("SELECT value FROM workorder_meta WHERE key = ?", [key])
        return found[0][0] if found else None

    def set_meta(self, key: str, value: str) -> None:
        self._execute("INSERT INTO workorder_meta (key, value) VALUES (?, ?) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])
