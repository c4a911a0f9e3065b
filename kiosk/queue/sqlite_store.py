"""The queue store in one SQLite file (sqlite-utils), shared by the kiosk, counters and display board.

WAL lets readers go on while one process writes; every write transaction starts
with ``BEGIN IMMEDIATE`` so it takes the write lock before it reads, and two
processes can never both see number A041 as free. The schema version is
``PRAGMA user_version``; :data:`MIGRATIONS` brings an older file up to date.

A new store is built in a temporary file and linked into place whole, so a
zero-length file is never a store being made: it is an emptied or damaged one,
and opening it is refused with what to do, never taken as a new store (whose
numbers would restart at A001). Every process that opens the store holds a
shared ``flock`` on ``<store>.lock`` beside it for as long as it is open; a
restore takes it exclusively (:func:`exclusive_use`), so it is refused while
any kiosk, counter terminal or board has the store open.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import fields, replace
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlite_utils

from kiosk.foundation.sqlite import BUSY_TIMEOUT_SECONDS, connect, to_text
from kiosk.queue.model import (
    OPEN_STATES,
    Appointment,
    AuditEntry,
    Counter,
    DisinfectionRound,
    Service,
    Spot,
    Ticket,
    check_service,
    check_spot,
)
from kiosk.queue.store import StoreError, StoreInUse, Transition, service_of, service_row

TICKET_FIELDS = tuple(f.name for f in fields(Ticket))
TICKET_TIMES = ("issued_at", "return_time", "expected_call", "called_at", "serving_at", "finished_at")
TICKET_TIME_INDEXES = tuple(TICKET_FIELDS.index(name) for name in TICKET_TIMES)


# Written out, not bound, so that the planner can match queries to the partial index tickets_open.
OPEN_IN = "(" + ", ".join(f"'{state}'" for state in OPEN_STATES) + ")"


@lru_cache(maxsize=8192)
def _local_time(text: str, zone: tzinfo) -> datetime:
    """Stored text to an aware local time; cached, as the same open tickets are read again and again."""
    return datetime.fromisoformat(text).astimezone(zone)


@lru_cache(maxsize=4096)
def _ticket(row: tuple, zone: tzinfo) -> Ticket:
    """A row in Ticket's field order as a Ticket. Every issue and call reads all of the day's open
    tickets, mostly unchanged since the last time, so unchanged rows come from the cache."""
    values = list(row)
    for index in TICKET_TIME_INDEXES:
        if values[index]:
            values[index] = _local_time(values[index], zone)
    return Ticket(*values)


def _create_v1(db: sqlite_utils.Database) -> None:
    db.create_table("services", {"code": str, "name_zh": str, "name_en": str, "prefix": str,
                                 "daily_capacity": int, "visit_minutes": float, "enabled": int,
                                 "materials_key": str, "position": int}, pk="code")
    db.create_table("hours", {"key": str, "sessions": str}, pk="key")
    db.create_table("spots", {"id": int, "x": float, "y": float, "in_use": int}, pk="id")
    db.create_table("counters", {"id": str, "name": str, "services": str, "open": int,
                                 "priority_streak": int}, pk="id")
    db.create_table("tickets", {
        "id": int, "day": str, "service": str, "issued_service": str, "number": int, "label": str,
        "status": str, "priority": str, "spot": int, "return_time": str, "expected_call": str,
        "appointment": str, "counter": str, "recalls": int, "ahead": int, "issued_at": str, "called_at": str,
        "serving_at": str, "finished_at": str,
    }, pk="id", not_null={"day", "service", "issued_service", "number", "label", "status", "issued_at"})
    db.create_table("ticket_events", {"id": int, "ticket_id": int, "at": str, "old_status": str,
                                      "new_status": str, "counter": str}, pk="id",
                    foreign_keys=[("ticket_id", "tickets", "id")])
    db.create_table("appointments", {"code": str, "day": str, "service": str, "window_start": str,
                                     "window_end": str, "status": str, "booked_at": str,
                                     "checked_in_at": str, "ticket_id": int}, pk="code")
    db.create_table("audit", {"id": int, "at": str, "who": str, "what": str, "old": str, "new": str}, pk="id")
    for sql in (
        "CREATE UNIQUE INDEX tickets_number ON tickets (day, issued_service, number)",
        # Partial: a year of finished tickets must not make the planner scan for the few open ones.
        f"CREATE INDEX tickets_open ON tickets (day) WHERE status IN {OPEN_IN}",
        "CREATE INDEX tickets_finished ON tickets (service, status, finished_at)",
        "CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id)",
        "CREATE INDEX appointments_slot ON appointments (day, service, status, window_start)",
        "CREATE INDEX appointments_status ON appointments (status, window_end)",
    ):
        db.execute(sql)


def _create_v2(db: sqlite_utils.Database) -> None:
    """Request ids of issued tickets: a kiosk that retries after losing the answer gets the same ticket."""
    db.execute("CREATE TABLE ticket_requests (request_id TEXT PRIMARY KEY, "
               "ticket_id INTEGER NOT NULL REFERENCES tickets (id))")


def _create_v3(db: sqlite_utils.Database) -> None:
    """The disinfection log, the settings staff change on screen (overrides of config.ini), and refusals
    counted per day, reason and service for the reports."""
    db.execute("CREATE TABLE disinfection_rounds (id INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, "
               "area TEXT NOT NULL, staff TEXT NOT NULL)")
    db.execute("CREATE INDEX disinfection_rounds_kind ON disinfection_rounds (kind, at)")
    db.execute("CREATE TABLE setting_overrides (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("CREATE TABLE refusal_counts (day TEXT NOT NULL, reason TEXT NOT NULL, service TEXT NOT NULL, "
               "count INTEGER NOT NULL, PRIMARY KEY (day, reason, service))")


def _create_v4(db: sqlite_utils.Database) -> None:
    """Each ticket's random nonce, signed into its QR (see :class:`~kiosk.queue.model.Ticket`)."""
    db.execute("ALTER TABLE tickets ADD COLUMN nonce TEXT NOT NULL DEFAULT ''")


# Index i brings a file from schema version i to i + 1.
MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (_create_v1, _create_v2, _create_v3, _create_v4)
SCHEMA_VERSION = len(MIGRATIONS)


WHAT_TO_DO = ("restore the latest backup (kiosk-admin restore FILE), or move the file aside to start an "
              "empty store (numbering starts again at 001)")


def lock_path(path: Path) -> Path:
    """The lock file every process holding the store ``path`` open keeps a shared flock on."""
    return path.with_name(path.name + ".lock")


def _lock_file(path: Path):
    lock = lock_path(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    # Read-only is enough for flock, so a board running as another user can take it too; a file object,
    # so a store dropped without close() releases its lock.
    try:
        return os.fdopen(os.open(lock, os.O_RDONLY | os.O_CREAT, 0o666), "rb")
    except OSError as error:
        raise StoreError(f"{lock}: cannot open the store's lock file ({error.strerror or error})") from None


def _hold_shared(path: Path):
    """The store's lock file, flocked shared; waits out a restore in progress for a while."""
    handle = _lock_file(path)
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            if time.monotonic() > deadline:
                handle.close()
                raise StoreError(f"{path}: a restore has held the store for over {BUSY_TIMEOUT_SECONDS} s; "
                                 "try again when it has finished") from None
            time.sleep(0.05)


@contextmanager
def exclusive_use(path: Path) -> Iterator[None]:
    """Hold the store ``path`` for oneself (a restore); StoreInUse while any process has it open."""
    handle = _lock_file(path)
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreInUse(f"{path} is open in another process (a kiosk, counter terminal, display board or "
                             "kiosk-admin); stop them all first") from None
        yield
    finally:
        handle.close()


def _create(path: Path) -> None:
    """A new, empty store at ``path``, built aside and linked into place whole (if no other process was first)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.new-")
    os.close(handle)
    built = Path(temporary)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(built, 0o666 & ~umask)  # as SQLite would have made it, not mkstemp's 0600
        connection = sqlite3.connect(built, isolation_level=None)
        try:
            db = sqlite_utils.Database(connection)
            db.enable_wal()
            connection.execute("BEGIN IMMEDIATE")
            for step in MIGRATIONS:
                step(db)
            connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            connection.execute("COMMIT")
        finally:
            connection.close()  # the last connection: its WAL is checkpointed into the file
        with suppress(FileExistsError):  # another process made it first; use theirs
            os.link(built, path)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{built}{suffix}").unlink(missing_ok=True)


class SqliteQueueStore:
    """The queue in a SQLite file; one instance per process and thread."""

    def __init__(self, path: Path, zone: tzinfo = UTC):
        self.path = Path(path)
        self.zone = zone
        # What every issue and call reads (services, hours, spots, counters, open tickets by id) as of
        # data_version ``_seen``, with this connection's own writes applied: rebuilding it from rows
        # was most of an issue's cost.
        self.cache: dict[str, Any] = {}
        self._seen: int | None = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = _hold_shared(self.path)
        try:
            self._open()
        except BaseException:
            self._lock.close()
            raise

    def _open(self) -> None:
        try:
            if not self.path.exists():
                _create(self.path)
            elif self.path.stat().st_size == 0:
                raise StoreError(f"{self.path}: the queue store is empty (0 bytes), so its tickets and numbering "
                                 f"are lost; it was not started afresh. To go on: {WHAT_TO_DO}")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot create the queue store: {error}") from None
        except OSError as error:
            raise StoreError(f"{self.path}: cannot create the queue store: {error.strerror or error}") from None
        try:
            connection = connect(self.path, BUSY_TIMEOUT_SECONDS)  # read here: tests shorten it
        except sqlite3.DatabaseError as error:
            raise self._damaged(error) from None
        self.db = sqlite_utils.Database(connection)
        try:
            self._migrate()
        except sqlite3.DatabaseError as error:
            connection.close()
            raise self._damaged(error) from None
        except BaseException:
            connection.close()
            raise

    def _damaged(self, error: sqlite3.DatabaseError) -> StoreError:
        return StoreError(f"{self.path}: cannot use the queue store ({error}); it is damaged or not a queue "
                          f"store. To go on: {WHAT_TO_DO}")

    def _migrate(self) -> None:
        if self._version() == SCHEMA_VERSION:
            return
        with self.transaction():
            version = self._version()
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: made by a newer kiosk (schema {version}, this one knows "
                                 f"{SCHEMA_VERSION}); update the kiosk software")
            for step in MIGRATIONS[version:]:
                step(self.db)
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[SqliteTransaction]:
        self.db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        # data_version changes when another connection (another process) has committed.
        seen = self.db.execute("PRAGMA data_version").fetchone()[0]
        if seen != self._seen:
            self.cache, self._seen = {}, seen
        try:
            yield SqliteTransaction(self.db, self.zone, self)
        except BaseException:
            self.cache = {}
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()
        self._lock.close()


class SqliteTransaction:
    """The :class:`~kiosk.queue.store.QueueTransaction` of :class:`SqliteQueueStore`."""

    def __init__(self, db: sqlite_utils.Database, zone: tzinfo, store: SqliteQueueStore):
        self.db = db
        self.zone = zone
        self.store = store

    def _time(self, text: str | None) -> datetime | None:
        return _local_time(text, self.zone) if text else None

    def _upsert(self, table: str, row: dict[str, Any], pk: str) -> None:
        self.store.cache.pop(table, None)
        columns = ", ".join(row)
        marks = ", ".join(f":{name}" for name in row)
        updates = ", ".join(f"{name} = excluded.{name}" for name in row if name != pk)
        self.db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks}) "
                        f"ON CONFLICT ({pk}) DO UPDATE SET {updates}", row)

    # services, hours, spots, counters

    def _small(self, table: str, load: Callable[[], Any]) -> Any:
        """A small, rarely written table's contents, from the store's cache when it is current."""
        if table not in self.store.cache:
            self.store.cache[table] = load()
        return self.store.cache[table]

    def services(self) -> list[Service]:
        return list(self._small("services", lambda: [
            service_of(row) for row in self.db.query("SELECT * FROM services ORDER BY position, code")]))

    def save_service(self, service: Service) -> None:
        check_service(service)
        self._upsert("services", dict(service_row(service), enabled=int(service.enabled)), "code")

    def hours(self) -> dict[str, str]:
        return dict(self._small("hours", lambda: {
            row["key"]: row["sessions"] for row in self.db.query("SELECT * FROM hours")}))

    def set_hours(self, key: str, sessions: str | None) -> None:
        if sessions is None:
            self.db.execute("DELETE FROM hours WHERE key = ?", [key])
            self.store.cache.pop("hours", None)
        else:
            self._upsert("hours", {"key": key, "sessions": sessions}, "key")

    def spots(self) -> list[Spot]:
        return list(self._small("spots", lambda: [
            Spot(row["id"], row["x"], row["y"], bool(row["in_use"]))
            for row in self.db.query("SELECT * FROM spots ORDER BY id")]))

    def save_spot(self, spot: Spot) -> None:
        check_spot(spot)
        self._upsert("spots", dict(vars(spot), in_use=int(spot.in_use)), "id")

    def counters(self) -> list[Counter]:
        return list(self._small("counters", lambda: [
            Counter(row["id"], tuple(filter(None, row["services"].split(","))), bool(row["open"]), row["name"],
                    row["priority_streak"])
            for row in self.db.query("SELECT * FROM counters ORDER BY id")]))

    def save_counter(self, counter: Counter) -> None:
        self._upsert("counters", dict(vars(counter), services=",".join(counter.services),
                                      open=int(counter.open)), "id")

    # tickets

    def _tickets(self, where: str, params: Sequence[Any]) -> list[Ticket]:
        rows = self.db.execute(f"SELECT {', '.join(TICKET_FIELDS)} FROM tickets WHERE {where}", params)
        return [_ticket(row, self.zone) for row in rows]

    def open_tickets(self) -> list[Ticket]:
        if "open" not in self.store.cache:
            # No ORDER BY: sorting here would double the query's time on a big file; the desk sorts.
            self.store.cache["open"] = {t.id: t for t in self._tickets(f"status IN {OPEN_IN}", ())}
        return list(self.store.cache["open"].values())

    def _cache(self, ticket: Ticket) -> None:
        """Apply this connection's own write to the open-ticket cache, times as a read would give them."""
        cache = self.store.cache.get("open")
        if cache is None:
            return
        if ticket.status in OPEN_STATES:
            cache[ticket.id] = _ticket(tuple(self._ticket_row(ticket).values()), self.zone)
        else:
            cache.pop(ticket.id, None)

    def tickets_of_day(self, day: str) -> list[Ticket]:
        return self._tickets("day = ? ORDER BY issued_at, id", [day])

    def ticket(self, ticket_id: int) -> Ticket | None:
        found = self._tickets("id = ?", [ticket_id])
        return found[0] if found else None

    def requested_ticket(self, request_id: str) -> Ticket | None:
        found = self._tickets("id = (SELECT ticket_id FROM ticket_requests WHERE request_id = ?)", [request_id])
        return found[0] if found else None

    def remember_request(self, request_id: str, ticket_id: int) -> None:
        self.db.execute("INSERT INTO ticket_requests (request_id, ticket_id) VALUES (?, ?)", [request_id, ticket_id])

    def find_ticket(self, day: str, label: str) -> Ticket | None:
        found = self._tickets("day = ? AND label = ?", [day, label])
        return found[0] if found else None

    def issued_count(self, day: str, issued_service: str) -> int:
        return self.db.execute("SELECT count(*) FROM tickets WHERE day = ? AND issued_service = ?",
                               [day, issued_service]).fetchone()[0]

    def _ticket_row(self, ticket: Ticket) -> dict[str, Any]:
        return {name: to_text(value) if isinstance(value, datetime) else value for name, value in vars(ticket).items()}

    def insert_ticket(self, ticket: Ticket) -> Ticket:
        row = self._ticket_row(ticket)
        del row["id"]
        cursor = self.db.execute(f"INSERT INTO tickets ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                                 list(row.values()))
        stored = Ticket(**dict(vars(ticket), id=cursor.lastrowid))
        self._event(stored.id, ticket.issued_at, None, ticket.status, None)
        self._cache(stored)
        return stored

    def save_ticket(self, old: Ticket, new: Ticket, at: datetime) -> None:
        row, before = self._ticket_row(new), self._ticket_row(old)
        # Only what changed: unchanged indexed columns then cost no index work.
        changed = [name for name in row if row[name] != before[name] and name != "id"]
        if changed:
            self.db.execute(f"UPDATE tickets SET {', '.join(f'{name} = :{name}' for name in changed)} "
                            "WHERE id = :id", row)
        self._cache(new)
        if old.status != new.status:
            self._event(new.id, at, old.status, new.status, new.counter)

    def _event(self, ticket_id: int | None, at: datetime, old: str | None, new: str, counter: str | None) -> None:
        self.db.execute("INSERT INTO ticket_events (ticket_id, at, old_status, new_status, counter) "
                        "VALUES (?, ?, ?, ?, ?)", [ticket_id, to_text(at), old, new, counter])

    def transitions(self, ticket_id: int) -> list[Transition]:
        rows = self.db.execute("SELECT at, old_status, new_status, counter FROM ticket_events WHERE ticket_id = ? "
                               "ORDER BY id", [ticket_id])
        return [Transition(self._time(at), old, new, counter) for at, old, new, counter in rows]

    def housekeeping(self, day: str, at: datetime, late_before: datetime) -> None:
        self._expire_open_before(day, at)
        self.db.execute("UPDATE appointments SET status = 'missed' WHERE status = 'booked' AND window_end < ?",
                        [to_text(late_before)])

    def _expire_open_before(self, day: str, at: datetime) -> None:
        where = f"status IN {OPEN_IN} AND day < ?"
        params = [day]
        self.db.execute("INSERT INTO ticket_events (ticket_id, at, old_status, new_status) "
                        f"SELECT id, ?, status, 'expired' FROM tickets WHERE {where}", [to_text(at), *params])
        expired = self.db.execute(f"UPDATE tickets SET status = 'expired', spot = NULL, finished_at = ? "
                                  f"WHERE {where}", [to_text(at), *params]).rowcount
        if expired:
            self.store.cache.pop("open", None)

    def recent_visit_minutes(self, service: str, limit: int) -> list[float]:
        # Rounded to milliseconds' worth of minutes: julianday's float noise would show in expected times.
        rows = self.db.execute(
            "SELECT round((julianday(finished_at) - julianday(coalesce(serving_at, called_at))) * 1440, 3) "
            "FROM tickets WHERE service = ? AND status = 'done' AND finished_at IS NOT NULL "
            "ORDER BY finished_at DESC LIMIT ?", [service, limit])
        return [minutes for (minutes,) in rows if minutes is not None]

    def day_counts(self, day: str) -> dict[tuple[str, str], int]:
        rows = self.db.execute("SELECT issued_service, status, count(*) FROM tickets WHERE day = ? "
                               "GROUP BY issued_service, status", [day])
        return {(service, status): count for service, status, count in rows}

    # appointments

    def _appointment(self, row: dict[str, Any]) -> Appointment:
        times = ("window_start", "window_end", "booked_at", "checked_in_at")
        return Appointment(**{name: self._time(value) if name in times else value for name, value in row.items()})

    def appointment(self, code: str) -> Appointment | None:
        rows = list(self.db.query("SELECT * FROM appointments WHERE code = ?", [code]))
        return self._appointment(rows[0]) if rows else None

    def insert_appointment(self, appointment: Appointment) -> None:
        row = {name: to_text(value) if isinstance(value, datetime) else value
               for name, value in vars(appointment).items()}
        self.db.execute(f"INSERT INTO appointments ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                        list(row.values()))

    def save_appointment(self, appointment: Appointment) -> None:
        self.db.execute("UPDATE appointments SET status = ?, checked_in_at = ?, ticket_id = ? WHERE code = ?",
                        [appointment.status, to_text(appointment.checked_in_at), appointment.ticket_id,
                         appointment.code])

    def count_appointments(self, day: str, service: str, statuses: Sequence[str],
                           window_start: datetime | None = None) -> int:
        marks = ", ".join("?" * len(statuses))
        sql = f"SELECT count(*) FROM appointments WHERE day = ? AND service = ? AND status IN ({marks})"
        params: list[Any] = [day, service, *statuses]
        if window_start is not None:
            sql += " AND window_start = ?"
            params.append(to_text(window_start))
        return self.db.execute(sql, params).fetchone()[0]

    # audit

    def add_audit(self, entry: AuditEntry) -> None:
        self.db.execute("INSERT INTO audit (at, who, what, old, new) VALUES (?, ?, ?, ?, ?)",
                        [to_text(entry.at), entry.who, entry.what, entry.old, entry.new])

    def audit(self, limit: int) -> list[AuditEntry]:
        rows = self.db.query("SELECT at, who, what, old, new FROM audit ORDER BY id DESC LIMIT ?", [limit])
        return [AuditEntry(**dict(row, at=self._time(row["at"]))) for row in rows]

    # --- staff

    def add_round(self, entry: DisinfectionRound) -> DisinfectionRound:
        cursor = self.db.execute("INSERT INTO disinfection_rounds (at, kind, area, staff) VALUES (?, ?, ?, ?)",
                                 [to_text(entry.at), entry.kind, entry.area, entry.staff])
        return replace(entry, id=cursor.lastrowid)

    def _rounds(self, sql: str, params: Sequence[Any]) -> list[DisinfectionRound]:
        return [DisinfectionRound(**dict(row, at=self._time(row["at"]))) for row in self.db.query(sql, params)]

    def rounds(self, limit: int) -> list[DisinfectionRound]:
        return self._rounds("SELECT * FROM disinfection_rounds ORDER BY at DESC, id DESC LIMIT ?", [limit])

    def last_rounds(self) -> dict[str, DisinfectionRound]:
        # SQLite's bare-column rule: with max(at), the other columns come from that newest row.
        found = self._rounds("SELECT id, max(at) AS at, kind, area, staff FROM disinfection_rounds GROUP BY kind", ())
        return {entry.kind: entry for entry in found}

    def setting_overrides(self) -> dict[str, str]:
        return {row["key"]: row["value"] for row in self.db.query("SELECT key, value FROM setting_overrides")}

    def set_setting_override(self, key: str, value: str | None) -> None:
        if value is None:
            self.db.execute("DELETE FROM setting_overrides WHERE key = ?", [key])
        else:
            self.db.execute("INSERT INTO setting_overrides (key, value) VALUES (?, ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])

    # --- reports

    def tickets_between(self, first_day: str, last_day: str) -> list[Ticket]:
        # Not through _ticket's cache: a month of tickets would push out the open ones the kiosk rereads.
        rows = self.db.execute(f"SELECT {', '.join(TICKET_FIELDS)} FROM tickets WHERE day BETWEEN ? AND ? "
                               "ORDER BY issued_at, id", [first_day, last_day])
        return [_ticket.__wrapped__(row, self.zone) for row in rows]

    def appointments_between(self, first_day: str, last_day: str) -> list[Appointment]:
        return [self._appointment(row) for row in self.db.query(
            "SELECT * FROM appointments WHERE day BETWEEN ? AND ? ORDER BY window_start, code", [first_day, last_day])]

    def count_refusal(self, day: str, reason: str, service: str | None) -> None:
        self.db.execute("INSERT INTO refusal_counts (day, reason, service, count) VALUES (?, ?, ?, 1) "
                        "ON CONFLICT (day, reason, service) DO UPDATE SET count = count + 1",
                        [day, reason, service or ""])

    def refusal_counts(self, first_day: str, last_day: str) -> dict[tuple[str, str, str], int]:
        rows = self.db.execute("SELECT day, reason, service, count FROM refusal_counts WHERE day BETWEEN ? AND ?",
                               [first_day, last_day])
        return {(day, reason, service): count for day, reason, service, count in rows}

