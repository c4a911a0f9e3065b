"""``kiosk-admin workorder``: work orders to the 12348 hotline and the online platform, from a shell.

    kiosk-admin workorder create --kind callback --topic labour --phone 13800138000 --json
    kiosk-admin workorder list [--state new] --json
    kiosk-admin workorder show ID --json
    kiosk-admin workorder update ID --state accepted --json     # also how a platform pushes a status
    kiosk-admin workorder sync --json                           # {"sent": n, "failed": n, "dead": n}
    kiosk-admin workorder retry ID --json                       # send a dead-lettered order again
    kiosk-admin workorder read-export FILE [--key KEY] --json   # the platform's side: open an exported order

Phone numbers are printed masked (138****8000), except by ``read-export``, which
the receiving platform runs on a file of the export folder with the key the
centre shared, to call the visitor back. An order that cannot be made or
moved exits 1 with one line on stderr (and ``{"error": code, "message": ...}``
with ``--json``); a store or key file that cannot be used exits 2.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.admin import EXIT_FAILED, EXIT_OK, EXIT_USAGE, common_options, print_json
from kiosk.workorders.model import COUNTER, REQUESTABLE_KINDS, STATES, URGENCIES

Handler = Callable[[argparse.Namespace, Any, Any, datetime], int]


def _iso_time(raw: str) -> datetime:
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an ISO time such as 2026-12-07T09:30, got {raw!r}") from None


def options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False, parents=[common_options()])
    parent.add_argument("--at", type=_iso_time, help="act as if it were this time (ISO, centre's zone if none)")
    return parent


def run_with_desk(handler: Handler) -> Callable[[argparse.Namespace, Any], int]:
    """Open the work-order desk, fix the time, and turn errors into one line and an exit status."""

    def run(args: argparse.Namespace, runtime) -> int:
        from kiosk.queue import StoreError
        from kiosk.wiring import open_workorders
        from kiosk.workorders import VaultError, WorkOrderError, WorkOrderStoreError

        zone = ZoneInfo(runtime.settings.centre.timezone)
        now = args.at or datetime.now(zone)
        if now.tzinfo is None:
            now = now.replace(tzinfo=zone)
        try:
            desk = open_workorders(runtime)
        except (WorkOrderStoreError, VaultError, StoreError) as error:
            print(f"kiosk-admin: {error}", file=sys.stderr)
            return EXIT_USAGE
        try:
            return handler(args, runtime, desk, now)
        except WorkOrderError as error:
            if args.json:
                print_json({"error": error.code, "message": error.en})
            print(f"kiosk-admin: {error.en}", file=sys.stderr)
            return EXIT_FAILED
        except (WorkOrderStoreError, VaultError) as error:
            print(f"kiosk-admin: {error}", file=sys.stderr)
            return EXIT_USAGE
        finally:
            desk.close()

    return run


def _print_order(args, order, now: datetime, steps=None) -> None:
    data = order.as_json(now)
    if steps is not None:
        data["steps"] = [{"at": s.at.isoformat(), "old": s.old, "new": s.new, "who": s.who} for s in steps]
    if args.json:
        print_json(data)
        return
    print(f"#{order.id} {order.kind} {order.topic} [{order.state}] phone {order.phone_masked or '-'} "
          f"due {order.deadline:%Y-%m-%d %H:%M}{' OVERDUE' if data['overdue'] else ''} delivery {order.delivery}")
    for step in data.get("steps", []):
        print(f"  {step['at']} {step['old'] or '-'} -> {step['new']} by {step['who']}")


def create(args, runtime, desk, now: datetime) -> int:
    order = desk.create(args.kind, args.topic, args.phone, now, channel=COUNTER, urgency=args.urgency,
                        note_code=args.note_code)
    _print_order(args, order, now)
    return EXIT_OK


def list_orders(args, runtime, desk, now: datetime) -> int:
    orders = desk.orders(args.state)
    if args.json:
        print_json({"orders": [order.as_json(now) for order in orders],
                    "overdue": sum(order.overdue(now) and not order.closed for order in orders)})
    else:
        for order in orders:
            _print_order(args, order, now)
    return EXIT_OK


def show(args, runtime, desk, now: datetime) -> int:
    order, steps = desk.show(args.id)
    _print_order(args, order, now, steps)
    return EXIT_OK


def update(args, runtime, desk, now: datetime) -> int:
    who = args.who or getpass.getuser()
    _print_order(args, desk.update(args.id, args.state, now, who), now)
    return EXIT_OK


def sync(args, runtime, desk, now: datetime) -> int:
    from kiosk.workorders import open_sender

    result = open_sender(runtime, desk, (lambda: now) if args.at else None).sync()
    counts = {"sent": result.sent, "failed": result.failed, "dead": result.dead}
    if args.json:
        print_json(counts)
    else:
        print(f"sent {result.sent}, failed {result.failed}, dead {result.dead}, status updates {result.updated}")
    return EXIT_OK


def retry(args, runtime, desk, now: datetime) -> int:
    _print_order(args, desk.retry_dead(args.id, now), now)
    return EXIT_OK


def read_export(args: argparse.Namespace, runtime) -> int:
    """An exported order with its phone number opened: for the platform, which needs no store of ours."""
    from kiosk.workorders import PhoneVault, VaultError
    from kiosk.workorders.sender import opened_export
    from kiosk.workorders.vault import export_key_path, read_key

    settings = runtime.settings
    key = args.key or export_key_path(settings.platform.export_key, settings.tickets.secret_file, runtime.data_dir)
    try:
        data = json.loads(Path(args.file).read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("expected one exported order (a JSON object)")
    except (OSError, ValueError) as error:
        print(f"kiosk-admin: {args.file}: {getattr(error, 'strerror', None) or error}", file=sys.stderr)
        return EXIT_FAILED
    try:
        order = opened_export(data, PhoneVault(read_key(Path(key))))
    except VaultError as error:
        print(f"kiosk-admin: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print_json(order)
    else:
        print(f"{order.get('key')} {order.get('kind')} {order.get('topic')} phone {order['phone'] or '-'}")
    return EXIT_OK


def register(subparsers) -> None:
    parser = subparsers.add_parser("workorder", help="work orders to the 12348 hotline and the online platform")
    actions = parser.add_subparsers(dest="workorder_action", metavar="ACTION", required=True)

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        action = actions.add_parser(name, parents=[options()], help=help_text, description=help_text)
        action.set_defaults(handler=run_with_desk(handler))
        return action

    made = add("create", create, "make a work order for the hotline or the online platform")
    made.add_argument("--kind", required=True, choices=REQUESTABLE_KINDS)
    made.add_argument("--topic", required=True, help="the matter's topic code, e.g. labour")
    made.add_argument("--phone", required=True, help="the visitor's one phone number (stored encrypted)")
    made.add_argument("--note-code", help="a form or case reference code (no personal text)")
    made.add_argument("--urgency", choices=URGENCIES, default="normal")
    listed = add("list", list_orders, "list work orders, newest first")
    listed.add_argument("--state", choices=STATES)
    add("show", show, "one work order with its steps").add_argument("id", help="the order's number or key")
    moved = add("update", update, "move a work order to another state (staff, or a platform's push)")
    moved.add_argument("id", help="the order's number or key")
    moved.add_argument("--state", required=True, choices=STATES)
    moved.add_argument("--who", help="who made the change (default: the shell user)")
    add("sync", sync, "send due orders to the platform and read status updates back")
    add("retry", retry, "send a dead-lettered order again").add_argument("id", help="the order's number or key")
    opened = actions.add_parser("read-export", parents=[common_options()],
                                help="the platform's side: an exported order with its phone number opened",
                                description="Open FILE from the export folder with the export key the centre "
                                "shared ([platform] export_key): the order with the phone number in clear.")
    opened.add_argument("file", help="an order's .json file from the export folder")
    opened.add_argument("--key", type=Path, help="the export key file (default: [platform] export_key)")
    opened.set_defaults(handler=read_export)
