"""Tickets and answers on paper and on screen: ESC/POS printing, the picture, the signed ticket QR.

Kivy-free. The caller maps a queue ticket onto :class:`TicketPrintout` and a
knowledge-base answer onto :class:`AnswerPrintout`.
"""

# First: python-escpos must not configure logging (see _escpos).
from kiosk.printing import _escpos  # noqa: F401
from kiosk.printing.answers import answer_qr_text, fitted_qr_text
from kiosk.printing.escpos_bytes import answer_bytes, booking_bytes, ticket_bytes
from kiosk.printing.model import (
    AnswerPrintout,
    BookingPrintout,
    CitedArticle,
    PrinterState,
    PrintResult,
    TicketPrintout,
)
from kiosk.printing.printers import EscposTicketPrinter, NoPrinter, TicketPrinter, open_printer
from kiosk.printing.signing import SecretError, SignedTicket, TicketSigner, Verification

__all__ = [
    "AnswerPrintout",
    "BookingPrintout",
    "CitedArticle",
    "EscposTicketPrinter",
    "NoPrinter",
    "PrintResult",
    "PrinterState",
    "SecretError",
    "SignedTicket",
    "TicketPrinter",
    "TicketPrintout",
    "TicketSigner",
    "Verification",
    "answer_bytes",
    "answer_qr_text",
    "booking_bytes",
    "fitted_qr_text",
    "open_printer",
    "ticket_bytes",
]
