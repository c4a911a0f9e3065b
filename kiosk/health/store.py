"""The outcome log: time, kind of code, colour, decision, reason and kiosk, nothing else.

Behind :class:`OutcomeStore` so that a shared PostgreSQL store can take over; the
embedded one is a table in the queue's SQLite file.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from kiosk.health.decision import Decision


@dataclass(frozen=True)
class Outcome:
    at: datetime
    kind: str
    colour: str
    decision: str
    reason: str
    kiosk_id: str

    @classmethod
    def of(cls, decision: Decision, at: datetime, kiosk_id: str) -> Outcome:
        if at.tzinfo is None:
            raise ValueError("expected an aware datetime")
        return cls(at, decision.kind, decision.colour, decision.decision, decision.reason, kiosk_id)


@dataclass(frozen=True)
class Override:
    """Staff let a visitor through: audited by who, when and what they overrode."""

    at: datetime
    kiosk_id: str
    staff_id: str
    overridden_decision: str
    overridden_reason: str


class OutcomeStore(Protocol):
    def add(self, outcome: Outcome) -> None: ...

    def add_override(self, override: Override) -> None: ...

    def outcomes(self, since: datetime | None = None, until: datetime | None = None) -> list[Outcome]: ...

    def overrides(self) -> list[Override]: ...


def count(outcomes: list[Outcome]) -> Counter[tuple[str, str]]:
    """How many outcomes per (decision, reason), for reports."""
    return Counter((o.decision, o.reason) for o in outcomes)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS health_check_outcomes (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    colour TEXT NOT NULL,
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    kiosk_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS health_check_outcomes_at ON health_check_outcomes (at);
CREATE TABLE IF NOT EXISTS health_check_overrides (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    overridden_decision TEXT NOT NULL,
    overridden_reason TEXT NOT NULL
);
"""


class SqliteOutcomeStore:
    """Outcomes in their own tables of the queue's SQLite file; times stored in UTC ISO form
    so that text order is time order."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10.0)

    @staticmethod
    def _utc(at: datetime) -> str:
        if at.tzinfo is None:
            raise ValueError("expected an aware datetime")
        return at.astimezone(UTC).isoformat()

    def add(self, outcome: Outcome) -> None:
        with closing(self._connect()) as db, db:
            db.execute("INSERT INTO health_check_outcomes (at, kind, colour, decision, reason, kiosk_id) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       (self._utc(outcome.at), outcome.kind, outcome.colour, outcome.decision, outcome.reason,
                        outcome.kiosk_id))

    def add_override(self, override: Override) -> None:
        with closing(self._connect()) as db, db:
            db.execute("INSERT INTO health_check_overrides (at, kiosk_id, staff_id, overridden_decision, "
                       "overridden_reason) VALUES (?, ?, ?, ?, ?)",
                       (self._utc(override.at), override.kiosk_id, override.staff_id, override.overridden_decision,
                        override.overridden_reason))

    def outcomes(self, since: datetime | None = None, until: datetime | None = None) -> list[Outcome]:
        low = self._utc(since) if since else ""
        high = self._utc(until) if until else "9999"
        with closing(self._connect()) as db:
            rows = db.execute("SELECT at, kind, colour, decision, reason, kiosk_id FROM health_check_outcomes "
                              "WHERE at >= ? AND at < ? ORDER BY at, id", (low, high)).fetchall()
        return [Outcome(datetime.fromisoformat(r[0]), *r[1:]) for r in rows]

    def overrides(self) -> list[Override]:
        with closing(self._connect()) as db:
            rows = db.execute("SELECT at, kiosk_id, staff_id, overridden_decision, overridden_reason "
                              "FROM health_check_overrides ORDER BY at, id").fetchall()
        return [Override(datetime.fromisoformat(r[0]), *r[1:]) for r in rows]
