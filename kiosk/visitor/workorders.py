"""Asking to be contacted (a call-back, a home visit, online handling, a video consultation) and rating
the service (好差评), one call per action.

The phone number is the visitor's only personal datum: a screen holds it in memory until
:func:`request_contact` hands it to the work-order desk, which keeps it only encrypted; what
comes back carries the masked number alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from kiosk.foundation.i18n import day_text, localised
from kiosk.visitor import QUEUE, runs_on
from kiosk.wiring import Services
from kiosk.workorders import Rating, WorkOrder, WorkOrderError
from kiosk.workorders.model import (
    BAD_LEVELS,
    KIND_NAMES,
    LEVELS,
    REASONS,
    REQUESTABLE_KINDS,
    URGENCIES,
    consent_notice,
    normalise_phone,
)


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
def rate_service(services: Services, ticket_label: str, level: int, reasons: tuple[str, ...],
                 now: datetime) -> Rating | WorkOrderError:
    """Rate today's finished ticket ``ticket_label`` once; a bad rating opens a rectification order."""
    ticket = services.tickets.ticket(ticket_label, now)
    if ticket is None:
        return WorkOrderError("unknown_ticket", "今天没有这个号码，请核对号票。",
                              "There is no ticket with this number today; please check your ticket.")
    try:
        return services.workorders.rate(ticket, level, reasons if level in BAD_LEVELS else (), now)
    except WorkOrderError as error:
        return error


@runs_on(QUEUE)
def ticket_letters(services: Services) -> list[str]:
    """The letters today's numbers start with, as keys beside the digits on the rating screen."""
    return sorted({service.prefix for service in services.centre.services() if service.enabled})
