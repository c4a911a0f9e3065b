"""The queue (排队): services, reception hours, tickets, the hall's spots, priority, appointments, counters.

Kivy-free. Four parts over one :class:`~kiosk.queue.store.QueueStore`, each public method one
transaction with the current time (aware) passed in::

    queue = Queue.over(store, settings)            # the composition root (kiosk.wiring) does this
    queue.tickets.services_overview(now)           # names, capacity_left, waiting, expected wait, open / refusal
    queue.tickets.issue_ticket("consultation", None, now)   # Placed(ticket, ahead), or Refusal
    queue.tickets.hall_status(now); queue.centre.today_hours(now)
    queue.appointments.free_slots("notarisation", day, now); queue.appointments.book(...)
    queue.appointments.check_in(code_or_qr_payload, now)    # Placed (priority "appointment") or Refusal
    queue.staff_log.record_round("disinfection", "hall", who, now)

A store opened for writing is seeded once by :func:`prepare`; the parts never write on construction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.foundation.config import Settings
from kiosk.queue import hall, hours
from kiosk.queue.appointments import AppointmentBook, Slot
from kiosk.queue.centre import CentreDesk, TodayHours
from kiosk.queue.model import (
    DEFAULT_SERVICES,
    Appointment,
    Counter,
    Placed,
    QueueError,
    Refusal,
    Service,
    Spot,
    Ticket,
)
from kiosk.queue.staff_log import StaffLog
from kiosk.queue.store import QueueStore, StoreError
from kiosk.queue.tickets import CounterView, HallStatus, ServiceOverview, TicketDesk


def prepare(store: QueueStore, settings: Settings) -> None:
    """A new store gets the six services and the configured week; the hall follows config.ini.

    A spot whose place the config moved, or a new one, comes into use; spots the
    config no longer lists go out of use. Staff's choices on unchanged spots stay.
    """
    with store.transaction() as tx:
        if not tx.services():
            for service in DEFAULT_SERVICES:
                tx.save_service(service)
        if not tx.hours():
            for key, text in hours.weekly_entries(settings.hours).items():
                tx.set_hours(key, text)
        stored = {spot.id: spot for spot in tx.spots()}
        configured = hall.layout_spots(settings.hall)
        for spot in configured:
            old = stored.get(spot.id)
            if old is None or (old.x, old.y) != (spot.x, spot.y):
                tx.save_spot(spot)
        listed = {spot.id for spot in configured}
        for spot in stored.values():
            if spot.id not in listed and spot.in_use:
                tx.save_spot(replace(spot, in_use=False))


@dataclass(frozen=True)
class Queue:
    """The queue's four parts over one store; ``close`` closes the store."""

    store: QueueStore
    tickets: TicketDesk
    appointments: AppointmentBook
    centre: CentreDesk
    staff_log: StaffLog

    @classmethod
    def over(cls, store: QueueStore, settings: Settings) -> Queue:
        """The parts over ``store`` (not seeded: call :func:`prepare` first where the store is written)."""
        return cls(store, TicketDesk(store, settings), AppointmentBook(store, settings), CentreDesk(store, settings),
                   StaffLog(store, settings))

    @classmethod
    def prepared(cls, store: QueueStore, settings: Settings) -> Queue:
        """:func:`prepare` the store, then the parts over it: for a process that writes."""
        prepare(store, settings)
        return cls.over(store, settings)

    def close(self) -> None:
        self.store.close()


__all__ = [
    "Appointment", "AppointmentBook", "CentreDesk", "Counter", "CounterView", "HallStatus", "Placed", "Queue",
    "QueueError", "QueueStore", "Refusal", "Service", "ServiceOverview", "Slot", "Spot", "StaffLog", "StoreError",
    "Ticket", "TicketDesk", "TodayHours", "prepare",
]
