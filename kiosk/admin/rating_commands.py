"""``kiosk-admin rating``: visitors' ratings (好差评) of finished tickets.

    kiosk-admin rating add --ticket A012 --level 2 --reason long_wait --json
    kiosk-admin rating add --ticket 'PLK2.41.20261130.A012.-.x7….sig' --level 5   # the ticket's QR, relayed
    kiosk-admin rating list --json

Levels are the national government-service scale, 5 非常满意 to 1 非常不满意;
the two lowest need a reason (repeat ``--reason``) and open a follow-up work
order. A ticket is rated once.
"""

from __future__ import annotations

import sys
from datetime import datetime

from kiosk.admin import EXIT_FAILED, EXIT_OK, print_json
from kiosk.admin.workorder_commands import options, run_with_desk
from kiosk.workorders.model import LEVELS, REASONS, WorkOrderError
from kiosk.workorders.rated_ticket import rated_ticket


def add(args, runtime, desk, now: datetime) -> int:
    from kiosk.printing.signing import TicketSigner
    from kiosk.wiring import open_queue

    queue = open_queue(runtime, write=False)
    try:
        ticket = rated_ticket(args.ticket, queue.tickets, lambda: TicketSigner.for_runtime(runtime), now)
    finally:
        queue.close()
    if isinstance(ticket, WorkOrderError):
        message = f"no ticket {args.ticket} today" if ticket.code == "unknown_ticket" else ticket.en
        if args.json:
            print_json({"error": ticket.code, "message": message})
        print(f"kiosk-admin: {message}", file=sys.stderr)
        return EXIT_FAILED
    rating = desk.rate(ticket, args.level, args.reason or (), now)
    if args.json:
        print_json(rating.as_json())
    else:
        print(f"{ticket.label}: {LEVELS[rating.level][0]}"
              + (f", follow-up work order {rating.order_key}" if rating.order_key else ""))
    return EXIT_OK


def list_ratings(args, runtime, desk, now: datetime) -> int:
    ratings = desk.ratings()
    if args.json:
        print_json({"ratings": [rating.as_json() for rating in ratings]})
    else:
        for rating in ratings:
            print(f"{rating.day} {rating.ticket_label} {rating.service} {rating.counter or '-'} "
                  f"{LEVELS[rating.level][0]} {','.join(rating.reasons)}")
    return EXIT_OK


def register(subparsers) -> None:
    parser = subparsers.add_parser("rating", help="visitors' ratings of finished tickets (好差评)")
    actions = parser.add_subparsers(dest="rating_action", metavar="ACTION", required=True)
    added = actions.add_parser("add", parents=[options()], help="rate today's finished ticket")
    added.add_argument("--ticket", required=True,
                       help="today's ticket number, e.g. A012, or the QR code printed on the ticket (PLK2....)")
    added.add_argument("--level", required=True, type=int, choices=sorted(LEVELS))
    added.add_argument("--reason", action="append", choices=list(REASONS),
                       help="why, for levels 1 and 2 (may be repeated)")
    added.set_defaults(handler=run_with_desk(add))
    listed = actions.add_parser("list", parents=[options()], help="the latest ratings")
    listed.set_defaults(handler=run_with_desk(list_ratings))
