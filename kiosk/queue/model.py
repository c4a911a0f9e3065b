"""The queue's values: services, tickets, counters, spots, appointments, refusals.

Plain data, no storage and no Kivy. Times are aware datetimes; a ticket's
``day`` is the centre's local date in ISO form, the day its number belongs to.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass, field
from datetime import datetime

SERVICE_CODES = ("consultation", "notarisation", "legal_aid", "arbitration", "appraisal", "mediation")
PRIORITY_KINDS = ("frontline", "elderly", "disabled", "pregnant", "appointment")

WAITING, DEFERRED, CALLED, SERVING = "waiting", "deferred", "called", "serving"
DONE, NO_SHOW, CANCELLED, EXPIRED = "done", "no_show", "cancelled", "expired"
TICKET_STATES = (WAITING, DEFERRED, CALLED, SERVING, DONE, NO_SHOW, CANCELLED, EXPIRED)
OPEN_STATES = (WAITING, DEFERRED, CALLED, SERVING)

BOOKED, CHECKED_IN, MISSED = "booked", "checked_in", "missed"


class QueueError(Exception):
    """A staff operation that cannot be done as asked (unknown ticket, wrong state ...)."""


@dataclass(frozen=True)
class Service:
    """A service (业务) visitors take numbers for."""

    code: str
    name: str
    name_en: str
    prefix: str
    daily_capacity: int
    visit_minutes: float
    enabled: bool = True
    materials_key: str = ""
    position: int = 0


# What any path (staff screen, kiosk-admin, restore) may store for a service: the staff screen's limits.
# nan, inf or 10**23 here would break issuing and ``queue status`` on every kiosk sharing the store.
CAPACITY_RANGE = (0, 9999)
VISIT_MINUTES_RANGE = (1.0, 480.0)
# A waiting spot's place in metres; the hall is never larger.
SPOT_METRES_RANGE = (-1000.0, 1000.0)


def _number_in(value: object, low: float, high: float, whole: bool) -> bool:
    if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
        return False
    return math.isfinite(value) and low <= value <= high


def check_service(service: Service) -> None:
    """Raise QueueError when a service's numbers are outside the queue's domain."""
    low, high = CAPACITY_RANGE
    if not _number_in(service.daily_capacity, low, high, whole=True):
        raise QueueError(f"expected a daily capacity from {low} to {high}, got {service.daily_capacity!r}")
    low, high = VISIT_MINUTES_RANGE
    if not _number_in(service.visit_minutes, low, high, whole=False):
        raise QueueError(f"expected a visit length from {low:g} to {high:g} minutes, got {service.visit_minutes!r}")


def check_spot(spot: Spot) -> None:
    """Raise QueueError when a spot's place is not a finite point inside the hall's range."""
    low, high = SPOT_METRES_RANGE
    if not (_number_in(spot.x, low, high, whole=False) and _number_in(spot.y, low, high, whole=False)):
        raise QueueError(f"expected a spot place from {low:g} to {high:g} metres, got ({spot.x!r}, {spot.y!r})")


DEFAULT_SERVICES = (
    Service("consultation", "法律咨询", "Legal consultation", "A", 120, 15, True, "consultation", 0),
    Service("notarisation", "公证", "Notarisation", "B", 60, 20, True, "notarisation", 1),
    Service("legal_aid", "法律援助申请", "Legal aid application", "C", 40, 25, True, "legal_aid", 2),
    Service("arbitration", "仲裁", "Arbitration", "D", 30, 30, True, "arbitration", 3),
    Service("appraisal", "司法鉴定", "Judicial appraisal", "E", 20, 30, True, "appraisal", 4),
    Service("mediation", "人民调解", "People's mediation", "F", 40, 30, True, "mediation", 5),
)


@dataclass(frozen=True)
class Spot:
    """A waiting spot (等候位) in the hall, in metres."""

    id: int
    x: float
    y: float
    in_use: bool = True


@dataclass(frozen=True)
class Counter:
    """A counter (窗口) and the services it serves, in the order staff listed them."""

    id: str
    services: tuple[str, ...]
    open: bool = True
    name: str = ""
    priority_streak: int = 0


@dataclass(frozen=True)
class Ticket:
    """A ticket (号票). ``service`` may change by transfer; ``issued_service`` keeps its number's series.

    ``ahead`` is how many people were before it when it was issued.
    """

    day: str
    service: str
    issued_service: str
    number: int
    label: str
    status: str
    issued_at: datetime
    priority: str | None = None
    spot: int | None = None
    return_time: datetime | None = None
    expected_call: datetime | None = None
    appointment: str | None = None
    counter: str | None = None
    recalls: int = 0
    ahead: int = 0
    called_at: datetime | None = None
    serving_at: datetime | None = None
    finished_at: datetime | None = None
    id: int | None = None
    # Random, signed into the ticket's QR: two data folders sharing a secret, or a store restored from a
    # backup, never print the same QR for their own A001. "" for tickets issued before nonces.
    nonce: str = ""


@dataclass(frozen=True)
class Placed:
    """A ticket just issued (or checked in) and how many people of its service are ahead of it now."""

    ticket: Ticket
    ahead: int


def new_nonce() -> str:
    """A ticket's nonce: 72 random bits in 12 URL-safe characters (no ".", the QR's separator)."""
    return secrets.token_urlsafe(9)


@dataclass(frozen=True)
class Appointment:
    """A booked appointment (预约): no name or phone, only the slot and a code to type."""

    code: str
    day: str
    service: str
    window_start: datetime
    window_end: datetime
    status: str
    booked_at: datetime
    checked_in_at: datetime | None = None
    ticket_id: int | None = None

    @property
    def qr_payload(self) -> str:
        return f"{QR_PREFIX}{self.code}"


QR_PREFIX = "legal-kiosk:appointment:"


@dataclass(frozen=True)
class AuditEntry:
    """One staff change: who made it, when, and the value before and after (JSON text)."""

    at: datetime
    who: str
    what: str
    old: str | None
    new: str | None


# --- staff -------------------------------------------------------------------------

DISINFECTION, VENTILATION = "disinfection", "ventilation"
ROUND_KINDS = (DISINFECTION, VENTILATION)
# Where a round was done: a fixed list, so the log holds no free text (and so nothing personal).
ROUND_AREAS = ("whole_centre", "hall", "counters", "kiosks", "waiting_seats", "restrooms")


@dataclass(frozen=True)
class DisinfectionRound:
    """One disinfection or ventilation round (消毒记录): what, where, by whom, when."""

    at: datetime
    kind: str
    area: str
    staff: str
    id: int | None = None


# --- refusals -------------------------------------------------------------------

APPOINTMENT, REMOTE_CHANNELS, OTHER_SERVICE = "appointment", "remote_channels", "other_service"

_REFUSAL_TEXT: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "closed": ("现在不在接待时间内，{when_zh}。", "We are not receiving visitors now; {when_en}.",
               (APPOINTMENT, REMOTE_CHANNELS)),
    "day_full": ("{service_zh}今日号源已满，请预约其他日期或使用远程服务。",
                 "Today's numbers for {service_en} are all taken. Please book another day or use the remote channels.",
                 (APPOINTMENT, REMOTE_CHANNELS)),
    "service_disabled": ("{service_zh}暂停取号，请咨询工作人员或使用远程服务。",
                         "{service_en} is not taking numbers at the moment. Please ask staff or use the remote "
                         "channels.", (OTHER_SERVICE, REMOTE_CHANNELS)),
    "after_last_ticket": ("今日{service_zh}的排队已排到下班时间，请预约其他日期或使用远程服务。",
                          "The queue for {service_en} already reaches closing time today. Please book another "
                          "day or use the remote channels.", (APPOINTMENT, REMOTE_CHANNELS)),
    "slot_full": ("该时段预约已满，请选择其他时段。", "This time slot is fully booked; please choose another one.",
                  (APPOINTMENT, REMOTE_CHANNELS)),
    "appointment_not_found": ("没有找到这个预约码，请核对后重新输入，或咨询工作人员。",
                              "No appointment has this code. Please check it and try again, or ask staff.",
                              (REMOTE_CHANNELS,)),
    "appointment_too_early": ("您的预约时段是{window}，请在{from_time}以后签到。",
                              "Your appointment is for {window}; please check in from {from_time}.", ()),
    "appointment_missed": ("您的预约时段{window}已过，请重新取号或预约。",
                           "Your appointment window {window} has passed. Please take a number or book again.",
                           (APPOINTMENT, REMOTE_CHANNELS)),
    "appointment_used": ("这个预约已经签到过了。", "This appointment has already been checked in.", ()),
}
REFUSAL_REASONS = tuple(_REFUSAL_TEXT)


@dataclass(frozen=True)
class Refusal:
    """Why no ticket (or booking) was given, in zh and en, and what to try instead."""

    reason: str
    message: str
    message_en: str
    suggestions: tuple[str, ...] = ()
    service: str | None = None
    next_opening: datetime | None = None
    details: dict[str, str] = field(default_factory=dict)


def refusal(reason: str, service: Service | None = None, next_opening: datetime | None = None,
            **details: str) -> Refusal:
    """A refusal of ``reason`` with its messages filled in."""
    zh, en, suggestions = _REFUSAL_TEXT[reason]
    if reason == "closed":
        if next_opening is None:
            details.update(when_zh="近期没有接待安排", when_en="no reception is scheduled soon")
        else:
            details.update(when_zh=f"下次接待 {next_opening:%m月%d日 %H:%M}",
                           when_en=f"we open next on {next_opening:%d %b at %H:%M}")
    fields = dict(details, service_zh=service.name if service else "",
                  service_en=service.name_en if service else "")
    return Refusal(reason, zh.format(**fields), en.format(**fields), suggestions,
                   service.code if service else None, next_opening, details)
