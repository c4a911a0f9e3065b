"""Work orders in the queue's SQLite file, beside the queue's tables.

Write transactions start with ``BEGIN IMMEDIATE``, like the queue's: the write
lock is taken before anything is read, so a sender claiming outbox rows sees
every claim another kiosk committed and two kiosks never take the same row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from kiosk.foundation.sqlite import connect, to_text
from kiosk.workorders.model import PENDING, Claim
from kiosk.workorders.store import SqlWorkOrderTransaction, WorkOrderStoreError

_V1 = """
CREATE TABLE workorders (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, topic TEXT NOT NULL,
    channel TEXT NOT NULL, urgency TEXT NOT NULL, state TEXT NOT NULL, created_at TEXT NOT NULL,
    deadline TEXT NOT NULL, phone_token BLOB, phone_masked TEXT, note_code TEXT, ticket_id INTEGER, service TEXT,
    counter TEXT, updated_at TEXT, closed_at TEXT);
CREATE INDEX workorders_state ON workorders (state, deadline);
CREATE INDEX workorders_created ON workorders (created_at);
CREATE INDEX workorders_closed ON workorders (closed_at) WHERE phone_token IS NOT NULL;
CREATE TABLE workorder_events (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES workorders (id),
    at TEXT NOT NULL, old_state TEXT, new_state TEXT NOT NULL, who TEXT NOT NULL);
CREATE INDEX workorder_events_order ON workorder_events (order_id);
CREATE TABLE workorder_outbox (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL UNIQUE REFERENCES workorders (id),
    state TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at TEXT, claimed_by TEXT, claimed_until TEXT,
    last_error TEXT, sent_at TEXT);
CREATE INDEX workorder_outbox_due ON workorder_outbox (state, next_attempt_at);
CREATE TABLE workorder_ratings (ticket_id INTEGER PRIMARY KEY, day TEXT NOT NULL, ticket_label TEXT NOT NULL,
    service TEXT NOT NULL, counter TEXT, level INTEGER NOT NULL, reasons TEXT NOT NULL, at TEXT NOT NULL,
    order_id INTEGER REFERENCES workorders (id));
CREATE INDEX workorder_ratings_day ON workorder_ratings (day);
CREATE TABLE workorder_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# Index i brings a file from work-order schema version i to i + 1.
MIGRATIONS: tuple[str, ...] = (_V1,)
SCHEMA_VERSION = len(MIGRATIONS)


class SqliteWorkOrderStore:
    """Work orders in a SQLite file; one instance per process and thread."""

    def __init__(self, path: Path, zone: tzinfo = UTC):
        self.path = Path(path)
        self.zone = zone
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = connect(self.path)
        except sqlite3.DatabaseError as error:
            raise WorkOrderStoreError(f"{self.path}: cannot use the work-order store: {error}") from None
        try:
            self._migrate()
        except sqlite3.DatabaseError as error:
            self.db.close()
            raise WorkOrderStoreError(f"{self.path}: cannot use the work-order store: {error}") from None

    def _migrate(self) -> None:
        with self.transaction(write=False) as tx:
            if tx.schema_version() == SCHEMA_VERSION:
                return
        with self.transaction() as tx:
            version = tx.schema_version()
            if version > SCHEMA_VERSION:
                raise WorkOrderStoreError(f"{self.path}: work orders made by a newer kiosk (schema {version}, this "
                                          f"one knows {SCHEMA_VERSION}); update the kiosk software")
            if version < SCHEMA_VERSION:
                self.db.execute("CREATE TABLE IF NOT EXISTS workorder_schema (version INTEGER NOT NULL)")
                for step in MIGRATIONS[version:]:
                    for statement in filter(str.strip, step.split(";")):
                        self.db.execute(statement)
                self.db.execute("DELETE FROM workorder_schema")
                self.db.execute("INSERT INTO workorder_schema VALUES (?)", [SCHEMA_VERSION])

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[SqliteWorkOrderTransaction]:
        self.db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield SqliteWorkOrderTransaction(self.db, self.zone)
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def claim(self, now: datetime, lease_until: datetime, who: str, limit: int) -> list[Claim]:
        with self.transaction() as tx:
            ids = [row[0] for row in tx._rows(
                "SELECT id FROM workorder_outbox WHERE state = ? AND next_attempt_at <= ? "
                "AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT ?",
                [PENDING, to_text(now), to_text(now), limit])]
            if not ids:
                return []
            marks = ", ".join("?" * len(ids))
            tx._execute(f"UPDATE workorder_outbox SET claimed_by = ?, claimed_until = ? WHERE id IN ({marks})",
                        [who, to_text(lease_until), *ids])
            return tx._claims(tx._rows(tx.claim_sql().format(marks), ids))

    def close(self) -> None:
        self.db.close()


class SqliteWorkOrderTransaction(SqlWorkOrderTransaction):
    """SQL on SQLite: times as UTC text."""

    def __init__(self, db: sqlite3.Connection, zone: tzinfo):
        super().__init__(db)
        self.zone = zone

    def _to_db(self, moment: datetime | None) -> Any:
        return to_text(moment)

    def _from_db(self, value: Any) -> datetime | None:
        return datetime.fromisoformat(value).astimezone(self.zone) if value else None

    def schema_version(self) -> int:
        if not self._rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'workorder_schema'"):
            return 0
        return self._rows("SELECT coalesce(max(version), 0) FROM workorder_schema")[0][0]

