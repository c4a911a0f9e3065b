"""What a visitor takes away: a ticket's signed QR and printout, an answer's printout and QR, an appointment slip."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.calculators.model import Result
from kiosk.calculators.printout import result_qr_text
from kiosk.foundation.config import Settings
from kiosk.foundation.i18n import day_text, localised, translate
from kiosk.foundation.qr_matrix import qr_side, qr_version
from kiosk.legal.content import Guide
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
    fitted_qr_text,
)
from kiosk.printing.answers import MAX_QR_BYTES
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
# A phone reads a code on the kiosk's screen from a hand's length when each module is at least this
# many screen pixels (on a 21-32 inch 1080p panel, 0.75-1.1 mm).
MIN_MODULE_PX = 3
# The answer screen's take-away QR, in pixels at one pixel a dp.
SCREEN_QR_PX = 384


@dataclass(frozen=True)
class TakeAway:
    """What an answer's QR carries, and whether that is the whole answer or its key points."""

    text: str
    whole: bool


def printer_fitted(settings: Settings) -> bool:
    """Whether this kiosk has a ticket printer: without one, print buttons say so before a tap."""
    return settings.printer.kind != "none"


def scans_on_screen(text: str, side_px: float) -> bool:
    """Whether ``text``'s QR code, drawn ``side_px`` pixels wide, still has modules a phone reads."""
    version = qr_version(text)
    return version is not None and side_px / qr_side(version) >= MIN_MODULE_PX


def answer_printout(answer: AnswerView, settings: Settings, language: str, now: datetime) -> AnswerPrintout:
    """A legal answer on paper, with the articles it cites and a QR to read it again on a phone.

    In English the statute excerpts are left out: the statutes exist in Chinese only. The paper's QR
    holds what scans on 58 mm paper; when that is not the whole answer, it says the full text is on
    the paper it is printed on.
    """
    if language == "en":
        articles = _short_citations(answer, language)
    else:
        articles = tuple(CitedArticle(cite.law, cite.label, cite.version, (cite.text or "")[:80], cite.status,
                                      cite.note) for cite in answer.cites)
    qr_text = _take_away(answer, settings, language, lambda text: len(text.encode("utf-8")) <= MAX_QR_BYTES,
                         translate("next.qr_full_here", language)).text
    return AnswerPrintout(
        centre_name=localised(settings.centre, "name", language),
        question=localised(answer, "question", language),
        answer=localised(answer, "answer", language),
        qr_text=qr_text,
        printed_at=now,
        articles=articles,
        language=language,
    )


@runs_on(DRAWING)  # fitting builds QR codes: off the UI thread
def answer_take_away(answer: AnswerView, settings: Settings, language: str = "zh_CN",
                     side_px: float = SCREEN_QR_PX) -> TakeAway:
    """What the answer's QR on screen carries: its web page if the centre has one, else the whole answer
    when its code still scans at ``side_px``, else the key points, the citations and where the full text is."""
    where = "next.qr_full_on_paper" if printer_fitted(settings) else "next.qr_full_on_screen"
    return _take_away(answer, settings, language, lambda text: scans_on_screen(text, side_px),
                      translate(where, language))


def _take_away(answer: AnswerView, settings: Settings, language: str, fits: Callable[[str], bool],
               full_text_line: str) -> TakeAway:
    """The centre's page for the answer, or the answer as :func:`fitted_qr_text` fits it."""
    if settings.tickets.answer_url:
        return TakeAway(answer_qr_text(answer.id, "", "", (), settings.tickets.answer_url), True)
    text, whole = fitted_qr_text(localised(answer, "question", language), localised(answer, "answer", language),
                                 _short_citations(answer, language), fits, full_text_line, language)
    return TakeAway(text, whole)


@runs_on(DRAWING)
def result_take_away(result: Result, settings: Settings, language: str = "zh_CN",
                     side_px: float = SCREEN_QR_PX) -> TakeAway:
    """What a calculator result's QR on screen carries, by the answers' rule (:func:`answer_take_away`): the
    whole result when its code still scans at ``side_px``, else the figure and the leading lines of the
    working, a line saying where the full working is, and the citations."""
    where = "calc_qr.full_on_paper" if printer_fitted(settings) else "calc_qr.full_on_screen"
    return TakeAway(*result_qr_text(result, language, lambda text: scans_on_screen(text, side_px),
                                    translate(where, language)))


# A guide's parts in the order a visitor needs them on the way home: what to bring comes first.
GUIDE_PARTS = ("materials", "steps", "where_when", "hotline", "fees", "time_limit", "who", "summary")


@runs_on(DRAWING)
def guide_take_away(guide: Guide, language: str, side_px: float = SCREEN_QR_PX) -> TakeAway:
    """What a guide's QR carries: the whole guide when its code still scans at ``side_px``; otherwise
    the parts that fit, in the order of :data:`GUIDE_PARTS`, and a line that the rest is on the kiosk."""
    parts = []
    for name in GUIDE_PARTS:
        value = localised(guide, name, language)
        if isinstance(value, tuple):
            value = "\n".join(f"{index}. {item}" for index, item in enumerate(value, 1))
        if value:
            colon = ":" if language == "en" else "："
            parts.append(f"{translate(f'guide.{name}', language)}{colon}\n{value}")
    title = localised(guide, "name", language)
    whole = "\n\n".join([title, *parts])
    if scans_on_screen(whole, side_px):
        return TakeAway(whole, True)
    line = translate("next.qr_guide_on_screen", language)
    for count in range(len(parts) - 1, -1, -1):
        text = "\n\n".join([title, *parts[:count], line])
        if scans_on_screen(text, side_px):
            return TakeAway(text, False)
    return TakeAway(f"{title}\n\n{line}", False)


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
