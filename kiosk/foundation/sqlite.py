"""What the SQLite stores (queue, work orders) share: how a connection to the data folder's file is opened,
and the one text form of a time."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

# How long a writer waits for another process's write lock before the store reports it busy.
BUSY_TIMEOUT_SECONDS = 30


def connect(path: Path, timeout: float = BUSY_TIMEOUT_SECONDS) -> sqlite3.Connection:
    """An autocommit connection (the store issues BEGIN and COMMIT itself) in WAL mode, with foreign keys,
    waiting up to ``timeout`` seconds for a write lock; sqlite3.DatabaseError when the file is not a database."""
    connection = sqlite3.connect(path, isolation_level=None, timeout=timeout)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA foreign_keys=ON")
    except BaseException:
        connection.close()
        raise
    return connection


def to_text(moment: datetime | None) -> str | None:
    """UTC ISO text in one fixed form, so that text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds") if moment else None
