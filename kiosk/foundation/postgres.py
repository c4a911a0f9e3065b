"""The one psycopg engine the PostgreSQL stores share: connecting, telling a broken link from a mistake,
reconnecting, settling a COMMIT whose answer was lost, and bringing a schema up to date.

Every write transaction first takes one transaction-level advisory lock (each store its own number),
the server's counterpart of SQLite's ``BEGIN IMMEDIATE``: writers follow one another, and under READ
COMMITTED each statement after the lock sees what the previous writer committed. Reads run in a
REPEATABLE READ snapshot and take no lock.

When the link breaks before COMMIT nothing was kept and :class:`StoreUnavailable` says so. When it
breaks during COMMIT the engine reconnects and reads back whether the transaction was kept, so the
caller gets its answer or a clean "not changed"; only if the server stays away longer than
``settle_seconds`` does it raise :class:`OutcomeUnknown`.

How it reads that back: a store that names a marks table (``marks``, made by its migrations) has every
write transaction leave a random mark in this engine's row, sent in the round trip that takes the lock;
the transaction was kept exactly when, once its session has ended, the row holds that mark. The server's
own ``pg_xact_status`` is not enough after a crash: a transaction id that never reached the WAL on disk
is handed out again after recovery, so a lost transaction's id can read "committed" once another
client's transaction reuses it (seen here: a ticket number acknowledged, not kept, and issued again).
It is asked only about transactions without a mark (migrations, and a store opened without migrating).
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import dict_row

from kiosk.foundation.storage import OutcomeUnknown, StoreError, StoreUnavailable

CONNECT_TIMEOUT_SECONDS = 5
# A kiosk that vanished inside a transaction must not hold the write lock for longer than this.
IDLE_IN_TRANSACTION_SECONDS = 15
# How long to keep asking after a lost COMMIT answer: past IDLE_IN_TRANSACTION_SECONDS, so a lost session
# this kiosk could not end itself has been ended by the server by then.
SETTLE_SECONDS = 30.0
UTC_ZONE = ZoneInfo("UTC")

# Connection settings a URL may override (libpq keywords): notice a dead link within seconds.
LINK_DEFAULTS = {"connect_timeout": str(CONNECT_TIMEOUT_SECONDS), "keepalives": "1", "keepalives_idle": "5",
                 "keepalives_interval": "2", "keepalives_count": "3", "tcp_user_timeout": "10000",
                 "application_name": "legal-kiosk"}

log = logging.getLogger(__name__)

Rows = list[dict[str, Any]]
# Statements sent with COMMIT, in its round trip: (SQL, parameters).
Pending = list[tuple[str, Sequence[Any] | Mapping[str, Any]]]


def describe(url: str) -> str:
    """The server and database a URL names, without its password (for messages and logs)."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "an unreadable PostgreSQL URL"
    return f"{parts.get('user', '')}@{parts.get('host', 'localhost')}:{parts.get('port', '5432')}/" \
           f"{parts.get('dbname', '')}".lstrip("@")


def link_params(url: str) -> dict[str, str]:
    """libpq keywords for ``url`` with the link defaults under them; psycopg.ProgrammingError when unreadable."""
    return dict(LINK_DEFAULTS, **conninfo_to_dict(url))


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def is_link_error(error: BaseException) -> bool:
    """A broken or refused connection, a timeout or a server shutting down: worth retrying later."""
    return isinstance(error, psycopg.OperationalError | psycopg.InterfaceError)


def connect(params: Mapping[str, str], zone: ZoneInfo, statement_seconds: float,
            session_guards: bool = True) -> psycopg.Connection:
    """An autocommit connection whose session speaks the centre's zone (times come back as stores want them).

    ``session_guards`` also bounds lock waits and idle transactions, so a vanished client frees the lock.
    """
    connection = psycopg.connect(autocommit=True, **params)
    setup = f"SET TimeZone = '{zone.key}'; SET statement_timeout = '{statement_seconds}s'"
    if session_guards:
        setup += (f"; SET lock_timeout = '{statement_seconds}s'"
                  f"; SET idle_in_transaction_session_timeout = '{IDLE_IN_TRANSACTION_SECONDS}s'")
    try:
        connection.execute(setup)
    except psycopg.Error:
        connection.close()
        raise
    return connection


def schema_version(connection: psycopg.Connection, table: str) -> int:
    """The version recorded in the one-row ``table``; 0 for a database that has none yet."""
    if connection.execute(f"SELECT to_regclass('{table}')").fetchone()[0] is None:
        return 0
    return connection.execute(f"SELECT coalesce(max(version), 0) FROM {table}").fetchone()[0]


def apply_migrations(connection: psycopg.Connection, table: str, migrations: Sequence[str], found: int) -> None:
    """Run the steps after version ``found`` and record the last, inside the caller's transaction."""
    connection.execute(f"CREATE TABLE IF NOT EXISTS {table} (version integer NOT NULL)")
    for step in migrations[found:]:
        connection.execute(step)
    connection.execute(f"DELETE FROM {table}")
    connection.execute(f"INSERT INTO {table} VALUES (%s)", [len(migrations)])


class Engine:
    """One connection to the server, reopened when it broke; one instance per process and thread."""

    def __init__(self, url: str, zone: ZoneInfo, write_lock: int, what: str, statement_seconds: float,
                 settle_seconds: float = SETTLE_SECONDS, marks: str | None = None):
        """``what`` names the server in messages ("queue server"); ``marks`` the table ``(client text PRIMARY
        KEY, mark bigint)`` that write transactions mark once :meth:`migrate` has run; psycopg.ProgrammingError
        for a bad URL."""
        self.zone = zone
        self.write_lock = write_lock
        self.what = what
        self.statement_seconds = statement_seconds
        self.settle_seconds = settle_seconds
        self.where = describe(url)
        self._params = link_params(url)
        self._connection: psycopg.Connection | None = None
        self._backend = 0  # the server process of the connection, still known after the link broke
        self.marks = marks
        self._marking = False  # once migrate() has made the marks table
        self._client = secrets.token_hex(8)  # this engine's row in the marks table

    def connected(self) -> psycopg.Connection:
        if self._connection is None or self._connection.closed or self._connection.broken:
            self._drop()
            try:
                self._connection = connect(self._params, self.zone, self.statement_seconds)
            except psycopg.Error as error:
                raise self.unavailable(error) from None
            self._backend = self._connection.info.backend_pid
        return self._connection

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def unavailable(self, error: BaseException, kind: type[StoreUnavailable] = StoreUnavailable,
                    what: str = "nothing was changed") -> StoreUnavailable:
        return kind(f"{self.what} {self.where} unreachable ({first_line(error)}); {what}")

    def close(self) -> None:
        self._drop()

    @contextmanager
    def transaction(self, write: bool = True, prefetch: Mapping[str, str] | None = None,
                    pending: Pending | None = None) -> Iterator[tuple[psycopg.Connection, dict[str, Rows]]]:
        """The connection inside one transaction, and the rows of the ``prefetch`` queries (name to SQL).

        A write transaction sends BEGIN, the lock and the prefetch queries in one round trip, and the
        statements the caller left in ``pending`` by the end with COMMIT in one more: every round trip is
        spent holding the lock that the other clients wait for.
        """
        connection = self.connected()
        xid: str | None = None
        mark = secrets.randbits(63) if write and self._marking else None
        try:
            fetched: dict[str, Rows] = {}
            if write:
                queries = dict(prefetch or {})
                statements = ["BEGIN ISOLATION LEVEL READ COMMITTED",
                              f"SELECT pg_current_xact_id()::text AS xid FROM pg_advisory_xact_lock({self.write_lock})"]
                if mark is not None:  # both values are ours (hex and a number): no quoting to get wrong
                    statements.append(f"INSERT INTO {self.marks} (client, mark) VALUES ('{self._client}', {mark}) "
                                      "ON CONFLICT (client) DO UPDATE SET mark = EXCLUDED.mark")
                cursor = connection.cursor(row_factory=dict_row)
                cursor.execute("; ".join([*statements, *queries.values()]))
                cursor.nextset()
                xid = cursor.fetchone()["xid"]
                if mark is not None:
                    cursor.nextset()
                for name in queries:
                    cursor.nextset()
                    fetched[name] = cursor.fetchall()
            else:
                connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield connection, fetched
        except BaseException as error:
            self._roll_back()
            if is_link_error(error):
                raise self.unavailable(error) from error
            raise
        try:
            # Every answer is read back before the caller hears "kept": a failing pending statement raises
            # here, and a transaction that a failed statement had aborted answers ROLLBACK, not an error.
            answer = self._commit(connection, pending or [])
        except psycopg.Error as error:
            backend = self._backend
            self._drop()
            if not is_link_error(error):
                raise
            if xid is not None:
                self._settle(xid, backend, mark, error)
            else:
                raise self.unavailable(error) from error
        else:
            if answer != "COMMIT":
                raise StoreError(f"{self.what} {self.where}: COMMIT answered {answer}; nothing was kept")

    @staticmethod
    def _commit(connection: psycopg.Connection, pending: Pending) -> str | None:
        """Send ``pending`` and COMMIT in one round trip; COMMIT's answer."""
        if not pending:
            return connection.execute("COMMIT").statusmessage
        with connection.pipeline():
            for sql, params in pending:
                connection.execute(sql, params)
            commit = connection.execute("COMMIT")
        return commit.statusmessage

    def _roll_back(self) -> None:
        connection = self._connection
        if connection is None or connection.closed or connection.broken:
            self._drop()
            return
        try:
            connection.execute("ROLLBACK")
        except psycopg.Error:
            self._drop()

    def _settle(self, xid: str, backend: int, mark: int | None, cause: BaseException) -> None:
        """After a COMMIT whose answer was lost: return if the server kept it, raise if not or unknown."""
        deadline = time.monotonic() + self.settle_seconds
        while True:
            try:
                status = self._xact_status(xid, backend, mark)
            except (psycopg.Error, StoreUnavailable):
                self._drop()
                status = "unreachable"
            if status in ("committed", "aborted", None) or time.monotonic() >= deadline:
                break
            time.sleep(0.2)
        log.warning("%s %s: the answer to COMMIT was lost (%s); the server says: %s",
                    self.what, self.where, first_line(cause), status or "too old to tell")
        if status == "committed":
            return
        if status in ("aborted", None):
            raise self.unavailable(cause) from cause
        raise self.unavailable(cause, OutcomeUnknown, "the last change may or may not have been kept") from cause

    def _xact_status(self, xid: str, backend: int, mark: int | None) -> str | None:
        """What became of transaction ``xid`` of session ``backend``: committed, aborted or in progress."""
        connection = self.connected()
        # The old session may still sit inside the transaction, holding the write lock: end it.
        session = [backend, str(int(xid) % 2**32)]
        connection.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = %s "
                           "AND backend_xid::text = %s", session)
        if mark is None:
            return connection.execute("SELECT pg_xact_status(%s::xid8)", [xid]).fetchone()[0]
        # Its mark is read only once the session has ended: until then it might still commit.
        if connection.execute("SELECT EXISTS (SELECT FROM pg_stat_activity WHERE pid = %s "
                              "AND backend_xid::text = %s)", session).fetchone()[0]:
            return "in progress"
        kept = connection.execute(f"SELECT mark FROM {self.marks} WHERE client = %s", [self._client]).fetchone()
        return "committed" if kept is not None and kept[0] == mark else "aborted"

    def migrate(self, table: str, migrations: Sequence[str], store: str) -> int:
        """Bring the database to ``len(migrations)`` under the write lock; returns the version it had.

        ``store`` names what is kept there ("the queue store") in the StoreError for a newer schema or a
        failing step.
        """
        try:
            with self.transaction() as (connection, _):
                found = schema_version(connection, table)
                if found > len(migrations):
                    raise StoreError(f"{self.what} {self.where}: made by a newer kiosk (schema {found}, this one "
                                     f"knows {len(migrations)}); update the kiosk software")
                if found < len(migrations):
                    apply_migrations(connection, table, migrations, found)
        except psycopg.Error as error:
            raise StoreError(f"{self.what} {self.where}: cannot use {store}: {error}") from None
        self._marking = self.marks is not None
        return found
