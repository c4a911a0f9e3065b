"""``kiosk-admin ticket verify PAYLOAD``: is this QR a real ticket of today, still usable?

The signature and date say whether this centre signed it for today; the queue
store then says whether this store issued it (same id, number, day and nonce)
and whether it was cancelled, served or missed since. The ``ticket`` group
belongs to the queue's commands; they call :func:`add_verify_command` with
their subparsers to add this one.
"""

from __future__ import annotations

import argparse
import hmac
import sys
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from kiosk.foundation.runtime import Runtime
from kiosk.printing.signing import (
    CANCELLED,
    NO_SHOW,
    NOT_ISSUED_HERE,
    SERVED,
    STALE,
    SecretError,
    TicketSigner,
    Verification,
)

if TYPE_CHECKING:
    from kiosk.queue import Ticket

# A ticket's state in the store, when it makes the QR unusable.
REFUSING_STATES = {"cancelled": CANCELLED, "done": SERVED, "no_show": NO_SHOW, "expired": STALE}


def add_verify_command(ticket_subparsers: argparse._SubParsersAction) -> None:
    """Add ``verify PAYLOAD`` to the ``ticket`` command group."""
    from kiosk.admin import common_options

    parser = ticket_subparsers.add_parser(
        "verify", parents=[common_options()],
        help="check a ticket QR payload: exit 0 for a real, usable ticket of today, 1 for one refused",
        description="Check a ticket QR payload (as a scanner reads it; '-' reads it from standard input): its "
                    "signature and date, then the queue store: a ticket this store did not issue (another data "
                    "folder sharing the secret, or from before a restore), cancelled, served or missed is "
                    "refused with the reason.")
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
    if verification.valid:
        from kiosk.queue import StoreError
        from kiosk.wiring import open_queue_store

        try:
            store = open_queue_store(runtime)
        except StoreError as error:
            print(f"kiosk-admin: ticket verify: {error}", file=sys.stderr)
            return EXIT_USAGE
        try:
            with store.transaction(write=False) as tx:
                verification = against_store(verification, tx.ticket(verification.ticket.ticket_id))
        finally:
            store.close()
    if args.json:
        print_json(verification_report(verification))
    else:
        ticket = verification.ticket
        about = f" {ticket.number} of {ticket.day.isoformat()} (ticket {ticket.ticket_id})" if ticket else ""
        print(f"{'valid' if verification.valid else 'refused: ' + verification.reason}{about}")
        print(verification.message("zh_CN"))
        print(verification.message("en"))
    return EXIT_OK if verification.valid else EXIT_FAILED


def against_store(verification: Verification, stored: Ticket | None) -> Verification:
    """A QR whose signature and date passed, checked against the ticket the store holds under its id."""
    signed = verification.ticket
    if not verification.valid or signed is None:
        return verification
    if (stored is None or stored.label != signed.number or stored.day != signed.day.isoformat()
            or not hmac.compare_digest(stored.nonce.encode(), signed.nonce.encode())):
        return Verification(False, NOT_ISSUED_HERE, signed)
    refused = REFUSING_STATES.get(stored.status)
    return Verification(False, refused, signed) if refused else verification


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
