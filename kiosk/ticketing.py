"""From a queue ticket to what the visitor takes away: the signed QR and the printout."""

from __future__ import annotations

from datetime import date

from kiosk.config import Settings
from kiosk.printing import SignedTicket, TicketPrintout, TicketSigner
from kiosk.queue import Service, Ticket


def signed_qr(signer: TicketSigner, ticket: Ticket) -> str:
    """The ticket's QR payload, which the counter terminal and ``kiosk-admin ticket verify`` check."""
    return signer.sign(SignedTicket(ticket.id, date.fromisoformat(ticket.day), ticket.label, ticket.priority))


def printout(ticket: Ticket, service: Service, ahead: int, materials: tuple[str, ...], qr_payload: str,
             settings: Settings, language: str) -> TicketPrintout:
    centre = settings.centre
    return TicketPrintout(
        centre_name=centre.name_en if language == "en" else centre.name,
        number=ticket.label,
        service_zh=service.name_zh,
        service_en=service.name_en,
        issued_at=ticket.issued_at,
        people_ahead=ahead,
        qr_payload=qr_payload,
        expected_call=ticket.expected_call,
        waiting_spot=None if ticket.spot is None else str(ticket.spot),
        return_time=ticket.return_time,
        materials=materials,
        notice=centre.notice_en if language == "en" else centre.notice,
        language=language,
    )
