"""``QueueDesk``: the one place the kiosk, counters, display board and kiosk-admin go to for the queue.

Each public method that changes something runs in exactly one store
transaction, applies the plain rules of :mod:`kiosk.queue.rules`,
:mod:`kiosk.queue.hall` and :mod:`kiosk.queue.hours`, and answers with values:
a ticket, or a :class:`~kiosk.queue.model.Refusal` saying why not. Misuse by
staff (an unknown ticket, a counter that is busy) raises QueueError. Every
method takes the current time, so tests and reports control the clock.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.foundation.config import Settings, sessions
from kiosk.queue import hall, hours, rules
from kiosk.queue.model import (
    BOOKED,
    CALLED,
    CANCELLED,
    CHECKED_IN,
    DEFAULT_SERVICES,
    DEFERRED,
    DONE,
    MISSED,
    NO_SHOW,
    OPEN_STATES,
    PRIORITY_KINDS,
    QR_PREFIX,
    ROUND_AREAS,
    ROUND_KINDS,
    SERVING,
    WAITING,
    Appointment,
    AuditEntry,
    Counter,
    DisinfectionRound,
    QueueError,
    Refusal,
    Service,
    Spot,
    Ticket,
    check_service,
    new_nonce,
    refusal,
)
from kiosk.queue.store import QueueStore, QueueTransaction

AT_COUNTER = (CALLED, SERVING)
QUEUED = (WAITING, DEFERRED)


@dataclass(frozen=True)
class ServiceOverview:
    """One service on the choice screen: what is left today, the wait, and whether it takes numbers."""

    service: Service
    issued: int
    capacity_left: int
    waiting: int
    deferred: int
    expected_wait_minutes: float
    expected_call: datetime | None
    refusal: Refusal | None

    @property
    def open(self) -> bool:
        return self.refusal is None


@dataclass(frozen=True)
class HallStatus:
    """The hall right now: its capacity (usable spots), who occupies spots, who waits outside."""

    total_spots: int
    in_use_spots: int
    usable_spots: int
    occupied_spots: int
    deferred: int
    at_counters: int

    @property
    def free_spots(self) -> int:
        return max(0, self.usable_spots - self.occupied_spots)


@dataclass(frozen=True)
class TodayHours:
    day: date
    sessions: tuple[tuple, ...]
    override: bool
    open_now: bool
    next_opening: datetime | None

    @property
    def sessions_text(self) -> str:
        return hours.format_sessions(self.sessions)


@dataclass(frozen=True)
class Slot:
    """An appointment time window and how many bookings it still takes."""

    start: datetime
    end: datetime
    left: int


# --- counter terminal


@dataclass(frozen=True)
class CounterView:
    """What a counter terminal shows: its counter, the ticket in hand and the queue behind it, today's counts.

    ``counter`` is None while no counter of that id is set up. ``queue`` holds the first tickets the
    counter would call, in the order :meth:`QueueDesk.call_next` takes them; ``waiting`` counts all of
    them and ``outside`` the deferred tickets of its services, callable once invited inside.
    """

    counter: Counter | None
    services: tuple[Service, ...]
    in_hand: Ticket | None
    queue: tuple[Ticket, ...]
    waiting: int
    outside: int
    called: int
    done: int
    no_shows: int
    queued_by_service: tuple[tuple[str, int], ...] = ()  # waiting or deferred, every service: for transfers


@dataclass(frozen=True)
class _Prospect:
    """What a new ticket of a service would get now: people ahead and the expected call."""

    ahead: int
    wait_minutes: float
    expected_call: datetime
    visit_minutes: float


class QueueDesk:
    """The queue's operations over a :class:`~kiosk.queue.store.QueueStore`."""

    def __init__(self, store: QueueStore, settings: Settings):
        self.store = store
        self.settings = settings
        self.zone = ZoneInfo(settings.centre.timezone)
        self.rules = settings.queue
        self.spacing = settings.hall.spacing_m
        self._seed()

    def _seed(self) -> None:
        """A new store gets the six services and the configured week; the hall follows config.ini.

        A spot whose place the config moved, or a new one, comes into use; spots the
        config no longer lists go out of use. Staff's choices on unchanged spots stay.
        """
        with self.store.transaction() as tx:
            if not tx.services():
                for service in DEFAULT_SERVICES:
                    tx.save_service(service)
            if not tx.hours():
                for key, text in hours.weekly_entries(self.settings.hours).items():
                    tx.set_hours(key, text)
            stored = {spot.id: spot for spot in tx.spots()}
            configured = hall.layout_spots(self.settings.hall)
            for spot in configured:
                old = stored.get(spot.id)
                if old is None or (old.x, old.y) != (spot.x, spot.y):
                    tx.save_spot(spot)
            listed = {spot.id for spot in configured}
            for spot in stored.values():
                if spot.id not in listed and spot.in_use:
                    tx.save_spot(replace(spot, in_use=False))

    # --- time -----------------------------------------------------------------

    def _local(self, now: datetime) -> datetime:
        if now.tzinfo is None:
            raise ValueError("expected an aware datetime for now")
        return now.astimezone(self.zone)

    def _day(self, now: datetime) -> str:
        return self._local(now).date().isoformat()

    def _housekeeping(self, tx: QueueTransaction, now: datetime) -> None:
        """Yesterday's unfinished tickets expire and appointments past their window are missed."""
        tx.expire_open_before(self._day(now), now)
        tx.miss_appointments(now - timedelta(minutes=self.rules.appointment_late_minutes))

    # --- reading ----------------------------------------------------------------

    def services(self) -> list[Service]:
        with self.store.transaction(write=False) as tx:
            return tx.services()

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
                  counters: list[Counter], now: datetime) -> _Prospect:
        queued = [t for t in open_today if t.service == service.code and t.status in QUEUED]
        ahead = len([t for t in queued if t.priority]) if priority else len(queued)
        serving = len([c for c in counters if c.open and service.code in c.services])
        visit = self._visit_minutes(tx, service)
        wait = rules.expected_wait_minutes(ahead, serving, visit)
        bounds = hours.day_bounds(tx.hours(), self._local(now).date(), self.zone)
        return _Prospect(ahead, wait, hours.advance(self._local(now), wait, bounds), visit)

    def _check(self, tx: QueueTransaction, service: Service, priority: str | None, appointment: bool,
               open_today: list[Ticket], counters: list[Counter], now: datetime) -> Refusal | _Prospect:
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

    def services_overview(self, now: datetime) -> list[ServiceOverview]:
        """Every service with today's figures, in the order staff set."""
        with self.store.transaction(write=False) as tx:
            open_today, counters = self._today(tx, now), tx.counters()
            counts = tx.day_counts(self._day(now))
            overview = []
            for service in tx.services():
                issued = sum(n for (code, _state), n in counts.items() if code == service.code)
                booked = tx.count_appointments(self._day(now), service.code, (BOOKED,))
                checked = self._check(tx, service, None, False, open_today, counters, now)
                prospect = checked if isinstance(checked, _Prospect) else \
                    self._prospect(tx, service, None, open_today, counters, now)
                mine = [t for t in open_today if t.service == service.code]  # transfers count where they wait
                overview.append(ServiceOverview(
                    service=service, issued=issued,
                    capacity_left=max(0, service.daily_capacity - issued - booked),
                    waiting=len([t for t in mine if t.status == WAITING]),
                    deferred=len([t for t in mine if t.status == DEFERRED]),
                    expected_wait_minutes=prospect.wait_minutes,
                    expected_call=prospect.expected_call if isinstance(checked, _Prospect) else None,
                    refusal=checked if isinstance(checked, Refusal) else None))
            return overview

    def hall_status(self, now: datetime) -> HallStatus:
        with self.store.transaction(write=False) as tx:
            spots = tx.spots()
            open_today = self._today(tx, now)
            return HallStatus(
                total_spots=len(spots), in_use_spots=len([s for s in spots if s.in_use]),
                usable_spots=len(hall.usable_spots(spots, self.spacing)),
                occupied_spots=len([t for t in open_today if t.status == WAITING and t.spot is not None]),
                deferred=len([t for t in open_today if t.status == DEFERRED]),
                at_counters=len([t for t in open_today if t.status in AT_COUNTER]))

    def today_hours(self, now: datetime) -> TodayHours:
        with self.store.transaction(write=False) as tx:
            table = tx.hours()
        local = self._local(now)
        bounds = hours.day_bounds(table, local.date(), self.zone)
        return TodayHours(day=local.date(), sessions=hours.sessions_on(table, local.date()),
                          override=local.date().isoformat() in table,
                          open_now=any(start <= local < end for start, end in bounds),
                          next_opening=hours.next_opening(table, local))

    def hours_table(self) -> dict[str, str]:
        with self.store.transaction(write=False) as tx:
            return tx.hours()

    def ticket(self, label: str, now: datetime) -> Ticket | None:
        """Today's ticket with this number (A023), or None."""
        with self.store.transaction(write=False) as tx:
            return tx.find_ticket(self._day(now), label.strip().upper())

    def people_ahead(self, ticket: Ticket, now: datetime) -> int:
        """Tickets of the same service still queued before ``ticket`` (priority first)."""
        with self.store.transaction(write=False) as tx:
            queued = [t for t in self._today(tx, now) if t.service == ticket.service and t.status in QUEUED
                      and t.id != ticket.id]
        before = [t for t in queued if rules.queue_order(t) < rules.queue_order(ticket)]
        if ticket.priority:
            return len([t for t in before if t.priority])
        return len(before) + len([t for t in queued if t.priority and t not in before])

    def tickets_of_day(self, day: date) -> list[Ticket]:
        with self.store.transaction(write=False) as tx:
            return tx.tickets_of_day(day.isoformat())

    def counters(self) -> list[Counter]:
        with self.store.transaction(write=False) as tx:
            return tx.counters()

    def audit(self, limit: int = 50) -> list[AuditEntry]:
        with self.store.transaction(write=False) as tx:
            return tx.audit(limit)

    # --- issuing ------------------------------------------------------------------

    def issue_ticket(self, service: str, priority: str | None, now: datetime,
                     request_id: str | None = None) -> Ticket | Refusal:
        """A ticket for ``service``: waiting on a spot, or deferred with a return time when the hall is full.

        A kiosk passes one ``request_id`` per press and the same one on every retry: if an earlier attempt
        was committed but its answer lost with the link, the retry returns that ticket instead of a second.
        """
        if priority is not None and priority not in PRIORITY_KINDS:
            raise QueueError(f"unknown priority {priority!r}; expected one of {', '.join(PRIORITY_KINDS)}")
        with self.store.transaction() as tx:
            if request_id is not None and (earlier := tx.requested_ticket(request_id)) is not None:
                return earlier
            self._housekeeping(tx, now)
            issued = self._issue(tx, self._service(tx, service), priority, None, now)
            if request_id is not None and isinstance(issued, Ticket):
                tx.remember_request(request_id, issued.id)
            if isinstance(issued, Refusal):
                tx.count_refusal(self._day(now), issued.reason, issued.service)
            return issued

    def count_refusal(self, refused: Refusal, now: datetime) -> None:
        """Count a refusal shown without asking for a ticket (a full or closed service tapped), for reports."""
        with self.store.transaction() as tx:
            tx.count_refusal(self._day(now), refused.reason, refused.service)

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

    # --- counters -----------------------------------------------------------------

    def _counter(self, tx: QueueTransaction, counter_id: str) -> Counter:
        for counter in tx.counters():
            if counter.id == counter_id:
                return counter
        raise QueueError(f"unknown counter {counter_id!r}; set it up with kiosk-admin counter set")

    def _at_counter(self, tx: QueueTransaction, counter_id: str, now: datetime) -> Ticket:
        self._counter(tx, counter_id)
        for ticket in self._today(tx, now):
            if ticket.counter == counter_id and ticket.status in AT_COUNTER:
                return ticket
        raise QueueError(f"counter {counter_id} has no ticket called")

    def _change(self, tx: QueueTransaction, old: Ticket, new: Ticket, now: datetime,
                open_today: list[Ticket] | None = None) -> Ticket:
        """Store one ticket's change; when it left its spot, invite the deferred (``open_today`` saves a read)."""
        tx.save_ticket(old, new, now)
        if old.status == WAITING and new.status != WAITING:
            before = self._today(tx, now) if open_today is None else open_today
            self._invite(tx, [new if t.id == new.id else t for t in before], now)
        return new

    def call_next(self, counter_id: str, now: datetime) -> Ticket | None:
        """Call the next ticket to ``counter_id``; None when nobody inside waits for its services."""
        with self.store.transaction() as tx:
            self._housekeeping(tx, now)
            counter = self._counter(tx, counter_id)
            if not counter.open:
                raise QueueError(f"counter {counter_id} is closed; open it first")
            open_today = self._today(tx, now)
            for ticket in open_today:
                if ticket.counter == counter_id and ticket.status in AT_COUNTER:
                    raise QueueError(f"counter {counter_id} still has {ticket.label}; "
                                     "mark it done, no-show or transfer first")
            chosen = rules.choose_next(counter, open_today, self.rules.max_priority_in_row)
            if chosen is None:
                return None
            tx.save_counter(replace(counter, priority_streak=chosen.priority_streak))
            called = replace(chosen.ticket, status=CALLED, counter=counter_id, called_at=now, spot=None)
            return self._change(tx, chosen.ticket, called, now, open_today)

    def recall(self, counter_id: str, now: datetime) -> Ticket:
        """Call the counter's ticket again; after the configured recalls it becomes a no-show."""
        with self.store.transaction() as tx:
            ticket = self._at_counter(tx, counter_id, now)
            if ticket.recalls >= self.rules.recalls_before_no_show:
                return self._change(tx, ticket, replace(ticket, status=NO_SHOW, finished_at=now), now)
            # No state changes, so no transition records it: the audit does.
            self._audit(tx, f"counter {counter_id}", f"recall:{ticket.label}", ticket.recalls, ticket.recalls + 1, now)
            return self._change(tx, ticket, replace(ticket, recalls=ticket.recalls + 1), now)

    def serve(self, counter_id: str, now: datetime) -> Ticket:
        """The called visitor has arrived at the counter."""
        with self.store.transaction() as tx:
            ticket = self._at_counter(tx, counter_id, now)
            if ticket.status == SERVING:
                return ticket
            return self._change(tx, ticket, replace(ticket, status=SERVING, serving_at=now), now)

    def no_show(self, counter_id: str, now: datetime) -> Ticket:
        with self.store.transaction() as tx:
            ticket = self._at_counter(tx, counter_id, now)
            return self._change(tx, ticket, replace(ticket, status=NO_SHOW, finished_at=now), now)

    def done(self, counter_id: str, now: datetime) -> Ticket:
        with self.store.transaction() as tx:
            ticket = self._at_counter(tx, counter_id, now)
            served = replace(ticket, status=DONE, finished_at=now, serving_at=ticket.serving_at or ticket.called_at)
            return self._change(tx, ticket, served, now)

    def transfer(self, counter_id: str, service: str, now: datetime) -> Ticket:
        """Send the counter's visitor to another service's queue, keeping the number and place."""
        with self.store.transaction() as tx:
            ticket = self._at_counter(tx, counter_id, now)
            target = self._service(tx, service)
            if target.code == ticket.service:
                raise QueueError(f"{ticket.label} is already in {service}")
            moved = replace(ticket, service=target.code, counter=None, recalls=0, called_at=None, serving_at=None)
            open_today = self._today(tx, now)
            others = [t for t in open_today if t.id != ticket.id]
            placed = self._place(tx, moved, others, tx.counters(), self._visit_minutes(tx, target), now)
            # The transition leaves the counter empty, so the audit says which counter sent it where.
            self._audit(tx, f"counter {counter_id}", f"transfer:{ticket.label}", ticket.service, target.code, now)
            return self._change(tx, ticket, placed, now)

    def cancel(self, label: str, now: datetime) -> Ticket:
        """The visitor gives up: today's open ticket ``label`` is cancelled and its spot freed."""
        with self.store.transaction() as tx:
            ticket = tx.find_ticket(self._day(now), label.strip().upper())
            if ticket is None or ticket.status not in OPEN_STATES:
                raise QueueError(f"no open ticket {label} today")
            return self._change(tx, ticket, replace(ticket, status=CANCELLED, finished_at=now, spot=None), now)

    # --- counter terminal -------------------------------------------------------------

    def counter_view(self, counter_id: str, now: datetime, limit: int = 30) -> CounterView:
        """Everything a counter terminal shows, in one read: cheap enough to poll every second."""
        with self.store.transaction(write=False) as tx:
            services = tuple(tx.services())
            counter = next((c for c in tx.counters() if c.id == counter_id), None)
            if counter is None:
                return CounterView(None, services, None, (), 0, 0, 0, 0, 0)
            open_today = self._today(tx, now)
            in_hand = next((t for t in open_today if t.counter == counter_id and t.status in AT_COUNTER), None)
            mine = [t for t in open_today if t.service in counter.services]
            waiting = [t for t in mine if t.status == WAITING]
            handled = [t for t in tx.tickets_of_day(self._day(now)) if t.counter == counter_id]
        queued = [t.service for t in open_today if t.status in QUEUED]
        return CounterView(
            counter=counter, services=services, in_hand=in_hand,
            queue=self._call_order(counter, waiting, limit), waiting=len(waiting),
            outside=len([t for t in mine if t.status == DEFERRED]),
            called=len(handled), done=len([t for t in handled if t.status == DONE]),
            no_shows=len([t for t in handled if t.status == NO_SHOW]),
            queued_by_service=tuple((s.code, queued.count(s.code)) for s in services))

    def _call_order(self, counter: Counter, waiting: list[Ticket], limit: int) -> tuple[Ticket, ...]:
        """The first ``limit`` of ``waiting`` in the order successive calls would take them.

        Each step asks :func:`rules.choose_next` itself, so the list cannot drift from the real rule.
        """
        order: list[Ticket] = []
        left, streak = list(waiting), counter.priority_streak
        while len(order) < limit:
            chosen = rules.choose_next(replace(counter, priority_streak=streak), left,
                                       self.rules.max_priority_in_row)
            if chosen is None:
                break
            order.append(chosen.ticket)
            left.remove(chosen.ticket)
            streak = chosen.priority_streak
        return tuple(order)

    # --- appointments ---------------------------------------------------------------

    def free_slots(self, service: str, day: date, now: datetime) -> list[Slot]:
        """The appointment windows of ``day`` still ahead of ``now``, with what each still takes."""
        with self.store.transaction(write=False) as tx:
            found = self._service(tx, service)
            return self._slots(tx, found, day, now)

    def _slots(self, tx: QueueTransaction, service: Service, day: date, now: datetime) -> list[Slot]:
        local = self._local(now)
        if not local.date() <= day <= local.date() + timedelta(days=self.rules.appointment_days_ahead):
            return []
        length = timedelta(minutes=self.rules.appointment_slot_minutes)
        day_left = (service.daily_capacity - tx.issued_count(day.isoformat(), service.code)
                    - tx.count_appointments(day.isoformat(), service.code, (BOOKED,)))
        slots = []
        for start, end in hours.day_bounds(tx.hours(), day, self.zone):
            moment = start
            while moment + length <= end:
                if moment > local:
                    taken = tx.count_appointments(day.isoformat(), service.code, (BOOKED, CHECKED_IN), moment)
                    left = min(self.rules.appointment_slot_capacity - taken, day_left)
                    slots.append(Slot(moment, moment + length, max(0, left)))
                moment += length
        return slots

    def book(self, service: str, window_start: datetime, now: datetime) -> Appointment | Refusal:
        """Book the slot starting at ``window_start``; the visitor gets a code to type and a QR payload."""
        with self.store.transaction() as tx:
            self._housekeeping(tx, now)
            found = self._service(tx, service)
            if not found.enabled:
                return refusal("service_disabled", found)
            start = self._local(window_start)
            slot = next((s for s in self._slots(tx, found, start.date(), now) if s.start == start), None)
            if slot is None:
                raise QueueError(f"{start:%Y-%m-%d %H:%M} is not a bookable {service} slot; see free slots")
            if slot.left <= 0:
                taken = tx.count_appointments(start.date().isoformat(), found.code, (BOOKED, CHECKED_IN), start)
                return refusal("slot_full" if taken >= self.rules.appointment_slot_capacity else "day_full", found)
            code = rules.new_appointment_code()
            while tx.appointment(code) is not None:
                code = rules.new_appointment_code()
            booked = Appointment(code=code, day=start.date().isoformat(), service=found.code, window_start=slot.start,
                                 window_end=slot.end, status=BOOKED, booked_at=now)
            tx.insert_appointment(booked)
            return booked

    def check_in(self, code: str, now: datetime) -> Ticket | Refusal:
        """Check in with a typed code or a scanned QR payload: inside the window, a priority ticket."""
        code = code.strip().removeprefix(QR_PREFIX)
        with self.store.transaction() as tx:
            self._housekeeping(tx, now)
            found = tx.appointment(code)
            if found is None:
                return refusal("appointment_not_found")
            service = self._service(tx, found.service)
            window = f"{found.window_start:%m-%d %H:%M}-{found.window_end:%H:%M}"
            if found.status == CHECKED_IN:
                return refusal("appointment_used", service)
            if found.status == MISSED:
                return refusal("appointment_missed", service, window=window)
            opens = found.window_start - timedelta(minutes=self.rules.appointment_early_minutes)
            if now < opens:
                return refusal("appointment_too_early", service, window=window,
                               from_time=f"{self._local(opens):%m-%d %H:%M}")
            issued = self._issue(tx, service, "appointment", found.code, now)
            if isinstance(issued, Ticket):
                tx.save_appointment(replace(found, status=CHECKED_IN, checked_in_at=now, ticket_id=issued.id))
            return issued

    # --- staff changes (audited) -----------------------------------------------------

    def _audit(self, tx: QueueTransaction, who: str, what: str, old: object, new: object, now: datetime) -> None:
        def text(value: object) -> str | None:
            if value is None:
                return None
            return json.dumps(asdict(value) if hasattr(value, "__dataclass_fields__") else value,
                              ensure_ascii=False, default=str)

        tx.add_audit(AuditEntry(now, who, what, text(old), text(new)))

    def set_service(self, code: str, who: str, now: datetime, **changes: object) -> Service:
        """Change a service's capacity, visit length, names, enabled or materials key; audited."""
        allowed = {"name_zh", "name_en", "daily_capacity", "visit_minutes", "enabled", "materials_key", "position"}
        unknown = set(changes) - allowed
        if unknown:
            raise QueueError(f"cannot change {', '.join(sorted(unknown))}; expected {', '.join(sorted(allowed))}")
        with self.store.transaction() as tx:
            old = self._service(tx, code)
            new = replace(old, **changes)
            check_service(new)
            if new != old:
                tx.save_service(new)
                self._audit(tx, who, f"service:{code}", old, new, now)
            return new

    def set_hours(self, key: str, text: str | None, who: str, now: datetime) -> None:
        """Set a weekday's sessions or a date override (``closed`` closes the day); None removes an override."""
        try:
            key = hours.check_key(key)
            value = None if text is None else hours.format_sessions(sessions(text))
        except ValueError as error:
            raise QueueError(str(error)) from None
        if value is None and "-" not in key:
            raise QueueError("a weekday always has hours; set it to closed instead")
        with self.store.transaction() as tx:
            old = tx.hours().get(key)
            if old != value:
                tx.set_hours(key, value)
                self._audit(tx, who, f"hours:{key}", old, value, now)

    def set_spot_in_use(self, spot_id: int, in_use: bool, who: str, now: datetime) -> Spot:
        """Take a waiting spot out of use or back; someone already on it stays until called."""
        with self.store.transaction() as tx:
            old = next((s for s in tx.spots() if s.id == spot_id), None)
            if old is None:
                raise QueueError(f"no waiting spot {spot_id}")
            new = replace(old, in_use=in_use)
            if new != old:
                tx.save_spot(new)
                self._audit(tx, who, f"spot:{spot_id}", old, new, now)
                self._invite(tx, self._today(tx, now), now)
            return new

    def set_counter(self, counter_id: str, services: tuple[str, ...], is_open: bool, who: str,
                    now: datetime) -> Counter:
        """Create or change a counter: the services it serves and whether it is open; audited."""
        if not counter_id.strip():
            raise QueueError("expected a counter id such as 3")
        with self.store.transaction() as tx:
            for code in services:
                self._service(tx, code)
            old = next((c for c in tx.counters() if c.id == counter_id), None)
            new = Counter(counter_id, tuple(services), is_open, old.name if old else "",
                          old.priority_streak if old else 0)
            if new != old:
                tx.save_counter(new)
                self._audit(tx, who, f"counter:{counter_id}", old, new, now)
            return new

    # --- staff ------------------------------------------------------------------------

    def record_round(self, kind: str, area: str, who: str, now: datetime) -> DisinfectionRound:
        """Log a disinfection or ventilation round of ``area``; audited."""
        if kind not in ROUND_KINDS:
            raise QueueError(f"unknown round {kind!r}; expected one of {', '.join(ROUND_KINDS)}")
        if area not in ROUND_AREAS:
            raise QueueError(f"unknown area {area!r}; expected one of {', '.join(ROUND_AREAS)}")
        with self.store.transaction() as tx:
            entry = tx.add_round(DisinfectionRound(now, kind, area, who))
            self._audit(tx, who, f"round:{kind}", None, {"area": area}, now)
            return entry

    def spots(self) -> list[Spot]:
        """The hall's waiting spots, in use or not."""
        with self.store.transaction(write=False) as tx:
            return tx.spots()

    def rounds(self, limit: int = 20) -> list[DisinfectionRound]:
        with self.store.transaction(write=False) as tx:
            return tx.rounds(limit)

    def last_rounds(self) -> dict[str, DisinfectionRound]:
        """The newest round of each kind that has one."""
        with self.store.transaction(write=False) as tx:
            return tx.last_rounds()

    def setting_overrides(self) -> dict[str, str]:
        with self.store.transaction(write=False) as tx:
            return tx.setting_overrides()

    def set_setting_override(self, key: str, value: str | None, config_value: str, who: str, now: datetime) -> None:
        """Store staff's value of a config.ini key (already checked by its parser); None goes back to config.ini.

        The audit shows ``config_value`` (config.ini's) as the old value when there was no override.
        """
        with self.store.transaction() as tx:
            old = tx.setting_overrides().get(key)
            if old != value:
                tx.set_setting_override(key, value)
                self._audit(tx, who, f"setting:{key}", config_value if old is None else old,
                            config_value if value is None else value, now)

    def record_staff_action(self, who: str, what: str, now: datetime, detail: str | None = None) -> None:
        """An audited staff action that changes no setting (signing in, a locked pad, leaving the kiosk)."""
        with self.store.transaction() as tx:
            self._audit(tx, who, f"action:{what}", None, detail, now)
