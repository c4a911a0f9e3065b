"""``kiosk-admin db``: the queue store's schema version, and moving a one-kiosk centre onto its server.

``db migrate`` brings the configured store (or ``--url``'s) to this version's
schema; ``db copy --from sqlite:///PATH --to postgresql://...`` copies a SQLite
queue file into an empty PostgreSQL database in one transaction. Every
kiosk-admin call imports this module, so psycopg loads only inside the
handlers that talk to a server.
"""

from __future__ import annotations

import sqlite3
import sys
from contextlib import closing
from pathlib import Path

from kiosk.admin import EXIT_FAILED, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, common_options, print_json
from kiosk.foundation.runtime import names_server
from kiosk.foundation.storage import StoreUnavailable
from kiosk.queue import sqlite_store
from kiosk.queue.sqlite_store import SqliteQueueStore
from kiosk.queue.store import StoreError, TargetNotEmpty


def register(subparsers) -> None:
    parser = subparsers.add_parser("db", help="the queue store: schema migration and copying to a server")
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    migrate = actions.add_parser("migrate", parents=[common_options()],
                                 help="bring the queue store to this kiosk version's schema")
    migrate.add_argument("--url", help="the store to migrate (sqlite:///PATH or postgresql://...); "
                                       "default: [database] url of the config")
    migrate.set_defaults(handler=migrate_store)
    copy = actions.add_parser("copy", parents=[common_options()],
                              help="copy a SQLite queue file into an empty PostgreSQL database")
    copy.add_argument("--from", dest="source", required=True, metavar="SQLITE_URL",
                      help="sqlite:///PATH (or a plain path) of the queue file")
    copy.add_argument("--to", dest="target", required=True, metavar="POSTGRES_URL",
                      help="postgresql://USER@HOST/DB of the centre's server, migrated and empty")
    copy.set_defaults(handler=copy_store)


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///")).expanduser()


def _fail(error: StoreError, status: int) -> int:
    print(f"kiosk-admin: {error}", file=sys.stderr)
    return status


def _status_of(error: StoreError) -> int:
    """Unreachable server: failed (try again); a copy target in use: refused; anything else: usage."""

    if isinstance(error, StoreUnavailable):
        return EXIT_FAILED
    return EXIT_REFUSED if isinstance(error, TargetNotEmpty) else EXIT_USAGE


def _migrate_sqlite(path: Path) -> tuple[int, int]:
    before = 0
    if path.is_file():
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            before = connection.execute("PRAGMA user_version").fetchone()[0]
    SqliteQueueStore(path).close()
    return before, sqlite_store.SCHEMA_VERSION


def _migrate_postgres(url: str) -> tuple[str, int, int]:
    from kiosk.queue.postgres_store import SCHEMA_VERSION, PostgresQueueStore

    store = PostgresQueueStore(url, migrate=False)
    try:
        return store.where, store.migrate(), SCHEMA_VERSION
    finally:
        store.close()


def migrate_store(args, runtime) -> int:
    url = runtime.settings.database.url if args.url is None else args.url.strip()
    try:
        if names_server(url):
            where, before, after = _migrate_postgres(url)
        else:
            path = _sqlite_path(url) if url else runtime.queue_db_path
            where = str(path)
            before, after = _migrate_sqlite(path)
    except (StoreError, sqlite3.DatabaseError) as error:
        if isinstance(error, sqlite3.DatabaseError):
            error = StoreError(f"{url or runtime.queue_db_path}: cannot use the queue store: {error}")
        return _fail(error, _status_of(error))
    if args.json:
        print_json({"store": where, "from_version": before, "to_version": after, "changed": before != after})
    elif before == after:
        print(f"queue store {where}: already at schema {after}")
    else:
        print(f"queue store {where}: schema {before} -> {after}")
    return EXIT_OK


def copy_store(args, runtime) -> int:
    if not names_server(args.target):
        print(f"kiosk-admin: --to: expected postgresql://..., got {args.target!r}", file=sys.stderr)
        return EXIT_USAGE
    if names_server(args.source):
        print("kiosk-admin: --from: expected the SQLite queue file (sqlite:///PATH)", file=sys.stderr)
        return EXIT_USAGE
    from kiosk.queue.postgres_store import PostgresQueueStore, copy_sqlite_store

    try:
        target = PostgresQueueStore(args.target)
        try:
            copied = copy_sqlite_store(_sqlite_path(args.source), target)
        finally:
            target.close()
    except StoreError as error:
        return _fail(error, _status_of(error))
    if args.json:
        print_json({"to": target.where, "copied": copied})
    else:
        print(f"copied to {target.where}: " + ", ".join(f"{n} {table}" for table, n in copied.items()))
    return EXIT_OK
