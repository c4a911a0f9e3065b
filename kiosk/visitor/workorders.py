"""Asking to be contacted (a call-back, a home visit, online handling, a video consultation) and rating
the service (好差评), one call per action.

The phone number is the visitor's only personal datum: a screen holds it in memory until
:func:`request_contact` hands it to the work-order desk, which keeps it only encrypted; what
comes back carries the masked number alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from kiosk.foundation.i18n import day_text, localised
from kiosk.queue import Ticket
from kiosk.visitor import QUEUE, runs_on
from kiosk.wiring import Services
from kiosk.workorders import Rating, WorkOrder, WorkOrderError
from kiosk.workorders.model import (
    BAD_LEVELS,
    CHANNEL_NAMES,
    KIND_NAMES,
    LEVELS,
    REASONS,
    REQUESTABLE_KINDS,
    URGENCIES,
    consent_notice,
    normalise_phone,
)
from kiosk.workorders.rated_ticket import rated_ticket


@dataclass(frozen=True)
class Choice:
    """A tile: a code and its words in both languages."""

    code: str
    name: str
    name_en: str


# The matters a visitor picks from; codes go to the platform as the order's topic.
MATTERS: tuple[Choice, ...] = (
    Choice("labour", "劳动工资", "work and wages"),
    Choice("family", "婚姻家庭", "marriage and family"),
    Choice("contract", "合同债务", "contracts and debts"),
    Choice("neighbour", "邻里纠纷", "neighbours"),
    Choice("traffic", "交通事故", "traffic accident"),
    Choice("other", "其他事项", "something else"),
)
KINDS: tuple[Choice, ...] = tuple(Choice(kind, *KIND_NAMES[kind]) for kind in REQUESTABLE_KINDS)
URGENCY_NAMES: dict[str, tuple[str, str]] = {"normal": ("一般", "not urgent"), "urgent": ("紧急", "urgent")}
URGENCY_CHOICES: tuple[Choice, ...] = tuple(Choice(code, *URGENCY_NAMES[code]) for code in URGENCIES)
LEVEL_CHOICES: tuple[Choice, ...] = tuple(Choice(str(level), *LEVELS[level]) for level in sorted(LEVELS, reverse=True))
REASON_CHOICES: tuple[Choice, ...] = tuple(Choice(code, *names) for code, names in REASONS.items())


def stars(level: int) -> str:
    """A level as filled and empty stars, shown beside its words: never colour alone."""
    return "★" * level + "☆" * (5 - level)


def consent(retention_days: int, language: str) -> str:
    """What the consent screen says: what the number is for and when it is deleted."""
    zh, en = consent_notice(retention_days)
    return en if language == "en" else zh


def phone_problem(typed: str, language: str) -> str:
    """Why ``typed`` is not a number we can call back, in the visitor's words; empty when it is."""
    try:
        normalise_phone(typed)
    except WorkOrderError as error:
        return error.message(language)
    return ""


@dataclass(frozen=True)
class Requested:
    """An order made at the kiosk, as the confirmation shows it (the number masked)."""

    order: WorkOrder

    def kind_name(self, language: str) -> str:
        zh, en = KIND_NAMES[self.order.kind]
        return en if language == "en" else zh

    def deadline_text(self, language: str, zone: tzinfo) -> str:
        """By when the visitor is contacted, in the centre's time: 12月1日 周二 17:00, or Tue 1 Dec 17:00."""
        at = self.order.deadline.astimezone(zone)
        return f"{day_text(at.date(), language)} {at:%H:%M}"

    def matter_name(self, language: str) -> str:
        matter = next((m for m in MATTERS if m.code == self.order.topic), None)
        return localised(matter, "name", language) if matter else self.order.topic


@runs_on(QUEUE)
def request_contact(services: Services, kind: str, matter: str, urgency: str, phone: str,
                    now: datetime) -> Requested | WorkOrderError:
    """A work order for the hotline or the online platform, with its outbox row; a refusal the
    visitor can read (a number we cannot call, an unknown choice) is returned, not raised."""
    try:
        return Requested(services.workorders.create(kind, matter, phone, now, channel="kiosk", urgency=urgency))
    except WorkOrderError as error:
        return error


@runs_on(QUEUE)
def rate_service(services: Services, ticket_code: str, level: int, reasons: tuple[str, ...],
                 now: datetime) -> Rating | WorkOrderError:
    """Rate a finished ticket once, named by today's number or by the QR of the ticket taken away; a bad
    rating opens a rectification order."""
    ticket = rated_ticket(ticket_code, services.tickets, lambda: services.signer, now)
    if isinstance(ticket, WorkOrderError):
        return ticket
    try:
        return services.workorders.rate(ticket, level, reasons if level in BAD_LEVELS else (), now)
    except WorkOrderError as error:
        return error


@runs_on(QUEUE)
def ticket_letters(services: Services) -> list[str]:
    """The letters today's numbers start with, as keys beside the digits on the rating screen."""
    return sorted({service.prefix for service in services.centre.services() if service.enabled})


@runs_on(QUEUE)
def overdue_orders(services: Services, now: datetime) -> list[WorkOrder]:
    """Open work orders past their deadline, the longest overdue first (the counter's and staff's list)."""
    return services.workorders.overdue(now)


@dataclass(frozen=True)
class StaffOrders:
    """The staff page's two lists: open orders past their deadline, and orders the platform never received."""

    overdue: list[WorkOrder]
    undelivered: list[WorkOrder]


@runs_on(QUEUE)
def staff_orders(services: Services, now: datetime) -> StaffOrders:
    """What staff must follow up: overdue orders, and the dead letters of the sender."""
    return StaffOrders(services.workorders.overdue(now), services.workorders.undelivered())


def undelivered_line(order: WorkOrder, language: str) -> str:
    """One order the sender gave up on, as staff read it: number, kind, matter, tries and the last error
    (the error is the sender's own short text, such as "HTTP 500"; it never holds the phone number)."""
    kind = KIND_NAMES[order.kind][language == "en"]
    matter = Requested(order).matter_name(language)
    error = order.last_error or "—"
    if language == "en":
        return f"No. {order.id} · {kind} · {matter}\nnot received after {order.attempts} tries (last: {error})"
    return f"{order.id}号 · {kind} · {matter}\n发送 {order.attempts} 次未成功（最后一次：{error}）"


def overdue_by(order: WorkOrder, now: datetime, language: str) -> str:
    """How long past its deadline an order is: whole days, or hours within the first day."""
    late = now - order.deadline
    days, hours = late.days, max(1, int(late.total_seconds() // 3600))
    if language == "en":
        return f"{days} day{'s' * (days != 1)}" if days else f"{hours} h"
    return f"{days}天" if days else f"{hours}小时"


def order_line(order: WorkOrder, now: datetime, language: str, zone: tzinfo) -> str:
    """One overdue order as staff read it: number, kind, matter, urgency, deadline, how late, the masked
    number and where it came from, in words (the list never relies on colour)."""
    kind = KIND_NAMES[order.kind][language == "en"]
    matter = Requested(order).matter_name(language)
    urgency = URGENCY_NAMES[order.urgency][language == "en"]
    deadline = Requested(order).deadline_text(language, zone)
    where = CHANNEL_NAMES[order.channel][language == "en"] + (f" {order.counter}" if order.counter else "")
    phone = order.phone_masked or ("no number" if language == "en" else "未留电话")
    if language == "en":
        return (f"No. {order.id} · {kind} · {matter} · {urgency}\n"
                f"due {deadline}, {overdue_by(order, now, language)} overdue · {phone} · from {where}")
    return (f"{order.id}号 · {kind} · {matter} · {urgency}\n"
            f"应于 {deadline} 前办理，已逾期{overdue_by(order, now, language)} · {phone} · 来自{where}")


# The tablet asks only about a visit that has just ended: a ticket finished longer ago than this is left alone.
RECENT_MINUTES = 15


@runs_on(QUEUE)
def awaiting_rating(services: Services, counter_id: str, skipped: frozenset[int], now: datetime) -> Ticket | None:
    """For the rating tablet at ``counter_id``: the visitor just served there (the counter's latest ticket
    finished today, within :data:`RECENT_MINUTES`), unless rated already or in ``skipped`` (left unrated)."""
    ticket = services.workorders.unrated_at_counter(services.tickets.tickets_of_day(now.date()), counter_id)
    if ticket is None or ticket.id in skipped or now - ticket.finished_at > timedelta(minutes=RECENT_MINUTES):
        return None
    return ticket
