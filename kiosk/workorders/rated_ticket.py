"""Which ticket a rating is for: the number printed on the ticket, or the signed QR on the ticket taken away.

The QR is the ticket's own (:mod:`kiosk.printing.signing`), so a visitor rates by showing it to the kiosk's
camera, and a platform that relays the scanned code rates with it (``kiosk-admin rating add --ticket CODE``).
A code is accepted when its signature is the centre's and the queue holds that very ticket (number, day and
nonce); unlike at the counter, a ticket of an earlier day may still be rated.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from datetime import datetime

from kiosk.printing.signing import NOT_ISSUED_HERE, PREFIX, REASONS, STALE, TicketSigner
from kiosk.queue.model import Ticket
from kiosk.queue.tickets import TicketDesk
from kiosk.workorders.model import WorkOrderError

QR_START = PREFIX + "."


def is_ticket_qr(code: str) -> bool:
    return code.strip().startswith(QR_START)


def qr_number(code: str) -> str:
    """The number printed on the ticket a QR payload names (A012), to show before it is checked."""
    parts = code.strip().split(".")
    return parts[3] if is_ticket_qr(code) and len(parts) == 7 else ""


def rated_ticket(code: str, tickets: TicketDesk, signer: Callable[[], TicketSigner],
                 now: datetime) -> Ticket | WorkOrderError:
    """The ticket ``code`` names (today's number such as A012, or a ticket QR payload); a refusal in both
    languages when there is none. ``signer`` is asked for only when a QR is given."""
    if not is_ticket_qr(code):
        ticket = tickets.ticket(code, now)
        if ticket is None:
            return WorkOrderError("unknown_ticket", "今天没有这个号码，请核对号票。",
                                  "There is no ticket with this number today; please check your ticket.")
        return ticket
    verification = signer().verify(code, now)
    signed = verification.ticket
    if signed is None or verification.reason not in ("valid", STALE):
        return WorkOrderError("bad_qr", *REASONS[verification.reason])
    stored = next((t for t in tickets.tickets_of_day(signed.day) if t.id == signed.ticket_id), None)
    if (stored is None or stored.label != signed.number
            or not hmac.compare_digest(stored.nonce.encode(), signed.nonce.encode())):
        return WorkOrderError("bad_qr", *REASONS[NOT_ISSUED_HERE])
    return stored
