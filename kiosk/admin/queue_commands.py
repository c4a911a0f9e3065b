"""kiosk-admin commands for the queue: ticket, queue, service, hours, appointment, counter.

Every command takes ``--at`` (an ISO time) to act as if it were then, for tests
and replays; without it, the centre's current time. A refusal exits 3 and its
JSON carries ``"refused": "<reason>"``; misuse (an unknown ticket, a busy
counter) exits 1 with one line on stderr.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.admin import EXIT_FAILED, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, common_options, print_json
from kiosk.admin.verify_command import add_verify_command
from kiosk.printing import SecretError, TicketSigner
from kiosk.queue import Placed, Queue, QueueError, Refusal, StoreError, Ticket
from kiosk.queue.hours import check_key
from kiosk.queue.model import PRIORITY_KINDS
from kiosk.staff.centre_setup import CentreSetup, SettingRefusal, parse_capacity, parse_visit_minutes
from kiosk.visitor.printouts import signed_qr
from kiosk.wiring import open_queue

Handler = Callable[[argparse.Namespace, Queue, datetime], int]


def _iso_time(raw: str) -> datetime:
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an ISO time such as 2026-11-30T09:30, got {raw!r}") from None


def _iso_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date such as 2026-11-30, got {raw!r}") from None


def _options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False, parents=[common_options()])
    parent.add_argument("--at", type=_iso_time, help="act as if it were this time (ISO, centre's zone if none)")
    return parent


def _run(handler: Handler) -> Callable[[argparse.Namespace, Any], int]:
    """Open the desk, fix the time, and turn queue errors into one line and an exit status."""

    def run(args: argparse.Namespace, runtime) -> int:
        args.runtime = runtime  # for the ticket QR's signer
        zone = ZoneInfo(runtime.settings.centre.timezone)
        now = args.at or datetime.now(zone)
        if now.tzinfo is None:
            now = now.replace(tzinfo=zone)
        try:
            desk = open_queue(runtime)
        except StoreError as error:
            print(f"kiosk-admin: {error}", file=sys.stderr)
            return EXIT_USAGE
        try:
            return handler(args, desk, now)
        except QueueError as error:
            if args.json:
                print_json({"error": str(error)})
            print(f"kiosk-admin: {error}", file=sys.stderr)
            return EXIT_FAILED
        finally:
            desk.store.close()

    return run


def _add(group, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
    parser = group.add_parser(name, parents=[_options()], help=help_text, description=help_text)
    parser.set_defaults(handler=_run(handler))
    return parser


def register(subparsers) -> None:
    _register_ticket(subparsers)
    _register_queue(subparsers)
    _register_service(subparsers)
    _register_hours(subparsers)
    _register_appointment(subparsers)
    _register_counter(subparsers)


def _who(args: argparse.Namespace) -> str:
    return args.by or getpass.getuser()


def _by(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", help="who makes the change, for the audit (default: the login name)")


# --- output -----------------------------------------------------------------------


def ticket_json(ticket: Ticket, ahead: int | None = None) -> dict[str, Any]:
    """A ticket as kiosk-admin prints it; ``ahead`` is people ahead now (at issue when None)."""
    return {
        "number": ticket.label, "service": ticket.service, "status": ticket.status, "priority": ticket.priority,
        "spot": ticket.spot, "return_time": ticket.return_time,
        "ahead": ticket.ahead if ahead is None else ahead, "expected_call": ticket.expected_call,
        "issued_at": ticket.issued_at, "day": ticket.day, "counter": ticket.counter, "recalls": ticket.recalls,
        "appointment": ticket.appointment,
    }


def _refused(args: argparse.Namespace, refused: Refusal) -> int:
    if args.json:
        print_json({"refused": refused.reason, "message_zh": refused.message, "message_en": refused.message_en,
                    "suggestions": list(refused.suggestions), "service": refused.service,
                    "next_opening": refused.next_opening})
    else:
        print(f"refused ({refused.reason}): {refused.message_en}", file=sys.stderr)
    return EXIT_REFUSED


def _ticket_out(args: argparse.Namespace, result: Ticket | Refusal, ahead: int | None = None) -> int:
    if isinstance(result, Refusal):
        return _refused(args, result)
    if args.json:
        print_json({**ticket_json(result, ahead), "qr": _signed_qr(args, result)})
    else:
        where = ""
        if result.spot:
            where = f"spot {result.spot}"
        elif result.return_time:
            where = f"come back at {result.return_time:%H:%M}"
        elif result.counter:
            where = f"counter {result.counter}"
        print(f"{result.label} {result.service} {result.status} {where}".rstrip())
    return EXIT_OK


def _placed_out(args: argparse.Namespace, result: Placed | Refusal) -> int:
    return _refused(args, result) if isinstance(result, Refusal) else _ticket_out(args, result.ticket, result.ahead)


def _print(args: argparse.Namespace, value: dict[str, Any], lines: list[str]) -> int:
    if args.json:
        print_json(value)
    else:
        print("\n".join(lines))
    return EXIT_OK


# --- ticket -----------------------------------------------------------------------


def _register_ticket(subparsers) -> None:
    group = subparsers.add_parser("ticket", help="issue and look up tickets").add_subparsers(
        dest="ticket_command", metavar="ACTION", required=True)
    issue = _add(group, "issue", _ticket_issue, "issue a ticket (or check in an appointment)")
    issue.add_argument("--service", help="service code, e.g. consultation")
    issue.add_argument("--priority", choices=PRIORITY_KINDS)
    issue.add_argument("--appointment", metavar="CODE", help="check in this appointment instead")
    show = _add(group, "show", _ticket_show, "show today's ticket NUMBER (e.g. A023)")
    show.add_argument("number")
    add_verify_command(group)


def _ticket_issue(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    if not args.appointment and not args.service:
        print("kiosk-admin: ticket issue: expected --service CODE or --appointment CODE", file=sys.stderr)
        return EXIT_USAGE
    unusable = _load_signer(args)
    if unusable is not None:
        return unusable
    if args.appointment:
        return _placed_out(args, desk.appointments.check_in(args.appointment, now))
    return _placed_out(args, desk.tickets.issue_ticket(args.service, args.priority, now))


def _load_signer(args: argparse.Namespace) -> int | None:
    """Read the signing secret before a ticket is committed: an unusable secret must not leave a ticket
    issued with no QR and no output. The exit status when it is unusable, else None."""
    try:
        args.signer = TicketSigner.for_runtime(args.runtime)
    except SecretError as error:
        print(f"kiosk-admin: [tickets] secret_file: {error}; no ticket was issued", file=sys.stderr)
        return EXIT_USAGE
    return None


def _signed_qr(args: argparse.Namespace, ticket: Ticket) -> str:
    signer = getattr(args, "signer", None) or TicketSigner.for_runtime(args.runtime)
    return signed_qr(signer, ticket)


def _ticket_show(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    ticket = desk.tickets.ticket(args.number, now)
    if ticket is None:
        raise QueueError(f"no ticket {args.number} today")
    return _ticket_out(args, ticket, desk.tickets.people_ahead(ticket, now))


# --- queue ------------------------------------------------------------------------


def _register_queue(subparsers) -> None:
    group = subparsers.add_parser("queue", help="the day's queue and counter actions").add_subparsers(
        dest="queue_command", metavar="ACTION", required=True)
    _add(group, "status", _queue_status, "per service: issued, waiting, deferred, capacity left; the hall")
    for name, help_text in (("call", "call the next ticket to a counter"),
                            ("recall", "call the counter's ticket again (a no-show after the set recalls)"),
                            ("serve", "the called visitor has reached the counter"),
                            ("no-show", "the counter's visitor did not come"),
                            ("done", "the counter's visit is finished"),
                            ("transfer", "send the counter's visitor to another service's queue")):
        parser = _add(group, name, _counter_action, help_text)
        parser.add_argument("--counter", required=True, metavar="ID")
        if name == "transfer":
            parser.add_argument("--to", required=True, metavar="SERVICE", help="service code to transfer to")
    cancel = _add(group, "cancel", _queue_cancel, "cancel today's ticket NUMBER (the visitor left)")
    cancel.add_argument("number")
    spot = _add(group, "spot", _queue_spot, "take a waiting spot out of use, or back into use")
    spot.add_argument("spot_id", type=int, metavar="SPOT")
    spot.add_argument("--use", choices=("yes", "no"), required=True)
    _by(spot)


def _queue_status(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    services = {}
    lines = []
    for entry in desk.tickets.services_overview(now):
        code = entry.service.code
        services[code] = {"issued": entry.issued, "waiting": entry.waiting, "deferred": entry.deferred,
                          "capacity_left": entry.capacity_left, "expected_wait_minutes": round(
                              entry.expected_wait_minutes, 1), "open": entry.open,
                          "refused": entry.refusal.reason if entry.refusal else None}
        lines.append(f"{code:14} issued {entry.issued:4}  waiting {entry.waiting:3}  deferred {entry.deferred:3}  "
                     f"left {entry.capacity_left:4}  {'open' if entry.open else entry.refusal.reason}")
    status = desk.tickets.hall_status(now)
    hall = dict(asdict(status), free_spots=status.free_spots)
    lines.append(f"hall: {status.occupied_spots} of {status.usable_spots} usable spots occupied, "
                 f"{status.deferred} deferred")
    return _print(args, {"services": services, "hall": hall}, lines)


def _counter_action(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    tickets = desk.tickets
    actions = {"recall": tickets.recall, "serve": tickets.serve, "no-show": tickets.no_show, "done": tickets.done}
    command = args.queue_command
    if command == "call":
        ticket = desk.tickets.call_next(args.counter, now)
        if ticket is None:
            return _nothing(args)
    elif command == "transfer":
        ticket = desk.tickets.transfer(args.counter, args.to, now)
    else:
        ticket = actions[command](args.counter, now)
    return _ticket_out(args, ticket)


def _nothing(args: argparse.Namespace) -> int:
    if args.json:
        print_json({"called": None, "message": "nobody is waiting for this counter's services"})
    else:
        print("nobody is waiting for this counter's services", file=sys.stderr)
    return EXIT_FAILED


def _queue_cancel(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    return _ticket_out(args, desk.tickets.cancel(args.number, now))


def _queue_spot(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    spot = desk.centre.set_spot_in_use(args.spot_id, args.use == "yes", _who(args), now)
    return _print(args, asdict(spot), [f"spot {spot.id} at ({spot.x}, {spot.y}) "
                                       f"{'in use' if spot.in_use else 'out of use'}"])


# --- service ----------------------------------------------------------------------


def _register_service(subparsers) -> None:
    group = subparsers.add_parser("service", help="services and their daily capacity").add_subparsers(
        dest="service_command", metavar="ACTION", required=True)
    _add(group, "list", _service_list, "list services")
    change = _add(group, "set", _service_set, "change a service (audited)")
    change.add_argument("--code", required=True)
    change.add_argument("--capacity", dest="daily_capacity", help="daily capacity, 0 to 9999")
    change.add_argument("--visit-minutes", dest="visit_minutes", help="configured visit length, 1 to 480 minutes")
    change.add_argument("--enabled", choices=("yes", "no"))
    change.add_argument("--name-zh", dest="name")
    change.add_argument("--name-en", dest="name_en")
    change.add_argument("--materials-key", dest="materials_key")
    _by(change)


def _service_list(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    services = desk.centre.services()
    lines = [f"{s.prefix} {s.code:14} {s.name}  capacity {s.daily_capacity}  visit {s.visit_minutes:g} min  "
             f"{'enabled' if s.enabled else 'disabled'}" for s in services]
    return _print(args, {"services": [asdict(s) for s in services]}, lines)


def _service_set(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    changes: dict[str, Any] = {name: getattr(args, name) for name in ("name", "name_en", "materials_key")
                               if getattr(args, name) is not None}
    # The staff screen's parsers, so the shell can store nothing the screen would refuse.
    for name, option, parse in (("daily_capacity", "--capacity", parse_capacity),
                                ("visit_minutes", "--visit-minutes", parse_visit_minutes)):
        raw = getattr(args, name)
        if raw is None:
            continue
        try:
            changes[name] = parse(raw)
        except ValueError as error:
            print(f"kiosk-admin: service set: {option}: {error}; nothing changed", file=sys.stderr)
            return EXIT_USAGE
    if args.enabled is not None:
        changes["enabled"] = args.enabled == "yes"
    if not changes:
        print("kiosk-admin: service set: expected at least one change, e.g. --capacity 80", file=sys.stderr)
        return EXIT_USAGE
    service = desk.centre.set_service(args.code, _who(args), now, **changes)
    return _print(args, asdict(service), [f"{service.code}: capacity {service.daily_capacity}, visit "
                                          f"{service.visit_minutes:g} min, "
                                          f"{'enabled' if service.enabled else 'disabled'}"])


# --- hours ------------------------------------------------------------------------


def _register_hours(subparsers) -> None:
    group = subparsers.add_parser("hours", help="reception hours and date overrides").add_subparsers(
        dest="hours_command", metavar="ACTION", required=True)
    _add(group, "show", _hours_show, "the week, the overrides and today")
    change = _add(group, "set", _hours_set, "set a weekday or a date (audited)")
    change.add_argument("key", metavar="DAY", help="mon .. sun, or a date such as 2026-10-01")
    value = change.add_mutually_exclusive_group(required=True)
    value.add_argument("--sessions", help="e.g. '09:00-12:00, 13:30-17:00' or closed")
    value.add_argument("--clear", action="store_true", help="remove a date override")
    _by(change)


def _hours_show(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    table = desk.centre.hours_table()
    today = desk.centre.today_hours(now)
    value = {"week": {k: v for k, v in table.items() if "-" not in k},
             "overrides": {k: v for k, v in sorted(table.items()) if "-" in k},
             "today": {"day": today.day, "sessions": today.sessions_text, "override": today.override,
                       "open_now": today.open_now, "next_opening": today.next_opening}}
    lines = [f"{k}: {v}" for k, v in table.items() if "-" not in k]
    lines += [f"{k}: {v} (override)" for k, v in sorted(table.items()) if "-" in k]
    lines.append(f"today {today.day}: {today.sessions_text}{' (override)' if today.override else ''}")
    return _print(args, value, lines)


def _hours_set(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    try:
        key = check_key(args.key)  # first, so that the refusal below names a clean key
    except ValueError as error:
        print(f"kiosk-admin: hours set: {error}", file=sys.stderr)
        return EXIT_FAILED
    # The staff screen's checks (a date not past, sessions in order), then the desk's own.
    stored = CentreSetup(desk.centre, args.runtime.settings).set_hours(key, None if args.clear else args.sessions,
                                                               _who(args), now)
    if isinstance(stored, SettingRefusal):
        print(f"kiosk-admin: hours set: {stored.text_en}", file=sys.stderr)
        return EXIT_FAILED  # as the desk's own refusals always have
    table = desk.centre.hours_table()
    return _print(args, {"key": args.key, "sessions": table.get(args.key)},
                  [f"{args.key}: {table.get(args.key, 'weekday hours')}"])


# --- appointment ------------------------------------------------------------------


def _register_appointment(subparsers) -> None:
    group = subparsers.add_parser("appointment", help="appointments (预约)").add_subparsers(
        dest="appointment_command", metavar="ACTION", required=True)
    slots = _add(group, "slots", _appointment_slots, "free slots of a service on a day")
    slots.add_argument("--service", required=True)
    slots.add_argument("--date", type=_iso_date, required=True)
    book = _add(group, "book", _appointment_book, "book the slot starting at --start")
    book.add_argument("--service", required=True)
    book.add_argument("--start", type=_iso_time, required=True, help="slot start, e.g. 2026-12-01T10:00")
    checkin = _add(group, "checkin", _appointment_checkin, "check in: issues a priority ticket")
    checkin.add_argument("code")


def _appointment_slots(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    slots = desk.appointments.free_slots(args.service, args.date, now)
    return _print(args, {"service": args.service, "slots": [asdict(s) for s in slots]},
                  [f"{s.start:%H:%M}-{s.end:%H:%M} left {s.left}" for s in slots] or ["no slots"])


def _appointment_book(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    start = args.start if args.start.tzinfo else args.start.replace(tzinfo=desk.appointments.zone)
    booked = desk.appointments.book(args.service, start, now)
    if isinstance(booked, Refusal):
        return _refused(args, booked)
    value = dict(asdict(booked), qr=booked.qr_payload)
    return _print(args, value, [f"booked {booked.code}: {booked.service} {booked.window_start:%Y-%m-%d %H:%M}-"
                                f"{booked.window_end:%H:%M}"])


def _appointment_checkin(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    unusable = _load_signer(args)
    if unusable is not None:
        return unusable
    return _placed_out(args, desk.appointments.check_in(args.code, now))


# --- counter ----------------------------------------------------------------------


def _register_counter(subparsers) -> None:
    group = subparsers.add_parser("counter", help="counters (窗口) and the services they serve").add_subparsers(
        dest="counter_command", metavar="ACTION", required=True)
    _add(group, "list", _counter_list, "list counters")
    change = _add(group, "set", _counter_set, "create or change a counter (audited)")
    change.add_argument("--id", required=True, dest="counter_id")
    change.add_argument("--services", required=True, help="service codes, comma separated")
    change.add_argument("--open", choices=("yes", "no"), default="yes")
    _by(change)


def _counter_list(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    counters = desk.tickets.counters()
    return _print(args, {"counters": [asdict(c) for c in counters]},
                  [f"{c.id}: {','.join(c.services)} {'open' if c.open else 'closed'}" for c in counters]
                  or ["no counters"])


def _counter_set(args: argparse.Namespace, desk: Queue, now: datetime) -> int:
    services = tuple(s.strip() for s in args.services.split(",") if s.strip())
    counter = desk.centre.set_counter(args.counter_id, services, args.open == "yes", _who(args), now)
    return _print(args, asdict(counter), [f"{counter.id}: {','.join(counter.services)} "
                                          f"{'open' if counter.open else 'closed'}"])
