"""The layout of a ticket and of an answer print-out, as blocks.

One layout feeds both the ESC/POS bytes and the Pillow picture, so the paper
and the screen say the same thing in the same lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.foundation.config import CentreSettings
from kiosk.printing.model import AnswerPrintout, BookingPrintout, TicketPrintout, first_notes
from kiosk.printing.text import text_width, wrap


@dataclass(frozen=True)
class Line:
    """One printed line, already wrapped; ``size`` 2 is double width and height."""

    text: str
    size: int = 1
    bold: bool = False
    align: str = "left"


@dataclass(frozen=True)
class Rule:
    """A dashed separator across the paper."""


@dataclass(frozen=True)
class Qr:
    data: str


Block = Line | Rule | Qr

_LABELS = {
    "zh_CN": {
        "issued": "取号时间：",
        "ahead": "前面等候：",
        "ahead_value": "{n} 人",
        "expected": "预计叫号：",
        "expected_value": "{t} 前后",
        "spot": "等候位：",
        "return": "回场时间：",
        "return_value": "请于 {t} 前回到大厅",
        "materials": "请备齐以下材料：",
        "scan": "请保留号票，到窗口时出示二维码",
        "answer_title": "法律问答",
        "question": "问：",
        "answer": "答：",
        "basis": "法律依据：",
        "note": "※ ",
        "answer_scan": "扫码可在手机上再次阅读",
        "printed": "打印时间：",
        "disclaimer": "本答复仅供参考，具体问题请咨询窗口工作人员或拨打12348。",
        "booking_title": "预约凭条",
        "booking_code": "预约码",
        "booking_day": "日期：",
        "booking_time": "时间：",
        "booking_scan": "当天到中心后，在自助终端“预约签到”扫码或输入预约码",
    },
    "en": {
        "issued": "Issued: ",
        "ahead": "People ahead: ",
        "ahead_value": "{n}",
        "expected": "Expected call: ",
        "expected_value": "about {t}",
        "spot": "Waiting spot: ",
        "return": "Return time: ",
        "return_value": "please come back by {t}",
        "materials": "Please have ready:",
        "scan": "Keep this ticket; show the QR code at the counter",
        "answer_title": "Legal answer",
        "question": "Q: ",
        "answer": "A: ",
        "basis": "Legal basis:",
        "note": "* ",
        "answer_scan": "Scan to read this again on your phone",
        "printed": "Printed: ",
        "disclaimer": "For reference only. Ask staff at the counter or call 12348 about your case.",
        "booking_title": "Appointment slip",
        "booking_code": "Appointment code",
        "booking_day": "Day: ",
        "booking_time": "Time: ",
        "booking_scan": "On the day, scan this or type the code at Appointment check-in on the kiosk",
    },
}


def ticket_layout(ticket: TicketPrintout, columns: int) -> list[Block]:
    """The ticket (号票): centre, number at double size, service, times, spot, materials, notice, QR."""
    words = _LABELS[ticket.language]
    service = ticket.service_en if ticket.language == "en" else ticket.service_zh
    blocks: list[Block] = [*_centred(ticket.centre_name, columns, bold=True), Rule()]
    blocks += _centred(ticket.number, columns // 2, size=2, bold=True)
    blocks += _centred(service, columns, bold=True)
    blocks.append(Rule())
    blocks += _field(words["issued"], _when(ticket.issued_at, with_date=True), columns)
    blocks += _field(words["ahead"], words["ahead_value"].format(n=ticket.people_ahead), columns)
    if ticket.expected_call is not None:
        blocks += _field(words["expected"], words["expected_value"].format(t=_when(ticket.expected_call)), columns)
    if ticket.return_time is not None:
        blocks += _field(words["return"], words["return_value"].format(t=_when(ticket.return_time)), columns,
                         bold=True)
    elif ticket.waiting_spot:
        blocks += _field(words["spot"], ticket.waiting_spot, columns, bold=True)
    if ticket.materials:
        blocks += [Rule(), Line(words["materials"], bold=True)]
        for index, item in enumerate(ticket.materials, 1):
            marker = f"{index}. "
            blocks += [Line(text) for text in wrap(marker + item, columns, indent=len(marker))]
    blocks.append(Rule())
    notice = ticket.notice or (CentreSettings.notice_en if ticket.language == "en" else CentreSettings.notice)
    blocks += [Line(text) for text in wrap(notice, columns)]
    blocks.append(Qr(ticket.qr_payload))
    blocks += _centred(words["scan"], columns)
    return blocks


def answer_layout(answer: AnswerPrintout, columns: int) -> list[Block]:
    """An answer print-out: question, plain answer, the cited articles, a QR to read it again."""
    words = _LABELS[answer.language]
    blocks: list[Block] = [*_centred(answer.centre_name, columns, bold=True)]
    blocks += _centred(words["answer_title"], columns)
    blocks.append(Rule())
    blocks += _field(words["question"], answer.question, columns, bold=True)
    blocks += _field(words["answer"], answer.answer, columns)
    if answer.articles:
        blocks += [Rule(), Line(words["basis"], bold=True)]
        for article, note in zip(answer.articles, first_notes(answer.articles), strict=True):
            blocks += [Line(text, bold=True) for text in wrap(article.citation(answer.language), columns)]
            if article.excerpt:
                blocks += [Line(text) for text in wrap("  " + article.excerpt, columns, indent=2)]
            if note:  # what replaced this version, under the law's first citation
                blocks += [Line(text) for text in wrap(words["note"] + note, columns, indent=2)]
    blocks += [Rule(), Qr(answer.qr_text)]
    blocks += _centred(words["answer_scan"], columns)
    blocks += _field(words["printed"], _when(answer.printed_at, with_date=True), columns)
    blocks += [Line(text) for text in wrap(words["disclaimer"], columns)]
    return blocks


def booking_layout(booking: BookingPrintout, columns: int) -> list[Block]:
    """An appointment slip: centre, the code at double size, service, day and time window, the QR."""
    words = _LABELS[booking.language]
    blocks: list[Block] = [*_centred(booking.centre_name, columns, bold=True)]
    blocks += _centred(words["booking_title"], columns)
    blocks.append(Rule())
    blocks += _centred(words["booking_code"], columns)
    blocks += _centred(booking.code, columns // 2, size=2, bold=True)
    blocks += _centred(booking.service, columns, bold=True)
    blocks += _field(words["booking_day"], booking.day, columns, bold=True)
    blocks += _field(words["booking_time"], booking.window, columns, bold=True)
    blocks += [Rule(), Qr(booking.qr_payload)]
    blocks += _centred(words["booking_scan"], columns)
    return blocks


def _centred(text: str, columns: int, size: int = 1, bold: bool = False) -> list[Line]:
    return [Line(part, size=size, bold=bold, align="center") for part in wrap(text, columns)]


def _field(label: str, value: str, columns: int, bold: bool = False) -> list[Line]:
    """``label value``, continuation lines indented under the value when the label is short."""
    indent = text_width(label) if text_width(label) <= columns // 3 else 2
    return [Line(text, bold=bold) for text in wrap(label + value, columns, indent=indent)]


def _when(moment: datetime, with_date: bool = False) -> str:
    return moment.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")
