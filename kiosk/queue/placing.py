"""What the queue's parts share: the centre's clock, today's open tickets, and placing a ticket in the hall.

:class:`QueuePart` is the base of :class:`~kiosk.queue.tickets.TicketDesk`,
:class:`~kiosk.queue.appointments.AppointmentBook`, :class:`~kiosk.queue.centre.CentreDesk` and
:class:`~kiosk.queue.staff_log.StaffLog`. Its helpers run inside a transaction the caller opened;
each public method of a part opens exactly one, takes the current time, and its constructor never
writes (seeding a new store is :func:`kiosk.queue.prepare`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.foundation.config import Settings
from kiosk.queue import hall, hours, rules
from kiosk.queue.model import (
    BOOKED,
    CALLED,
    DEFERRED,
    SERVING,
    WAITING,
    AuditEntry,
    Counter,
    Placed,
    QueueError,
    Refusal,
    Service,
    Spot,
    Ticket,
    new_nonce,
    refusal,
)
from kiosk.queue.store import QueueStore, QueueTransaction

AT_COUNTER = (CALLED, SERVING)
QUEUED = (WAITING, DEFERRED)


@dataclass(frozen=True)
class Prospect:
    """What a new ticket of a service would get now: people ahead and the expected call."""

    ahead: int
    wait_minutes: float
    expected_call: datetime
    visit_minutes: float


class QueuePart:
    """The store, the settings the rules read, and the helpers every part of the queue uses."""

    def __init__(self, store: QueueStore, settings: Settings):
        self.store = store
        self.settings = settings
        self.zone = ZoneInfo(settings.centre.timezone)
        self.rules = settings.queue
        self.spacing = settings.hall.spacing_m

    def _local(self, now: datetime) -> datetime:
        if now.tzinfo is None:
            raise ValueError("expected an aware datetime for now")
        return now.astimezone(self.zone)

    def _day(self, now: datetime) -> str:
        return self._local(now).date().isoformat()

    def _housekeeping(self, tx: QueueTransaction, now: datetime) -> None:
        """Yesterday's unfinished tickets expire and appointments past their window are missed."""
        tx.housekeeping(self._day(now), now, now - timedelta(minutes=self.rules.appointment_late_minutes))

    def _service(self, tx: QueueTransaction, code: str) -> Service:
        for service in tx.services():
            if service.code == code:
                return service
        known = ", ".join(s.code for s in tx.services())
        raise QueueError(f"unknown service {code!r}; expected one of {known}")

    def _today(self, tx: QueueTransaction, now: datetime) -> list[Ticket]:
        day = self._day(now)
        return sorted((t for t in tx.open_tickets() if t.day == day), key=rules.queue_order)

    def _visit_minutes(self, tx: QueueTransaction, service: Service) -> float:
        recent = tx.recent_visit_minutes(service.code, self.rules.learned_visits) if self.rules.learned_visits else []
        return rules.visit_minutes(recent, service.visit_minutes)

    def _prospect(self, tx: QueueTransaction, service: Service, priority: str | None, open_today: list[Ticket],
                  counters: list[Counter], now: datetime) -> Prospect:
        queued = [t for t in open_today if t.service == service.code and t.status in QUEUED]
        ahead = len([t for t in queued if t.priority]) if priority else len(queued)
        serving = len([c for c in counters if c.open and service.code in c.services])
        visit = self._visit_minutes(tx, service)
        wait = rules.expected_wait_minutes(ahead, serving, visit)
        bounds = hours.day_bounds(tx.hours(), self._local(now).date(), self.zone)
        return Prospect(ahead, wait, hours.advance(self._local(now), wait, bounds), visit)

    def _check(self, tx: QueueTransaction, service: Service, priority: str | None, appointment: bool,
               open_today: list[Ticket], counters: list[Counter], now: datetime) -> Refusal | Prospect:
        """Whether a ticket of ``service`` may be issued now, and what it would get."""
        if not service.enabled:
            return refusal("service_disabled", service)
        table = tx.hours()
        local = self._local(now)
        bounds = hours.day_bounds(table, local.date(), self.zone)
        # An appointment's own window and margins decide when it may check in.
        if not appointment and (not bounds or not bounds[0][0] <= local < bounds[-1][1]):
            return refusal("closed", service, hours.next_opening(table, local))
        day = local.date().isoformat()
        if not appointment:
            taken = tx.issued_count(day, service.code) + tx.count_appointments(day, service.code, (BOOKED,))
            if taken >= service.daily_capacity:
                return refusal("day_full", service)
        prospect = self._prospect(tx, service, priority, open_today, counters, now)
        margin = timedelta(minutes=self.rules.last_ticket_margin_minutes)
        if not appointment and prospect.expected_call > bounds[-1][1] - margin:
            return refusal("after_last_ticket", service)
        return prospect

    def _ahead(self, tx: QueueTransaction, ticket: Ticket, now: datetime) -> int:
        """Tickets of the same service still queued before ``ticket`` (priority first)."""
        queued = [t for t in self._today(tx, now) if t.service == ticket.service and t.status in QUEUED
                  and t.id != ticket.id]
        before = [t for t in queued if rules.queue_order(t) < rules.queue_order(ticket)]
        if ticket.priority:
            return len([t for t in before if t.priority])
        return len(before) + len([t for t in queued if t.priority and t not in before])

    def _placed(self, tx: QueueTransaction, issued: Ticket | Refusal, now: datetime) -> Placed | Refusal:
        """An issued ticket with the people ahead of it, read in the transaction that issued it."""
        return issued if isinstance(issued, Refusal) else Placed(issued, self._ahead(tx, issued, now))

    def _issue(self, tx: QueueTransaction, service: Service, priority: str | None, appointment: str | None,
               now: datetime) -> Ticket | Refusal:
        open_today, counters = self._today(tx, now), tx.counters()
        checked = self._check(tx, service, priority, appointment is not None, open_today, counters, now)
        if isinstance(checked, Refusal):
            return checked
        day = self._day(now)
        number = tx.issued_count(day, service.code) + 1
        ticket = Ticket(day=day, service=service.code, issued_service=service.code, number=number,
                        label=f"{service.prefix}{number:03d}", status=WAITING, issued_at=now, priority=priority,
                        expected_call=checked.expected_call, appointment=appointment, ahead=checked.ahead,
                        nonce=new_nonce())
        open_today = self._invite(tx, open_today, now)
        return tx.insert_ticket(self._place(tx, ticket, open_today, counters, checked.visit_minutes, now))

    def _place(self, tx: QueueTransaction, ticket: Ticket, open_today: list[Ticket], counters: list[Counter],
               visit_minutes: float, now: datetime) -> Ticket:
        """``ticket`` on a free spot, or deferred with a return time when the hall is full.

        A spot frees each time any open counter calls someone; ``visit_minutes`` (the
        ticket's service's) stands in for the hall's mean visit.
        """
        spots = tx.spots()
        spot = self._free_spot(spots, open_today)
        if spot is not None:
            return replace(ticket, status=WAITING, spot=spot.id, return_time=None)
        deferred_ahead = len([t for t in open_today if t.status == DEFERRED])
        per_spot = visit_minutes / max(1, len([c for c in counters if c.open]))
        return replace(ticket, status=DEFERRED, spot=None,
                       return_time=rules.return_time(self._local(now), deferred_ahead, per_spot))

    def _free_spot(self, spots: list[Spot], open_today: list[Ticket]) -> Spot | None:
        by_id = {s.id: s for s in spots}
        occupied = [by_id[t.spot] for t in open_today if t.status == WAITING and t.spot in by_id]
        return hall.free_spot(hall.usable_spots(spots, self.spacing), occupied, self.spacing)

    def _invite(self, tx: QueueTransaction, open_today: list[Ticket], now: datetime) -> list[Ticket]:
        """Move deferred tickets onto free spots, in order; returns today's open tickets afterwards."""
        deferred = [t for t in open_today if t.status == DEFERRED]  # open_today is in queue order
        if not deferred:
            return open_today
        spots = tx.spots()
        current = list(open_today)
        for ticket in deferred:
            spot = self._free_spot(spots, current)
            if spot is None:
                break
            invited = replace(ticket, status=WAITING, spot=spot.id)
            tx.save_ticket(ticket, invited, now)
            current = [invited if t.id == ticket.id else t for t in current]
        return current

    def _change(self, tx: QueueTransaction, old: Ticket, new: Ticket, now: datetime,
                open_today: list[Ticket] | None = None) -> Ticket:
        """Store one ticket's change; when it left its spot, invite the deferred (``open_today`` saves a read)."""
        tx.save_ticket(old, new, now)
        if old.status == WAITING and new.status != WAITING:
            before = self._today(tx, now) if open_today is None else open_today
            self._invite(tx, [new if t.id == new.id else t for t in before], now)
        return new

    def _audit(self, tx: QueueTransaction, who: str, what: str, old: object, new: object, now: datetime) -> None:
        def text(value: object) -> str | None:
            if value is None:
                return None
            return json.dumps(asdict(value) if hasattr(value, "__dataclass_fields__") else value,
                              ensure_ascii=False, default=str)

        tx.add_audit(AuditEntry(now, who, what, text(old), text(new)))
