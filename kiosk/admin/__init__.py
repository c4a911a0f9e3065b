"""``kiosk-admin``: staff operations from a shell, for scripts, cron and remote support.

Each command module exposes ``register(subparsers)`` and sets a ``handler``
taking ``(args, runtime)`` and returning the exit status: 0 success, 1 a check
that failed or nothing found, 2 a usage or config error, 3 a refusal.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.foundation.config import ConfigError
from kiosk.foundation.datadir import DataDirError
from kiosk.foundation.logsetup import ADMIN_LOG_FILE_NAME, configure_logging
from kiosk.foundation.runtime import open_runtime

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_REFUSED = 0, 1, 2, 3

COMMAND_MODULES = (
    "kiosk.admin.check",
    "kiosk.admin.stop",
    "kiosk.admin.kb_commands",
    "kiosk.admin.pin",
    "kiosk.admin.queue_commands",
    "kiosk.admin.staff_commands",
    "kiosk.admin.db_commands",
    "kiosk.admin.scan_command",
    "kiosk.admin.print_commands",
    "kiosk.admin.report_commands",
    "kiosk.admin.backup_commands",
    "kiosk.admin.calc_commands",
    "kiosk.admin.workorder_commands",
    "kiosk.admin.rating_commands",
    "kiosk.admin.doc_commands",
    "kiosk.admin.product_commands",
)

log = logging.getLogger("kiosk.admin")


def common_options() -> argparse.ArgumentParser:
    """Options every subcommand takes, after its name too."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--config", type=Path, default=argparse.SUPPRESS, help="config.ini to use")
    parent.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="data folder to use")
    parent.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print one JSON object")
    parent.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                        help="the demo's data folder, as kiosk --demo uses it (~/.local/share/legal-kiosk-demo)")
    return parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk-admin",
        description="Staff operations of the legal service kiosk.",
        parents=[common_options()],
    )
    parser.add_argument("--version", action="version", version=f"kiosk-admin {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for name, default in (("config", None), ("data_dir", None), ("json", False), ("demo", False)):
        if not hasattr(args, name):
            setattr(args, name, default)
    try:
        runtime = open_runtime(args.config, args.data_dir, demo=args.demo)
    except (ConfigError, DataDirError) as error:
        print(f"kiosk-admin: {error}", file=sys.stderr)
        return EXIT_USAGE
    configure_logging(runtime.log_dir, ADMIN_LOG_FILE_NAME)
    try:
        status = args.handler(args, runtime)
        sys.stdout.flush()  # here, so that a closed pipe is met inside the try
        return status
    except ConfigError as error:
        print(f"kiosk-admin: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader stopped early (``| head``): nothing failed. Python's own flush at exit must not
        # hit the closed pipe again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception:
        log.exception("kiosk-admin %s failed", args.command)
        print(f"kiosk-admin: {args.command} failed; see {runtime.log_dir / ADMIN_LOG_FILE_NAME}", file=sys.stderr)
        return EXIT_FAILED
