"""What gets printed, and what a printer says back.

The print-outs are the printing core's own input: the queue's ticket and the
knowledge base's answer are mapped onto them by the caller, so this package
does not depend on either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from kiosk.foundation.i18n import version_in_english

LANGUAGES = ("zh_CN", "en")


@dataclass(frozen=True)
class TicketPrintout:
    """One ticket (号票) as the visitor takes it away.

    Exactly one of ``waiting_spot`` and ``return_time`` is normally set: a spot
    when the hall has room, the return time (回场时间) when it is full.
    """

    centre_name: str
    number: str
    service_zh: str
    service_en: str
    issued_at: datetime
    people_ahead: int
    qr_payload: str
    expected_call: datetime | None = None
    waiting_spot: str | None = None
    return_time: datetime | None = None
    materials: tuple[str, ...] = ()
    notice: str = ""  # the centre's epidemic reminder; empty: the shipped one in the ticket's language
    language: str = "zh_CN"

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {self.language!r}")


# A law version's status as the national database words it; 有效 (in force) goes unsaid on paper.
STATUS_EN = {"已修改": "amended", "已废止": "repealed", "尚未生效": "not yet in force"}


@dataclass(frozen=True)
class CitedArticle:
    """An article an answer rests on, with the version that was cited and, when that version is not
    in force, its status (已修改 / 已废止 / 尚未生效) and its law's note on what replaced it."""

    law_title: str
    article_label: str
    version: str = ""
    excerpt: str = ""
    status: str = ""  # the national database's word; "" or 有效 when in force
    note: str = ""  # the law version's note, in the print-out's language

    @property
    def in_force(self) -> bool:
        return self.status in ("", "有效")

    def citation(self, language: str) -> str:
        """《劳动合同法》第三十条（2012-12-28 版） in Chinese; "Labour Contract Law, Article 30 (2012)" in English
        (``law_title`` is then the English name), the year of the version in brackets, where book-title marks
        would only puzzle the reader. A version not in force says so: （2013-06-29 版，已修改）, "(2013, amended)"."""
        if language == "en":
            status = "" if self.in_force else STATUS_EN.get(self.status, self.status)
            return f"{self.law_title}, {self.article_label}{version_in_english(self.version, status)}"
        status = "" if self.in_force else f"，{self.status}"
        version = f"（{self.version} 版{status}）" if self.version else (f"（{self.status}）" if status else "")
        return f"《{self.law_title.strip('《》')}》{self.article_label}{version}"


def first_notes(articles: tuple[CitedArticle, ...]) -> list[str]:
    """For each article, the note to print after it: its law version's note at the first article that
    carries it, "" after the others (several articles of one law share one note)."""
    seen: set[str] = set()
    found = []
    for article in articles:
        found.append(article.note if article.note not in seen else "")
        seen.add(article.note)
    return found


@dataclass(frozen=True)
class AnswerPrintout:
    """A legal answer (热点问答) to take home, with a QR to read it again on a phone."""

    centre_name: str
    question: str
    answer: str
    qr_text: str
    printed_at: datetime
    articles: tuple[CitedArticle, ...] = ()
    language: str = "zh_CN"

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {self.language!r}")


@dataclass(frozen=True)
class BookingPrintout:
    """An appointment booked for another day (预约凭条): its code large, when to come, and its QR."""

    centre_name: str
    code: str
    service: str
    day: str  # already worded as every screen shows a day ("12月8日 周二")
    window: str  # "09:00-10:00"
    qr_payload: str
    language: str = "zh_CN"

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {self.language!r}")


# Printer states. ``ok`` and ``paper_low`` print; the rest are faults staff must see.
OK = "ok"
PAPER_LOW = "paper_low"
PAPER_OUT = "paper_out"
COVER_OPEN = "cover_open"
OFFLINE = "offline"  # answers but reports an error or off-line state
UNREACHABLE = "unreachable"  # refused, no such device, switched off
TIMEOUT = "timeout"  # accepted the connection, then never answered
BUSY = "busy"  # an earlier job is still stuck on the device
DISABLED = "disabled"  # ``[printer] kind = none``
UNKNOWN = "unknown"  # the device cannot be asked (device file, status_query = no)

PRINTABLE = frozenset({OK, PAPER_LOW, UNKNOWN})

_MESSAGES = {
    OK: ("已打印，请取走号票。", "Printed. Please take your ticket."),
    PAPER_LOW: ("已打印。打印纸即将用完，已通知工作人员。", "Printed. Paper is running low; staff have been told."),
    UNKNOWN: ("已发送到打印机，请取走号票。", "Sent to the printer. Please take your ticket."),
    PAPER_OUT: ("打印机缺纸。", "The printer is out of paper."),
    COVER_OPEN: ("打印机盖未关好。", "The printer cover is open."),
    OFFLINE: ("打印机故障。", "The printer reports a fault."),
    UNREACHABLE: ("无法连接打印机。", "The printer cannot be reached."),
    TIMEOUT: ("打印机无响应。", "The printer does not respond."),
    BUSY: ("打印机忙，无响应。", "The printer is busy and does not respond."),
    DISABLED: ("本机未配置打印机。", "This kiosk has no printer."),
}
_STILL_VALID = (
    "号票仍然有效，请以屏幕显示为准，或拍照保存；工作人员已收到通知。",
    "Your ticket is still valid: use the one on screen or take a photo of it. Staff have been told.",
)


@dataclass(frozen=True)
class PrinterState:
    """What the printer answered to a status query (DLE EOT), read into one state."""

    status: str
    detail: str = ""
    raw_status: dict[int, int] = field(default_factory=dict)

    @property
    def printable(self) -> bool:
        return self.status in PRINTABLE


@dataclass(frozen=True)
class PrintResult:
    """How a print job went. Faults are values, never exceptions."""

    status: str
    printed: bool
    detail: str = ""  # for staff and the log, never shown to visitors
    raw_status: dict[int, int] = field(default_factory=dict)

    @property
    def fault(self) -> bool:
        return self.status not in PRINTABLE or not self.printed

    def message(self, language: str = "zh_CN") -> str:
        """What the visitor reads, in their language."""
        index = 1 if language == "en" else 0
        text = _MESSAGES.get(self.status, _MESSAGES[OFFLINE])[index]
        if self.fault:
            text = f"{text}{'' if index == 0 else ' '}{_STILL_VALID[index]}"
        return text
