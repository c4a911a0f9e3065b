"""``kiosk-admin backup`` and ``kiosk-admin restore``: the kiosk's data in one file, and back.

    kiosk-admin backup --out /media/usb/kiosk-2026-11-30.zip     # safe while the kiosk runs
    kiosk-admin stop && kiosk-admin restore /media/usb/kiosk-2026-11-30.zip

The backup holds the queue store (tickets, appointments, audit, health-check
outcomes, refusal counts, work orders and ratings) and the knowledge base (with its query log). With the
queue on the centre's PostgreSQL server, the server's tables are read in one
snapshot; restoring puts them back into an empty, migrated database only, so
restore onto a fresh database (``createdb``, ``kiosk-admin db migrate --url``)
and point config.ini at it. Restore refuses while a kiosk runs on this data folder, and while
any process (counter terminal, display board, another kiosk-admin) has the queue store open.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from kiosk.admin import EXIT_FAILED, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, common_options, print_json
from kiosk.foundation.pid import read_running_pid
from kiosk.printing.signing import SecretError, load_or_create_secret, secret_path
from kiosk.queue.sqlite_store import exclusive_use
from kiosk.queue.store import StoreError, StoreInUse
from kiosk.wiring import open_queue_store, open_workorder_store
from kiosk.workorders import WorkOrderStoreError

T = TypeVar("T")


def register(subparsers) -> None:
    backup = subparsers.add_parser("backup", parents=[common_options()],
                                   help="copy the queue store and knowledge base into one file, while the kiosk runs")
    backup.add_argument("--out", type=Path, required=True, help="the backup file to write (a .zip)")
    backup.set_defaults(handler=take)
    restore = subparsers.add_parser("restore", parents=[common_options()],
                                    help="replace this data folder's stores by a backup's (kiosk stopped)")
    restore.add_argument("file", type=Path, help="a file written by kiosk-admin backup")
    restore.set_defaults(handler=put_back)


def _server(runtime):
    """The queue server when config.ini names one, else None."""
    return open_queue_store(runtime) if runtime.uses_server else None


def _now(runtime) -> datetime:
    return datetime.now(ZoneInfo(runtime.settings.centre.timezone))


def _fail(message: str, status: int) -> int:
    print(f"kiosk-admin: {message}", file=sys.stderr)
    return status


def _secret(runtime) -> bytes:
    """The centre's secret, which seals a backup's manifest (the ticket signing secret)."""
    return load_or_create_secret(secret_path(runtime.settings.tickets.secret_file, runtime.data_dir))


def _with_server(runtime, action: Callable[[object, bytes], T], file: Path, verb: str) -> T | int:
    """``action(server, secret)`` with the queue server open when there is one; a refusal or failure as an
    exit status after one line on stderr."""
    from kiosk.reports.backup import BackupError, BackupRefused

    try:
        secret = _secret(runtime)
    except SecretError as error:
        return _fail(f"[tickets] secret_file: {error}", EXIT_USAGE)
    try:
        server = _server(runtime)
        try:
            return action(server, secret)
        finally:
            if server is not None:
                server.close()
    except (BackupRefused, StoreInUse) as error:
        return _fail(str(error), EXIT_REFUSED)
    except (BackupError, StoreError, WorkOrderStoreError) as error:
        return _fail(str(error), EXIT_FAILED)
    except OSError as error:
        return _fail(f"cannot {verb} {file}: {error.strerror or error}", EXIT_FAILED)


def take(args, runtime) -> int:
    from kiosk.reports.backup import take_backup

    manifest = _with_server(runtime, lambda server, secret: take_backup(
        args.out, runtime.queue_db_path, runtime.knowledge_base_path, server, _now(runtime), secret=secret),
        args.out, "write")
    if isinstance(manifest, int):
        return manifest
    for role, why in manifest.skipped.items():
        print(f"kiosk-admin: backup: {role} NOT backed up: {why}", file=sys.stderr)
    if args.json:
        print_json({"file": str(args.out), "source": manifest.source, "created_at": manifest.created_at,
                    "members": [{"role": m.role, "schema": m.schema, "size": m.size, "rows": m.rows}
                                for m in manifest.members], "skipped": manifest.skipped})
    else:
        tickets = next((m.rows.get("tickets", 0) for m in manifest.members if m.role == "queue"), 0)
        print(f"backup written to {args.out}: {', '.join(m.role for m in manifest.members)} "
              f"({manifest.source}; {tickets} tickets)")
    return EXIT_OK


def put_back(args, runtime) -> int:
    from kiosk.reports.backup import restore_backup

    pid = read_running_pid(runtime.data_dir)
    if pid is not None:
        return _fail(f"a kiosk (process {pid}) is running on {runtime.data_dir}; stop it first "
                     "(kiosk-admin stop) and also stop counter terminals and display boards using this store",
                     EXIT_REFUSED)
    def restore(server, secret: bytes):
        if server is not None:
            orders = open_workorder_store(runtime)  # the same database: its work-order tables
            try:
                return restore_backup(args.file, None, runtime.knowledge_base_path, runtime.data_dir, server,
                                      _now(runtime), secret=secret, workorder_server=orders)
            finally:
                orders.close()
        # Every process with the store open holds its lock shared: a restore under one of them would hand
        # out numbers already issued.
        with exclusive_use(runtime.queue_db_path):
            return restore_backup(args.file, runtime.queue_db_path, runtime.knowledge_base_path, runtime.data_dir,
                                  None, _now(runtime), secret=secret)

    restored = _with_server(runtime, restore, args.file, "restore")
    if isinstance(restored, int):
        return restored
    roles = [m.role for m in restored.manifest.members]
    if args.json:
        print_json({"file": str(args.file), "restored": roles, "backup_created_at": restored.manifest.created_at,
                    "replaced_files_in": str(restored.replaced) if restored.replaced else None,
                    "copied_to_server": restored.copied})
    else:
        print(f"restored {', '.join(roles)} from {args.file} (taken {restored.manifest.created_at})")
        if restored.replaced:
            print(f"the files it replaced are in {restored.replaced}")
    return EXIT_OK
