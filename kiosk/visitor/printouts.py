"""What a visitor takes away: a ticket's signed QR and printout, an answer's printout and QR, an appointment slip."""

from __future__ import annotations

from datetime import date, datetime

from PIL.Image import Image

from kiosk.foundation.config import Settings
from kiosk.foundation.fonts import FontFiles
from kiosk.foundation.i18n import day_text, localised
from kiosk.legal.library import AnswerView
from kiosk.printing import (
    AnswerPrintout,
    BookingPrintout,
    CitedArticle,
    PrintResult,
    SignedTicket,
    TicketPrinter,
    TicketPrintout,
    TicketSigner,
    answer_qr_text,
)
from kiosk.printing.picture import ticket_picture
from kiosk.queue import Appointment, Service, Ticket
from kiosk.visitor import DRAWING, PRINTER, runs_on


def signed_qr(signer: TicketSigner, ticket: Ticket) -> str:
    """The ticket's QR payload, which the counter terminal and ``kiosk-admin ticket verify`` check."""
    return signer.sign(SignedTicket(ticket.id, date.fromisoformat(ticket.day), ticket.label, ticket.priority,
                                    ticket.nonce))


def ticket_printout(ticket: Ticket, service: Service, ahead: int, materials: tuple[str, ...], qr_payload: str,
             settings: Settings, language: str) -> TicketPrintout:
    centre = settings.centre
    return TicketPrintout(
        centre_name=localised(centre, "name", language),
        number=ticket.label,
        service_zh=service.name,
        service_en=service.name_en,
        issued_at=ticket.issued_at,
        people_ahead=ahead,
        qr_payload=qr_payload,
        expected_call=ticket.expected_call,
        waiting_spot=None if ticket.spot is None else str(ticket.spot),
        return_time=ticket.return_time,
        materials=materials,
        notice=localised(centre, "notice", language),
        language=language,
    )


def booking_printout(booked: Appointment, service: Service, settings: Settings, language: str) -> BookingPrintout:
    """The slip of an appointment booked for another day, worded as the screen shows it."""
    return BookingPrintout(
        centre_name=localised(settings.centre, "name", language),
        code=booked.code,
        service=localised(service, "name", language),
        day=day_text(booked.window_start.date(), language),
        window=f"{booked.window_start:%H:%M}-{booked.window_end:%H:%M}",
        qr_payload=booked.qr_payload,
        language=language,
    )


def answer_printout(answer: AnswerView, settings: Settings, language: str, now: datetime) -> AnswerPrintout:
    """A legal answer on paper, with the articles it cites and a QR to read it again on a phone.

    In English the statute excerpts are left out: the statutes exist in Chinese only.
    """
    if language == "en":
        articles = _short_citations(answer, language)
    else:
        articles = tuple(CitedArticle(cite.law, cite.label, cite.version, (cite.text or "")[:80], cite.status,
                                      cite.note) for cite in answer.cites)
    return AnswerPrintout(
        centre_name=localised(settings.centre, "name", language),
        question=localised(answer, "question", language),
        answer=localised(answer, "answer", language),
        qr_text=answer_take_away(answer, settings, language),
        printed_at=now,
        articles=articles,
        language=language,
    )


def answer_take_away(answer: AnswerView, settings: Settings, language: str = "zh_CN") -> str:
    """What the answer's QR code carries: its web page if the centre has one, else the answer itself."""
    return answer_qr_text(answer.id, localised(answer, "question", language), localised(answer, "answer", language),
                          _short_citations(answer, language), settings.tickets.answer_url, language)


def _short_citations(answer: AnswerView, language: str) -> tuple[CitedArticle, ...]:
    return tuple(CitedArticle(cite.law_name(language, short=True), cite.article_label(language), cite.version,
                              status=cite.status, note=localised(cite, "note", language))
                 for cite in answer.cites)


@runs_on(PRINTER)
def print_ticket(printer: TicketPrinter, paper: TicketPrintout) -> PrintResult:
    return printer.print_ticket(paper)


@runs_on(PRINTER)
def print_answer(printer: TicketPrinter, paper: AnswerPrintout) -> PrintResult:
    return printer.print_answer(paper)


@runs_on(PRINTER)
def print_booking(printer: TicketPrinter, paper: BookingPrintout) -> PrintResult:
    return printer.print_booking(paper)


def print_outcome(result: PrintResult | None) -> str:
    """The catalogue key that tells the visitor how a paper print went (``None``: the print raised)."""
    if result is not None and result.printed and not result.fault:
        return "legal.printed"
    if result is not None and result.status == "disabled":
        return "legal.no_printer"
    return "legal.print_failed"


@runs_on(DRAWING)
def draw_ticket(paper: TicketPrintout, width_mm: int, fonts: FontFiles) -> Image:
    """The paper ticket as a picture, for the screen when no paper came out."""
    return ticket_picture(paper, width_mm, fonts)
