"""The queue (排队): services, reception hours, tickets, the hall's spots, priority, appointments, counters.

Kivy-free. The UI and kiosk-admin use :class:`QueueDesk`; :func:`open_desk`
gives one over the store the runtime's settings name. Every call takes the
current time (aware), e.g. ``now = datetime.now(ZoneInfo(settings.centre.timezone))``::

    desk = open_desk(runtime)
    for entry in desk.services_overview(now):      # names, capacity_left, waiting, expected wait,
        ...                                        # service.materials_key, open / refusal
    result = desk.issue_ticket("consultation", None, now)   # Ticket, or Refusal (zh/en + suggestions)
    desk.hall_status(now); desk.today_hours(now)
    desk.free_slots("notarisation", day, now); desk.book("notarisation", slot.start, now)
    desk.check_in(code_or_qr_payload, now)         # Ticket (priority "appointment") or Refusal
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from kiosk.foundation.runtime import Runtime
from kiosk.queue.desk import HallStatus, QueueDesk, ServiceOverview, Slot, TodayHours
from kiosk.queue.model import Appointment, Counter, QueueError, Refusal, Service, Spot, Ticket
from kiosk.queue.sqlite_store import SqliteQueueStore
from kiosk.queue.store import QueueStore, StoreError


def open_desk(runtime: Runtime) -> QueueDesk:
    """The queue desk over this runtime's store (the SQLite file unless a server is configured)."""
    zone = ZoneInfo(runtime.settings.centre.timezone)
    if runtime.settings.database.url.startswith("postgres"):
        from kiosk.queue.postgres_store import PostgresQueueStore  # psycopg loads only where a server is used

        return QueueDesk(PostgresQueueStore(runtime.settings.database.url, zone), runtime.settings)
    return QueueDesk(SqliteQueueStore(runtime.queue_db_path, zone), runtime.settings)


__all__ = [
    "Appointment", "Counter", "HallStatus", "QueueDesk", "QueueError", "QueueStore", "Refusal", "Service",
    "ServiceOverview", "Slot", "Spot", "StoreError", "Ticket", "TodayHours", "open_desk",
]
