"""Backup and restore of a kiosk's data: the queue store (with the health-check outcomes) and the knowledge base.

A backup is one zip file: ``manifest.json`` and a SQLite copy of each store. The
copies are taken with SQLite's online backup API in one step, i.e. inside one
read transaction, so a kiosk writing meanwhile neither waits nor tears the copy.
A queue on the centre's PostgreSQL server is read inside one REPEATABLE READ
transaction into the same SQLite form, so every backup restores the same way.

The manifest is sealed with an HMAC keyed by the centre's secret (the ticket
signing secret), so a backup not made by this centre, or one whose manifest was
edited, is refused. Restoring checks everything first: the seal, every member's
declared size against the manifest and :data:`MAX_MEMBER_BYTES` before a byte
is read, the bytes themselves while they stream out under that budget, the
checksums, ``integrity_check``, the schema version, ``sqlite_master`` against
the schema this software creates (no foreign trigger, view or table), every
ticket with its events and every service value against the queue's domain; only
then are the current files moved aside into ``replaced/<time>/`` and the copies
put in their place.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import __version__
from kiosk.foundation.sqlite import to_text
from kiosk.health.store import SqliteOutcomeStore
from kiosk.legal.store import SCHEMA_VERSION as KNOWLEDGE_BASE_SCHEMA
from kiosk.legal.store import KnowledgeBase
from kiosk.queue import sqlite_store
from kiosk.queue.model import QueueError, check_service
from kiosk.queue.sqlite_store import SqliteQueueStore
from kiosk.queue.store import TABLES, StoreError, TargetNotEmpty, service_of
from kiosk.workorders import sqlite_store as workorder_sqlite
from kiosk.workorders.sqlite_store import SqliteWorkOrderStore
from kiosk.workorders.store import TABLES as WORKORDER_TABLES

if TYPE_CHECKING:
    from kiosk.queue.postgres_store import PostgresQueueStore
    from kiosk.workorders.postgres_store import PostgresWorkOrderStore

FORMAT = "legal-kiosk-backup"
# 2: the manifest carries an HMAC keyed with the centre's secret.
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
# A manifest is a few hundred bytes; a store a few hundred megabytes after years of tickets.
MAX_MANIFEST_BYTES = 64 * 1024
MAX_MEMBER_BYTES = 4 * 1024**3
CHUNK_BYTES = 1 << 20
# Kept free on the data folder's disk beyond what a restore writes.
SPARE_DISK_BYTES = 64 * 1024**2
QUEUE, KNOWLEDGE_BASE = "queue", "knowledge_base"
MEMBER_NAMES = {QUEUE: "queue.db", KNOWLEDGE_BASE: "legal.db"}
BUSY_SECONDS = 30
SIDECARS = ("", "-wal", "-shm", "-journal")


class BackupError(Exception):
    """The backup cannot be taken or used; the message says why in one line."""


class BackupRefused(BackupError):
    """The backup is sound but must not be restored here (newer software, a server that is not empty)."""


@dataclass(frozen=True)
class Member:
    """One store inside a backup."""

    role: str
    name: str
    size: int
    sha256: str
    schema: str
    rows: dict[str, int] = field(default_factory=dict)

    def check(self) -> None:
        """BackupError unless this is one of the two stores, with a size and checksum of the right form."""
        if not all(isinstance(value, str) for value in (self.role, self.name, self.schema)) \
                or not isinstance(self.rows, dict):
            raise BackupError("the backup's manifest is damaged: a member's fields have the wrong types")
        if self.role not in MEMBER_NAMES or self.name != MEMBER_NAMES[self.role]:
            raise BackupError(f"the manifest names an unknown member {str(self.name)[:40]!r}")
        if isinstance(self.size, bool) or not isinstance(self.size, int) or not 0 < self.size <= MAX_MEMBER_BYTES:
            raise BackupError(f"the manifest gives {self.name} a size of {str(self.size)[:40]}; expected 1 to "
                              f"{MAX_MEMBER_BYTES} bytes")
        if not isinstance(self.sha256, str) or not re.fullmatch(r"[0-9a-f]{64}", self.sha256):
            raise BackupError(f"the manifest gives {self.name} no usable checksum")


def backup_key(secret: bytes) -> bytes:
    """The manifest's HMAC key, derived from the centre's secret so it signs nothing but backups."""
    return hmac.new(secret, b"legal-kiosk-backup-manifest", hashlib.sha256).digest()


@dataclass(frozen=True)
class Manifest:
    created_at: str
    source: str  # "sqlite" or "postgresql"
    software: str
    members: tuple[Member, ...]
    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    skipped: dict[str, str] = field(default_factory=dict)  # role: why it was not backed up
    hmac: str = ""

    def _body(self) -> bytes:
        """What the HMAC covers: every field but the HMAC itself, in one fixed form."""
        fields = {name: value for name, value in asdict(self).items() if name != "hmac"}
        return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def sealed(self, secret: bytes) -> Manifest:
        return replace(self, hmac=hmac.new(backup_key(secret), self._body(), hashlib.sha256).hexdigest())

    def seal_matches(self, secret: bytes) -> bool:
        expected = hmac.new(backup_key(secret), self._body(), hashlib.sha256).hexdigest()
        return hmac.compare_digest(self.hmac.encode("ascii", "replace"), expected.encode("ascii"))

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            raw: dict[str, Any] = json.loads(text)
            if not isinstance(raw, dict) or raw.get("format") != FORMAT:
                raise BackupError("not a kiosk backup (its manifest names another format)")
            version = raw.get("format_version", 0)
            if not isinstance(version, int) or version < 1:
                raise BackupError("the backup's manifest is damaged: no usable format version")
            if version > FORMAT_VERSION:
                raise BackupRefused(f"made by newer kiosk software (backup format {version}); "
                                    "update the kiosk software first")
            if version < FORMAT_VERSION or not raw.get("hmac"):
                raise BackupRefused("made by older kiosk software, before backups were sealed with the centre's "
                                    "secret, so it cannot be checked; take a new backup with this software (or "
                                    "restore it with the software that made it)")
            members = tuple(Member(**member) for member in raw.pop("members"))
            manifest = cls(members=members, **raw)
            texts = (manifest.hmac, manifest.created_at, manifest.source, manifest.software)
            if not all(isinstance(value, str) for value in texts) or not isinstance(manifest.skipped, dict):
                raise TypeError("fields of the wrong type")
        except RecursionError:
            raise BackupError("the backup's manifest is damaged: nested too deeply") from None
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise BackupError(f"the backup's manifest is damaged: {str(error)[:200]}") from None
        if not manifest.members:
            raise BackupError("the backup holds no stores (its manifest lists none); nothing to restore")
        for member in manifest.members:
            member.check()
        if len({member.role for member in manifest.members}) != len(manifest.members):
            raise BackupError("the backup's manifest lists a store twice")
        return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)


def _row_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                      "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
    return {name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _schema(role: str, db: sqlite3.Connection) -> str:
    if role == QUEUE:
        return str(db.execute("PRAGMA user_version").fetchone()[0])
    found = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    return found[0] if found else ""


def check_copy(role: str, path: Path) -> tuple[str, dict[str, int]]:
    """A store file's schema version and row counts, after checking it is whole; BackupError if not."""
    try:
        with closing(_connect(path)) as db:
            problems = [row[0] for row in db.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupError(f"{MEMBER_NAMES[role]} is damaged: {'; '.join(problems[:3])}")
            if role == QUEUE:
                orphans = db.execute("SELECT count(*) FROM tickets WHERE id NOT IN "
                                     "(SELECT ticket_id FROM ticket_events)").fetchone()[0]
                if orphans:
                    raise BackupError(f"{MEMBER_NAMES[role]} is inconsistent: {orphans} tickets have no events")
            return _schema(role, db), _row_counts(db)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{MEMBER_NAMES[role]} cannot be read: {error}") from None


def _objects_of(path: Path) -> set[tuple[str, str, str]]:
    """A file's tables, indexes, triggers and views as (type, name, SQL with quoting and spacing removed)."""
    with closing(_connect(path)) as db:
        rows = db.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall()
    # Quoting and spacing vary with how a table was made (sqlite-utils, ALTER TABLE); the words do not.
    return {(kind, name, re.sub(r"[\s\"'`\[\]]", "", (sql or "").lower())) for kind, name, sql in rows}


@cache
def _reference(role: str) -> tuple[frozenset[tuple[str, str, str]], frozenset[tuple[str, str]]]:
    """The schema this software creates for ``role``: every object it may hold, and those it must hold."""
    allowed: set[tuple[str, str, str]] = set()
    with tempfile.TemporaryDirectory(prefix="kiosk-schema-") as folder:
        if role == QUEUE:
            path = Path(folder) / "queue.db"
            SqliteQueueStore(path).close()
            required = frozenset((kind, name) for kind, name, _ in _objects_of(path))
            SqliteOutcomeStore(path)  # the kiosk adds these tables beside the queue's once it checks someone
            SqliteWorkOrderStore(path).close()  # and these once a visitor or staff leaves a work order
            allowed |= _objects_of(path)
        else:
            for use_fts in (True, False):  # a machine without FTS5 builds the knowledge base without it
                path = Path(folder) / f"legal-{use_fts}.db"
                try:
                    KnowledgeBase(path, use_fts=use_fts).close()
                except sqlite3.OperationalError:
                    continue  # no FTS5 here: such a file could not have been made on this machine either
                allowed |= _objects_of(path)
            required = frozenset()
    return frozenset(allowed), required


def check_schema(role: str, path: Path) -> None:
    """BackupError unless ``path`` holds exactly the schema this software creates: a trigger, view, table or
    index it does not create (or one it creates, changed) could alter every kiosk's queue once restored."""
    allowed, required = _reference(role)
    found = _objects_of(path)
    foreign = sorted(f"{kind} {name}" for kind, name, sql in found if (kind, name, sql) not in allowed)
    if foreign:
        raise BackupError(f"{MEMBER_NAMES[role]} holds objects this software does not create or has changed: "
                          f"{', '.join(foreign[:5])}; refused")
    missing = sorted(f"{kind} {name}" for kind, name in required - {(kind, name) for kind, name, _ in found})
    if missing:
        raise BackupError(f"{MEMBER_NAMES[role]} lacks part of the queue's schema: {', '.join(missing[:5])}; "
                          "refused")


def check_services(path: Path) -> None:
    """BackupError unless every stored service is inside the queue's domain (the staff screen's limits)."""
    with closing(_connect(path)) as db:
        db.row_factory = sqlite3.Row
        rows = db.execute("SELECT * FROM services").fetchall()
    for row in rows:
        try:
            check_service(service_of(row))
        except (QueueError, TypeError, KeyError) as error:
            raise BackupError(f"{MEMBER_NAMES[QUEUE]}: service {str(row['code'])[:20]!r}: {error}; refused") from None


def _standalone(path: Path) -> None:
    """One self-contained file: no WAL beside it once it leaves this machine."""
    with closing(_connect(path)) as db:
        db.execute("PRAGMA journal_mode=DELETE")


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite file (online backup API, all pages in one step)."""
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    try:
        with closing(_connect(source)) as origin, closing(_connect(target)) as copy:
            origin.backup(copy)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source}: cannot copy: {error}") from None
    _standalone(target)


def copy_postgres(store: PostgresQueueStore, target: Path) -> None:
    """The server's queue tables, as of one REPEATABLE READ snapshot, into a new SQLite queue file."""
    from kiosk.queue import postgres_store  # loaded already: ``store`` is one of its

    SqliteQueueStore(target).close()
    SqliteOutcomeStore(target)  # its tables sit beside the queue's in the file
    with store.transaction(write=False) as tx, closing(_connect(target)) as copy:
        # The server's schema runs one version ahead of the file's: its commit marks (queue_commits) settle
        # a lost COMMIT and are not copied.
        if tx.schema_version() != postgres_store.SCHEMA_VERSION:
            raise BackupRefused(f"the queue server has schema {tx.schema_version()}, this software "
                                f"{postgres_store.SCHEMA_VERSION}; run kiosk-admin db migrate or update the software")
        # The work orders share the queue's database and so this snapshot; none yet when no order was ever made.
        orders = _workorder_schema(tx.db)
        if orders:
            SqliteWorkOrderStore(target).close()
        copy.execute("BEGIN")
        for table in TABLES + (WORKORDER_TABLES if orders else ()):
            cursor = tx.db.execute(f"SELECT * FROM {table} ORDER BY 1")
            names = [column.name for column in cursor.description]
            marks = ", ".join("?" * len(names))
            copy.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})",
                             ([to_text(v) if isinstance(v, datetime) else int(v) if isinstance(v, bool) else v
                               for v in row] for row in cursor))
        copy.execute("COMMIT")
    _standalone(target)


def _workorder_schema(db: Any) -> int:
    """The server's work-order schema version (0: no tables yet); BackupRefused unless this software's."""
    if db.execute("SELECT to_regclass('workorder_schema')").fetchone()[0] is None:
        return 0
    version = db.execute("SELECT coalesce(max(version), 0) FROM workorder_schema").fetchone()[0]
    if version != workorder_sqlite.SCHEMA_VERSION:
        raise BackupRefused(f"the work orders on the server have schema {version}, this software "
                            f"{workorder_sqlite.SCHEMA_VERSION}; update the software")
    return version


@contextmanager
def _scratch(beside: Path) -> Iterator[Path]:
    """A temporary folder on the same file system as ``beside``, so the final renames are atomic."""
    beside.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".kiosk-backup-", dir=beside))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def take_backup(out: Path, queue_path: Path | None, knowledge_base: Path | None,
                server: PostgresQueueStore | None = None, now: datetime | None = None, *,
                secret: bytes) -> Manifest:
    """Write the backup file ``out``: the queue (from ``server`` when given, else ``queue_path``) and the
    knowledge base when it exists, sealed with the centre's ``secret``. A store that is damaged is left
    out and named in the manifest's ``skipped``; the file appears whole or not at all."""
    now = now or datetime.now().astimezone()
    with _scratch(out.parent) as scratch:
        members, skipped = [], {}
        sources: list[tuple[str, Path | None]] = [(QUEUE, queue_path), (KNOWLEDGE_BASE, knowledge_base)]
        for role, source in sources:
            copy = scratch / MEMBER_NAMES[role]
            try:
                if role == QUEUE and server is not None:
                    copy_postgres(server, copy)
                elif source is not None and source.is_file():
                    copy_sqlite(source, copy)
                else:
                    continue
                schema, rows = check_copy(role, copy)
            except BackupRefused:
                raise
            except BackupError as error:
                skipped[role] = str(error)  # back up what is healthy; the command says what was not
                copy.unlink(missing_ok=True)
                continue
            members.append(Member(role, copy.name, copy.stat().st_size, _sha256(copy), schema, rows))
        if not members:
            why = "; ".join(skipped.values()) or "no queue store and no knowledge base yet"
            raise BackupError(f"nothing to back up: {why}")
        manifest = Manifest(now.isoformat(timespec="seconds"), "postgresql" if server else "sqlite", __version__,
                            tuple(members), skipped=skipped).sealed(secret)
        partial = scratch / "backup.zip"
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, manifest.to_json())
            for member in members:
                archive.write(scratch / member.name, member.name)
        os.replace(partial, out)
    return manifest


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    replaced: Path | None  # where the files that were there before now are
    copied: dict[str, int] = field(default_factory=dict)  # rows per table, when restored into a server


def _read_manifest(archive: zipfile.ZipFile) -> Manifest:
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise BackupError("not a kiosk backup: it holds no manifest.json") from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise BackupError(f"the backup's manifest declares {info.file_size} bytes; a manifest is at most "
                          f"{MAX_MANIFEST_BYTES}: refused before reading it")
    with archive.open(info) as handle:
        data = handle.read(MAX_MANIFEST_BYTES + 1)
    if len(data) > MAX_MANIFEST_BYTES:
        raise BackupError("the backup's manifest is larger than it declares: refused")
    return Manifest.from_json(data.decode("utf-8"))


def _stream(archive: zipfile.ZipFile, member: Member, target: Path) -> None:
    """Extract one member under a byte budget of its declared size, checking its checksum on the way."""
    digest, written = hashlib.sha256(), 0
    with archive.open(member.name) as source, target.open("wb") as out:
        while chunk := source.read(CHUNK_BYTES):
            written += len(chunk)
            if written > member.size:
                raise BackupError(f"{member.name} expands beyond its declared {member.size} bytes: refused")
            digest.update(chunk)
            out.write(chunk)
    if written != member.size:
        raise BackupError(f"{member.name} holds {written} bytes, its manifest says {member.size}: damaged")
    if digest.hexdigest() != member.sha256:
        raise BackupError(f"{member.name} does not match its checksum: the backup file is damaged")


def _extract(backup: Path, scratch: Path, secret: bytes) -> tuple[Manifest, dict[str, Path]]:
    """The manifest and each member extracted and checked; BackupError/BackupRefused before anything changes.

    Sizes are checked against the manifest, the limit and the free disk before a member is read."""
    try:
        with zipfile.ZipFile(backup) as archive:
            manifest = _read_manifest(archive)
            if not manifest.seal_matches(secret):
                raise BackupRefused("this backup was not made by this centre, or was changed since (its seal does "
                                    "not match this centre's secret); on a new machine, copy the centre's ticket "
                                    "secret (ticket-secret.key, or [tickets] secret_file) here first")
            listed = {MANIFEST} | {member.name for member in manifest.members}
            extra = sorted(name for name in archive.namelist() if name not in listed)
            if extra:
                raise BackupError(f"the backup holds files its manifest does not list: {', '.join(extra[:3])}")
            for member in manifest.members:
                declared = archive.getinfo(member.name).file_size
                if declared != member.size:
                    raise BackupError(f"{member.name} declares {declared} bytes, its manifest {member.size}: "
                                      "damaged or altered; refused before extracting")
            needed = sum(member.size for member in manifest.members) + SPARE_DISK_BYTES
            free = shutil.disk_usage(scratch).free
            if needed > free:
                raise BackupError(f"the backup needs {needed // 1024**2} MB free beside the data folder, "
                                  f"{free // 1024**2} MB are: free some space first")
            files = {}
            for member in manifest.members:
                files[member.role] = scratch / member.name
                _stream(archive, member, files[member.role])
    except FileNotFoundError:
        raise BackupError(f"{backup}: no such file") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, UnicodeDecodeError, zlib.error, EOFError,
            RuntimeError, NotImplementedError) as error:
        raise BackupError(f"{backup}: not a readable backup ({str(error)[:200]})") from None
    for member in manifest.members:
        path = files[member.role]
        schema, _ = check_copy(member.role, path)
        if member.role == QUEUE:
            if not schema.isdigit() or int(schema) > sqlite_store.SCHEMA_VERSION:
                raise BackupRefused(f"the queue in this backup has schema {schema}, newer than this software's "
                                    f"{sqlite_store.SCHEMA_VERSION}; update the kiosk software first")
            try:
                SqliteQueueStore(path).close()  # an older backup comes up to this software's schema
            except StoreError as error:
                raise BackupError(str(error)) from None
            check_schema(QUEUE, path)
            check_services(path)
        if member.role == KNOWLEDGE_BASE:
            if schema != KNOWLEDGE_BASE_SCHEMA:
                raise BackupRefused(f"the knowledge base in this backup has schema {schema!r}, this software "
                                    f"{KNOWLEDGE_BASE_SCHEMA!r}")
            check_schema(KNOWLEDGE_BASE, path)
    return manifest, files


def _move_aside(target: Path, aside: Path) -> None:
    for suffix in SIDECARS:
        current = target.with_name(target.name + suffix)
        if current.exists():
            aside.mkdir(parents=True, exist_ok=True)
            os.replace(current, aside / current.name)


def restore_backup(backup: Path, queue_path: Path | None, knowledge_base: Path, data_dir: Path,
                   server: PostgresQueueStore | None = None, now: datetime | None = None, *,
                   secret: bytes, workorder_server: PostgresWorkOrderStore | None = None) -> Restored:
    """Put a backup's stores in place of the current ones (the queue into ``server`` when given, which
    must be empty, and its work orders into ``workorder_server``, the same database's); the files replaced
    are kept in ``<data_dir>/replaced/<time>/``. The backup must be sealed with ``secret``, the centre's."""
    now = now or datetime.now().astimezone()
    aside = data_dir / "replaced" / now.strftime("%Y%m%dT%H%M%S")
    with _scratch(data_dir) as scratch:
        manifest, files = _extract(backup, scratch, secret)
        copied: dict[str, int] = {}
        if QUEUE in files and server is not None:
            filled = workorder_server.filled_tables() if workorder_server is not None else []
            if filled:
                raise BackupRefused(f"the server already holds {', '.join(filled)}; a restore onto the server "
                                    "needs an empty, migrated database")
            try:
                copied = server.copy_from_sqlite(files[QUEUE])
            except TargetNotEmpty as error:
                raise BackupRefused(f"{error}; a restore onto the server needs an empty, migrated "
                                    "database") from None
            if workorder_server is not None:
                copied |= workorder_server.copy_from_sqlite(files[QUEUE])
            files.pop(QUEUE)
        targets = {QUEUE: queue_path, KNOWLEDGE_BASE: knowledge_base}
        for role, path in files.items():
            _standalone(path)
            target = targets[role]
            if target is None:
                continue
            _move_aside(target, aside)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)
    return Restored(manifest, aside if aside.exists() else None, copied)
