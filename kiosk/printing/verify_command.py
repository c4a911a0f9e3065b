"""``kiosk-admin ticket verify PAYLOAD``: is this QR a real ticket of today?

The ``ticket`` group belongs to the queue's commands; they call
:func:`add_verify_command` with their subparsers to add this one.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.printing.signing import SecretError, TicketSigner, Verification
from kiosk.runtime import Runtime


def add_verify_command(ticket_subparsers: argparse._SubParsersAction) -> None:
    """Add ``verify PAYLOAD`` to the ``ticket`` command group."""
    from kiosk.admin import common_options

    parser = ticket_subparsers.add_parser(
        "verify", parents=[common_options()],
        help="check a ticket QR payload: exit 0 for a real ticket of today, 1 for one refused",
        description="Check the signature and date of a ticket QR payload (as a scanner reads it; '-' reads "
                    "it from standard input). Changed, forged and earlier days' tickets are refused with the reason.")
    parser.add_argument("payload", help="the text of the ticket QR code, or - for standard input")
    parser.add_argument("--at", type=datetime.fromisoformat, help="check as if it were this time (ISO)")
    parser.set_defaults(handler=run_verify)


def run_verify(args: argparse.Namespace, runtime: Runtime) -> int:
    from kiosk.admin import EXIT_FAILED, EXIT_OK, EXIT_USAGE, print_json

    payload = sys.stdin.readline() if args.payload == "-" else args.payload
    try:
        signer = TicketSigner.for_runtime(runtime)
    except SecretError as error:
        print(f"kiosk-admin: ticket verify: {error}", file=sys.stderr)
        return EXIT_USAGE
    zone = ZoneInfo(runtime.settings.centre.timezone)
    now = args.at or datetime.now(zone)
    verification = signer.verify(payload, now if now.tzinfo else now.replace(tzinfo=zone))
    if args.json:
        print_json(verification_report(verification))
    else:
        ticket = verification.ticket
        about = f" {ticket.number} of {ticket.day.isoformat()} (ticket {ticket.ticket_id})" if ticket else ""
        print(f"{'valid' if verification.valid else 'refused: ' + verification.reason}{about}")
        print(verification.message("zh_CN"))
        print(verification.message("en"))
    return EXIT_OK if verification.valid else EXIT_FAILED


def verification_report(verification: Verification) -> dict:
    """The verification as one JSON-ready object (no secret, only what the QR said)."""
    ticket = verification.ticket
    return {
        "valid": verification.valid,
        "reason": verification.reason,
        "message_zh": verification.message("zh_CN"),
        "message_en": verification.message("en"),
        "ticket": None if ticket is None else {
            "id": ticket.ticket_id,
            "day": ticket.day.isoformat(),
            "number": ticket.number,
            "priority": ticket.priority,
        },
    }
