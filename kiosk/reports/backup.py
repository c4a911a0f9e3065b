"""Backup and restore of a kiosk's data: the queue store (with the health-check outcomes) and the knowledge base.

A backup is one zip file: ``manifest.json`` and a SQLite copy of each store. The
copies are taken with SQLite's online backup API in one step, i.e. inside one
read transaction, so a kiosk writing meanwhile neither waits nor tears the copy.
A queue on the centre's PostgreSQL server is read inside one REPEATABLE READ
transaction into the same SQLite form, so every backup restores the same way.

Restoring checks everything first (checksums, ``integrity_check``, schema
version, every ticket with its events) and only then moves the current files
aside into ``replaced/<time>/`` and puts the copies in their place.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import __version__
from kiosk.legal.store import SCHEMA_VERSION as KNOWLEDGE_BASE_SCHEMA
from kiosk.queue import sqlite_store
from kiosk.queue.sqlite_store import SqliteQueueStore, to_text

if TYPE_CHECKING:
    from kiosk.queue.postgres_store import PostgresQueueStore

FORMAT = "legal-kiosk-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
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


@dataclass(frozen=True)
class Manifest:
    created_at: str
    source: str  # "sqlite" or "postgresql"
    software: str
    members: tuple[Member, ...]
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            raw: dict[str, Any] = json.loads(text)
            if raw.get("format") != FORMAT:
                raise BackupError("not a kiosk backup (its manifest names another format)")
            if raw.get("format_version", 0) > FORMAT_VERSION:
                raise BackupRefused(f"made by newer kiosk software (backup format {raw['format_version']}); "
                                    "update the kiosk software first")
            members = tuple(Member(**member) for member in raw.pop("members"))
            return cls(members=members, **raw)
        except (ValueError, TypeError, KeyError) as error:
            raise BackupError(f"the backup's manifest is damaged: {error}") from None


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
    from kiosk.health.store import SqliteOutcomeStore
    from kiosk.queue.postgres_store import TABLES

    SqliteQueueStore(target).close()
    SqliteOutcomeStore(target)  # its tables sit beside the queue's in the file
    with store.transaction(write=False) as tx, closing(_connect(target)) as copy:
        if tx.schema_version() != sqlite_store.SCHEMA_VERSION:
            raise BackupRefused(f"the queue server has schema {tx.schema_version()}, this software "
                                f"{sqlite_store.SCHEMA_VERSION}; run kiosk-admin db migrate or update the software")
        copy.execute("BEGIN")
        for table in TABLES:
            cursor = tx.db.execute(f"SELECT * FROM {table} ORDER BY 1")
            names = [column.name for column in cursor.description]
            marks = ", ".join("?" * len(names))
            copy.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})",
                             ([to_text(v) if isinstance(v, datetime) else int(v) if isinstance(v, bool) else v
                               for v in row] for row in cursor))
        copy.execute("COMMIT")
    _standalone(target)


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
                server: PostgresQueueStore | None = None, now: datetime | None = None) -> Manifest:
    """Write the backup file ``out``: the queue (from ``server`` when given, else ``queue_path``) and the
    knowledge base when it exists. The file appears whole or not at all."""
    now = now or datetime.now().astimezone()
    with _scratch(out.parent) as scratch:
        members = []
        sources: list[tuple[str, Path | None]] = [(QUEUE, queue_path), (KNOWLEDGE_BASE, knowledge_base)]
        for role, source in sources:
            copy = scratch / MEMBER_NAMES[role]
            if role == QUEUE and server is not None:
                copy_postgres(server, copy)
            elif source is not None and source.is_file():
                copy_sqlite(source, copy)
            else:
                continue
            schema, rows = check_copy(role, copy)
            members.append(Member(role, copy.name, copy.stat().st_size, _sha256(copy), schema, rows))
        if not members:
            raise BackupError("nothing to back up: no queue store and no knowledge base yet")
        manifest = Manifest(now.isoformat(timespec="seconds"), "postgresql" if server else "sqlite", __version__,
                            tuple(members))
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


def _extract(backup: Path, scratch: Path) -> tuple[Manifest, dict[str, Path]]:
    """The manifest and each member extracted and checked; BackupError/BackupRefused before anything changes."""
    try:
        with zipfile.ZipFile(backup) as archive:
            manifest = Manifest.from_json(archive.read(MANIFEST).decode("utf-8"))
            files = {}
            for member in manifest.members:
                if member.role not in MEMBER_NAMES or member.name != MEMBER_NAMES[member.role]:
                    raise BackupError(f"the manifest names an unknown member {member.name!r}")
                archive.extract(member.name, scratch)
                files[member.role] = scratch / member.name
    except FileNotFoundError:
        raise BackupError(f"{backup}: no such file") from None
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as error:
        raise BackupError(f"{backup}: not a readable backup ({error})") from None
    for member in manifest.members:
        path = files[member.role]
        if _sha256(path) != member.sha256:
            raise BackupError(f"{member.name} does not match its checksum: the backup file is damaged")
        schema, _ = check_copy(member.role, path)
        if member.role == QUEUE and int(schema or 0) > sqlite_store.SCHEMA_VERSION:
            raise BackupRefused(f"the queue in this backup has schema {schema}, newer than this software's "
                                f"{sqlite_store.SCHEMA_VERSION}; update the kiosk software first")
        if member.role == KNOWLEDGE_BASE and schema != KNOWLEDGE_BASE_SCHEMA:
            raise BackupRefused(f"the knowledge base in this backup has schema {schema!r}, this software "
                                f"{KNOWLEDGE_BASE_SCHEMA!r}")
    return manifest, files


def _move_aside(target: Path, aside: Path) -> None:
    for suffix in SIDECARS:
        current = target.with_name(target.name + suffix)
        if current.exists():
            aside.mkdir(parents=True, exist_ok=True)
            os.replace(current, aside / current.name)


def restore_backup(backup: Path, queue_path: Path | None, knowledge_base: Path, data_dir: Path,
                   server: PostgresQueueStore | None = None, now: datetime | None = None) -> Restored:
    """Put a backup's stores in place of the current ones (the queue into ``server`` when given, which
    must be empty); the files replaced are kept in ``<data_dir>/replaced/<time>/``."""
    now = now or datetime.now().astimezone()
    aside = data_dir / "replaced" / now.strftime("%Y%m%dT%H%M%S")
    with _scratch(data_dir) as scratch:
        manifest, files = _extract(backup, scratch)
        copied: dict[str, int] = {}
        if QUEUE in files:
            SqliteQueueStore(files[QUEUE]).close()  # an older backup comes up to this software's schema
            if server is not None:
                from kiosk.queue.postgres_store import TargetNotEmpty, copy_sqlite_store

                try:
                    copied = copy_sqlite_store(files[QUEUE], server)
                except TargetNotEmpty as error:
                    raise BackupRefused(f"{error}; a restore onto the server needs an empty, migrated "
                                        "database") from None
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
