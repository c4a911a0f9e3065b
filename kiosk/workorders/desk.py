"""What a screen or the shell does with work orders and ratings, one call per action.

    desk = open_workorders(runtime)
    order = desk.create("callback", "labour", "13800138000", now, channel="kiosk")
    desk.update(order.key, "accepted", now, who="staff-7")
    desk.overdue(now)                                  # the staff screen's and counter's red list
    desk.rate(ticket, 2, ("long_wait",), now)          # opens a rectification order
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta

from kiosk.queue import hours as queue_hours
from kiosk.queue.model import DONE as TICKET_DONE
from kiosk.queue.model import Ticket
from kiosk.workorders.model import (
    CHANNELS,
    COUNTER,
    LEVELS,
    NEW,
    NORMAL,
    RATING,
    REASONS,
    RECTIFICATION,
    REQUESTABLE_KINDS,
    URGENCIES,
    URGENT,
    Rating,
    StateChange,
    WorkOrder,
    WorkOrderError,
    check_note_code,
    check_topic,
    check_transition,
    mask_phone,
    normalise_phone,
)
from kiosk.workorders.store import WorkOrderStore
from kiosk.workorders.vault import PhoneVault

log = logging.getLogger(__name__)

# The end of a working day when the hours table gives none for it (a day open by override with no sessions).
DAY_END = time(17, 0)
# How far ahead a deadline is looked for: past this many closed days the deadline falls on calendar days.
SEARCH_DAYS = 60


def deadline_for(created: datetime, working_days: int, table: queue_hours.HoursTable) -> datetime:
    """The end of the ``working_days``-th working day after ``created``'s day (a day with reception hours,
    holiday overrides included): "call back within 1 working day" from a Friday is Monday's closing time."""
    zone = created.tzinfo
    day: date = created.date()
    counted = 0
    for _ in range(SEARCH_DAYS):
        day += timedelta(days=1)
        sessions = queue_hours.sessions_on(table, day)
        if sessions:
            counted += 1
            if counted >= working_days:
                return datetime.combine(day, sessions[-1][1], zone)
    # No reception hours at all within reach: count calendar days, so an order still gets a deadline.
    return datetime.combine(created.date() + timedelta(days=working_days), DAY_END, zone)


class WorkOrderDesk:
    """Creates, moves, lists and rates; never logs or returns a phone number in clear."""

    def __init__(self, store: WorkOrderStore, vault: PhoneVault, days_by_kind: dict[str, int], urgent_days: int,
                 retention_days: int, hours_table: Callable[[], queue_hours.HoursTable],
                 also_close: Iterable[Callable[[], None]] = ()):
        self.store = store
        self.vault = vault
        self.days_by_kind = days_by_kind
        self.urgent_days = urgent_days
        self.retention_days = retention_days
        self.hours_table = hours_table
        self._also_close = tuple(also_close)

    def close(self) -> None:
        """Close the store (and the queue store the hours come from)."""
        self.store.close()
        for close in self._also_close:
            close()

    def deadline(self, kind: str, urgency: str, now: datetime) -> datetime:
        days = self.days_by_kind[kind]
        return deadline_for(now, min(days, self.urgent_days) if urgency == URGENT else days, self.hours_table())

    def create(self, kind: str, topic: str, phone: str | None, now: datetime, channel: str = "kiosk",
               urgency: str = NORMAL, note_code: str | None = None, counter: str | None = None) -> WorkOrder:
        """A new order and its outbox row in one transaction. ``phone`` is required, except for a matter staff
        hand on from a counter (``counter`` names it): the platform then follows it up through that counter."""
        if kind not in REQUESTABLE_KINDS:
            raise WorkOrderError("bad_kind", "请选择服务方式。", f"unknown kind {kind!r}; expected one of "
                                 f"{', '.join(REQUESTABLE_KINDS)}")
        if channel not in CHANNELS:
            raise WorkOrderError("bad_channel", "来源不正确。", f"unknown channel {channel!r}")
        if urgency not in URGENCIES:
            raise WorkOrderError("bad_urgency", "请选择紧急程度。", f"unknown urgency {urgency!r}")
        digits = None if channel == COUNTER and not (phone or "").strip() else normalise_phone(phone or "")
        order = WorkOrder(key=uuid.uuid4().hex, kind=kind, topic=check_topic(topic), channel=channel,
                          urgency=urgency, state=NEW, created_at=now, deadline=self.deadline(kind, urgency, now),
                          phone_masked=mask_phone(digits) if digits else None, note_code=check_note_code(note_code),
                          counter=counter, updated_at=now)
        token = self.vault.seal(digits) if digits else None
        with self.store.transaction() as tx:
            stored = tx.insert_order(order, token)
        log.info("work order %s created: %s via %s", stored.id, kind, channel)
        return stored

    def get(self, ref: str) -> WorkOrder:
        with self.store.transaction(write=False) as tx:
            order = tx.order(ref.strip())
        if order is None:
            raise WorkOrderError("unknown", "没有这个工单。", f"no work order {ref!r}")
        return order

    def show(self, ref: str) -> tuple[WorkOrder, list[StateChange]]:
        """An order and its steps, who and when."""
        with self.store.transaction(write=False) as tx:
            order = tx.order(ref.strip())
            steps = tx.steps(order.id) if order else []
        if order is None:
            raise WorkOrderError("unknown", "没有这个工单。", f"no work order {ref!r}")
        return order, steps

    def orders(self, state: str | None = None, limit: int = 200) -> list[WorkOrder]:
        with self.store.transaction(write=False) as tx:
            return tx.orders(state, limit)

    def update(self, ref: str, state: str, now: datetime, who: str) -> WorkOrder:
        """Move an order to ``state``; closing it starts the phone number's retention period."""
        with self.store.transaction() as tx:
            order = tx.order(ref.strip())
            if order is None:
                raise WorkOrderError("unknown", "没有这个工单。", f"no work order {ref!r}")
            if order.state == state:
                return order  # the same update twice (a platform repeating itself) changes nothing
            check_transition(order.state, state)
            moved = tx.set_state(order, state, now, who)
        log.info("work order %s: %s -> %s by %s", order.id, order.state, state, who)
        return moved

    def overdue(self, now: datetime) -> list[WorkOrder]:
        """Open orders past their deadline, the longest overdue first."""
        with self.store.transaction(write=False) as tx:
            return [order for order in tx.open_orders() if order.overdue(now)]

    def undelivered(self) -> list[WorkOrder]:
        """Orders the sender gave up delivering after its tries (dead letters), for staff to look at."""
        with self.store.transaction(write=False) as tx:
            return tx.undelivered_orders()

    def erase_expired(self, now: datetime) -> list[str]:
        """Erase the phone numbers of orders closed more than ``retention_days`` ago; their keys."""
        with self.store.transaction() as tx:
            erased = tx.erase_phones(now - timedelta(days=self.retention_days))
        if erased:
            log.info("erased the phone numbers of %d closed work orders", len(erased))
        return erased

    def retry_dead(self, ref: str, now: datetime) -> WorkOrder:
        """Send a dead-lettered order again, after staff fixed what stopped it."""
        with self.store.transaction() as tx:
            order = tx.order(ref.strip())
            if order is None or not tx.retry_dead(order.id, now):
                raise WorkOrderError("not_dead", "该工单不在发送失败列表中。",
                                     f"work order {ref!r} is not dead-lettered")
            return tx.order(ref.strip())

    # --- ratings

    def rate(self, ticket: Ticket, level: int, reasons: Iterable[str], now: datetime) -> Rating:
        """Rate a finished ticket once. A rating of 不满意 or 非常不满意 opens a rectification order."""
        if level not in LEVELS:
            raise WorkOrderError("bad_level", "请选择一个评价等级。", "the level must be 1 to 5")
        chosen = tuple(dict.fromkeys(reason.strip() for reason in reasons if reason.strip()))
        unknown = [reason for reason in chosen if reason not in REASONS]
        if unknown:
            raise WorkOrderError("bad_reason", "请从列出的原因中选择。",
                                 f"unknown reason {unknown[0]!r}; expected one of {', '.join(REASONS)}")
        rating = Rating(ticket.id, ticket.day, ticket.label, ticket.service, ticket.counter, level,
                        chosen if level in (1, 2) else (), now)
        if rating.bad and not rating.reasons:
            raise WorkOrderError("reason_needed", "请选择不满意的原因。", "a rating of 1 or 2 needs a reason")
        if ticket.status != TICKET_DONE:
            raise WorkOrderError("not_done", "业务办结后才能评价。", f"ticket {ticket.label} is not done yet")
        with self.store.transaction() as tx:
            if tx.rating(ticket.id) is not None:
                raise WorkOrderError("already_rated", "这张号票已经评价过了，谢谢！",
                                     f"ticket {ticket.label} has already been rated")
            order_id = None
            if rating.bad:
                order = WorkOrder(key=uuid.uuid4().hex, kind=RECTIFICATION, topic=ticket.service, channel=RATING,
                                  urgency=NORMAL, state=NEW, created_at=now,
                                  deadline=self.deadline(RECTIFICATION, NORMAL, now), phone_masked=None,
                                  note_code=",".join(rating.reasons), ticket_id=ticket.id, service=ticket.service,
                                  counter=ticket.counter, updated_at=now)
                stored = tx.insert_order(order, None)
                order_id, rating = stored.id, Rating(**{**vars(rating), "order_key": stored.key})
            tx.add_rating(rating, order_id)
        return rating

    def unrated_at_counter(self, tickets: Iterable[Ticket], counter: str) -> Ticket | None:
        """For the counter-side rating tablet: the counter's most recently finished ticket among ``tickets``
        (today's, from the queue desk) if it has no rating yet."""
        done = [t for t in tickets if t.counter == counter and t.status == TICKET_DONE and t.finished_at]
        if not done:
            return None
        latest = max(done, key=lambda t: t.finished_at)
        with self.store.transaction(write=False) as tx:
            return None if tx.rating(latest.id) is not None else latest

    def ratings(self, limit: int = 200) -> list[Rating]:
        with self.store.transaction(write=False) as tx:
            return tx.ratings(limit)

