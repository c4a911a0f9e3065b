"""``TicketDesk``: tickets and counters, what the kiosk, counters and display board do all day.

Each public method runs in exactly one store transaction and answers with values: a ticket, or a
:class:`~kiosk.queue.model.Refusal` saying why not. Misuse by staff (an unknown ticket, a counter
that is busy) raises QueueError.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from kiosk.queue import hall, rules
from kiosk.queue.model import (
    BOOKED,
    CALLED,
    CANCELLED,
    DEFERRED,
    DONE,
    NO_SHOW,
    OPEN_STATES,
    PRIORITY_KINDS,
    SERVING,
    WAITING,
    Counter,
    Placed,
    QueueError,
    Refusal,
    Service,
    Ticket,
)
from kiosk.queue.placing import AT_COUNTER, QUEUED, Prospect, QueuePart
from kiosk.queue.store import QueueTransaction


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
class CounterView:
    """What a counter terminal shows: its counter, the ticket in hand and the queue behind it, today's counts.

    ``counter`` is None while no counter of that id is set up. ``queue`` holds the first tickets the
    counter would call, in the order :meth:`TicketDesk.call_next` takes them; ``waiting`` counts all of
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


class TicketDesk(QueuePart):
    """Issuing, calling and finishing tickets; the counters and what the hall and choice screen show."""

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
                prospect = checked if isinstance(checked, Prospect) else \
                    self._prospect(tx, service, None, open_today, counters, now)
                mine = [t for t in open_today if t.service == service.code]  # transfers count where they wait
                overview.append(ServiceOverview(
                    service=service, issued=issued,
                    capacity_left=max(0, service.daily_capacity - issued - booked),
                    waiting=len([t for t in mine if t.status == WAITING]),
                    deferred=len([t for t in mine if t.status == DEFERRED]),
                    expected_wait_minutes=prospect.wait_minutes,
                    expected_call=prospect.expected_call if isinstance(checked, Prospect) else None,
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

    def ticket(self, label: str, now: datetime) -> Ticket | None:
        """Today's ticket with this number (A023), or None."""
        with self.store.transaction(write=False) as tx:
            return tx.find_ticket(self._day(now), label.strip().upper())

    def people_ahead(self, ticket: Ticket, now: datetime) -> int:
        """Tickets of the same service still queued before ``ticket`` (priority first)."""
        with self.store.transaction(write=False) as tx:
            return self._ahead(tx, ticket, now)

    def tickets_of_day(self, day: date) -> list[Ticket]:
        with self.store.transaction(write=False) as tx:
            return tx.tickets_of_day(day.isoformat())

    def counters(self) -> list[Counter]:
        with self.store.transaction(write=False) as tx:
            return tx.counters()

    def issue_ticket(self, service: str, priority: str | None, now: datetime,
                     request_id: str | None = None) -> Placed | Refusal:
        """A ticket for ``service`` and the people ahead of it: waiting on a spot, or deferred with a return
        time when the hall is full.

        A kiosk passes one ``request_id`` per press and the same one on every retry: if an earlier attempt
        was committed but its answer lost with the link, the retry returns that ticket instead of a second.
        """
        if priority is not None and priority not in PRIORITY_KINDS:
            raise QueueError(f"unknown priority {priority!r}; expected one of {', '.join(PRIORITY_KINDS)}")
        with self.store.transaction() as tx:
            # Housekeeping first: on PostgreSQL it goes with the reads that follow, in one round trip.
            self._housekeeping(tx, now)
            if request_id is not None and (earlier := tx.requested_ticket(request_id)) is not None:
                return Placed(earlier, self._ahead(tx, earlier, now))
            issued = self._issue(tx, self._service(tx, service), priority, None, now)
            if request_id is not None and isinstance(issued, Ticket):
                tx.remember_request(request_id, issued.id)
            if isinstance(issued, Refusal):
                tx.count_refusal(self._day(now), issued.reason, issued.service)
            return self._placed(tx, issued, now)

    def count_refusal(self, refused: Refusal, now: datetime) -> None:
        """Count a refusal shown without asking for a ticket (a full or closed service tapped), for reports."""
        with self.store.transaction() as tx:
            tx.count_refusal(self._day(now), refused.reason, refused.service)

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
