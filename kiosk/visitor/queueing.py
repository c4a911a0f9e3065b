"""Taking a number, checking in an appointment, booking one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kiosk.foundation.runtime import Runtime
from kiosk.queue import Appointment, Refusal, Service, ServiceOverview, Slot, Ticket
from kiosk.visitor import QUEUE, runs_on
from kiosk.visitor.printouts import signed_qr
from kiosk.wiring import Services, open_services


@dataclass(frozen=True)
class Issued:
    """A ticket given: the number, who is ahead of it, its service and its signed QR payload."""

    ticket: Ticket
    ahead: int
    service: Service
    qr_payload: str


@runs_on(QUEUE)
def take_number(services: Services, service: Service, priority: str | None, request_id: str,
                now: datetime) -> Issued | Refusal:
    """A number for ``service``; ``request_id`` makes a retried press issue nothing twice."""
    placed = services.tickets.issue_ticket(service.code, priority, now, request_id=request_id)
    if isinstance(placed, Refusal):
        return placed
    return Issued(placed.ticket, placed.ahead, service, signed_qr(services.signer, placed.ticket))


@runs_on(QUEUE)
def check_in(services: Services, code: str, now: datetime) -> Issued | Refusal:
    """An appointment checked in with its typed code or scanned QR payload: a priority ticket."""
    placed = services.appointments.check_in(code, now)
    if isinstance(placed, Refusal):
        return placed
    service = next(s for s in services.centre.services() if s.code == placed.ticket.service)
    return Issued(placed.ticket, placed.ahead, service, signed_qr(services.signer, placed.ticket))


@runs_on(QUEUE)
def service_choice(services: Services, now: datetime) -> list[ServiceOverview]:
    """Every service with what is left today and the wait."""
    return services.tickets.services_overview(now)


def chosen_before(overviews: list[ServiceOverview], wanted: str) -> ServiceOverview | None:
    """The service a visitor picked before the health check (a guide's or an answer's 取号): by its code,
    or by the guide it is described by; None when no service of the centre is that one."""
    if not wanted:
        return None
    return next((overview for overview in overviews if wanted in (overview.service.code,
                                                                  overview.service.materials_key)), None)


@runs_on(QUEUE)
def count_refusal(services: Services, refused: Refusal, now: datetime) -> None:
    """A refusal shown on a closed service's tile, counted for the reports (reason and service only)."""
    services.tickets.count_refusal(refused, now)


@runs_on(QUEUE)
def can_issue(services: Services) -> bool:
    """Whether a ticket could be written now (an empty write transaction goes through): after a pause."""
    with services.tickets.store.transaction(write=True):
        return True


# --- appointments ---------------------------------------------------------------------------


@runs_on(QUEUE)
def bookable_services(services: Services) -> list[Service]:
    return [service for service in services.centre.services() if service.enabled]


@runs_on(QUEUE)
def open_days(services: Services, code: str, days_ahead: int, now: datetime) -> list[date]:
    """The next ``days_ahead`` days after today with a window still free for ``code``."""
    today = now.date()
    days = [today + timedelta(days=n) for n in range(1, days_ahead + 1)]
    return [day for day in days if services.appointments.free_slots(code, day, now)]


@runs_on(QUEUE)
def free_slots(services: Services, code: str, day: date, now: datetime) -> list[Slot]:
    return services.appointments.free_slots(code, day, now)


@runs_on(QUEUE)
def next_free_slot(services: Services, code: str, days_ahead: int, now: datetime) -> Slot | None:
    """The earliest appointment window still taking a booking for ``code``, today's included, within
    ``days_ahead`` days: what a refusal offers to book at once. None when nothing is free."""
    today = now.date()
    for day in (today + timedelta(days=n) for n in range(days_ahead + 1)):
        free = [slot for slot in services.appointments.free_slots(code, day, now) if slot.left > 0]
        if free:
            return free[0]
    return None


@runs_on(QUEUE)
def book(services: Services, code: str, window_start: datetime, now: datetime) -> Appointment | Refusal:
    return services.appointments.book(code, window_start, now)


@runs_on(QUEUE)
def resume_issuing(services: Services | None, runtime: Runtime) -> Services:
    """After a pause: the services (opened now if the store was down at start-up), once a ticket
    could be written again."""
    opened = services or open_services(runtime)
    try:
        can_issue(opened)
    except BaseException:
        if opened is not services:
            opened.close()
        raise
    return opened
