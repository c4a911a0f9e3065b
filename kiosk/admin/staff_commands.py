"""kiosk-admin commands for the staff side: setting, disinfection, audit.

``setting`` changes the keys staff may change on the kiosk screen (health-check
policy, idle timeout, the calculators' local figures) through the same checks
and audit; every kiosk on the store follows within seconds. A value that fails its check is a refusal (exit 3).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from kiosk.admin import EXIT_OK, EXIT_REFUSED, print_json
from kiosk.admin.queue_commands import _add, _by, _who
from kiosk.queue import Queue
from kiosk.queue.model import ROUND_AREAS, ROUND_KINDS
from kiosk.staff.audit import describe_change
from kiosk.staff.centre_setup import SETTING_FIELDS, CentreSetup, SettingRefusal
from kiosk.staff.disinfection import round_statuses


def register(subparsers) -> None:
    group = subparsers.add_parser(
        "setting", help="health-check policy, idle timeout and the calculators' local figures, as staff set them "
        "on screen").add_subparsers(dest="setting_command", metavar="ACTION", required=True)
    _add(group, "show", _setting_show, "the keys staff may change: the value in force and config.ini's")
    changed = _add(group, "set", _setting_set, "set KEY to VALUE on every kiosk of the store (checked, audited), "
                   "even where it equals this kiosk's config.ini")
    changed.add_argument("key", choices=sorted(SETTING_FIELDS))
    changed.add_argument("value")
    _by(changed)
    reset = _add(group, "reset", _setting_reset, "let each kiosk's config.ini decide KEY again")
    reset.add_argument("key", choices=sorted(SETTING_FIELDS))
    _by(reset)

    rounds = subparsers.add_parser("disinfection", help="the disinfection log (消毒记录)").add_subparsers(
        dest="disinfection_command", metavar="ACTION", required=True)
    _add(rounds, "status", _disinfection_status, "the last round of each kind, and whether one is overdue")
    record = _add(rounds, "record", _disinfection_record, "record a disinfection or ventilation round")
    record.add_argument("--kind", required=True, choices=ROUND_KINDS)
    record.add_argument("--area", required=True, choices=ROUND_AREAS)
    _by(record)

    audit = _add(subparsers, "audit", _audit, "the latest staff changes and actions, newest first")
    audit.add_argument("--limit", type=int, default=50)


def _setup(args: argparse.Namespace, desk: Queue) -> CentreSetup:
    return CentreSetup(desk.centre, args.runtime.settings)


def _setting_show(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    config, settings = args.runtime.settings, _setup(args, desk).policy()
    shown = {key: {"value": field.config_text(settings), "config": field.config_text(config)}
             for key, field in SETTING_FIELDS.items()}
    if args.json:
        print_json(shown)
    else:
        for key, values in shown.items():
            note = "" if values["value"] == values["config"] else f"  (config.ini: {values['config']})"
            print(f"{key} = {values['value']}{note}")
    return EXIT_OK


def _changed(args: argparse.Namespace, result: object) -> int:
    if isinstance(result, SettingRefusal):
        if args.json:
            print_json({"refused": result.field, "message_zh": result.text, "message_en": result.text_en})
        else:
            print(f"refused: {result.text_en}", file=sys.stderr)
        return EXIT_REFUSED
    if args.json:
        print_json({"key": args.key, "value": result})
    else:
        print(f"{args.key} = {result}")
    return EXIT_OK


def _setting_set(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    return _changed(args, _setup(args, desk).set_policy(args.key, args.value, _who(args), now))


def _setting_reset(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    return _changed(args, _setup(args, desk).reset_policy(args.key, _who(args), now))


def _disinfection_status(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    settings = _setup(args, desk).policy()
    statuses = round_statuses(desk.staff_log.last_rounds(), settings.staff, desk.centre.today_hours(now).open_now, now)
    shown = {s.kind: {"last": s.last.at if s.last else None, "area": s.last.area if s.last else None,
                      "due_at": s.due_at, "overdue": s.overdue} for s in statuses}
    if args.json:
        print_json(shown)
    else:
        for kind, status in shown.items():
            last = f"{status['last']:%Y-%m-%d %H:%M} ({status['area']})" if status["last"] else "none recorded"
            print(f"{kind}: last {last}{'  OVERDUE' if status['overdue'] else ''}")
    return EXIT_OK


def _disinfection_record(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    entry = desk.staff_log.record_round(args.kind, args.area, _who(args), now)
    if args.json:
        print_json({"kind": entry.kind, "area": entry.area, "at": entry.at, "staff": entry.staff})
    else:
        print(f"{entry.kind} of {entry.area} recorded at {entry.at:%H:%M}")
    return EXIT_OK


def _audit(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    entries = desk.staff_log.audit(args.limit)
    if args.json:
        print_json({"audit": [{"at": e.at, "who": e.who, "what": e.what, "old": e.old, "new": e.new}
                              for e in entries]})
    else:
        for entry in entries:
            print(f"{entry.at:%Y-%m-%d %H:%M}  {entry.who}  {entry.what}  {describe_change(entry)}".rstrip())
    return EXIT_OK
