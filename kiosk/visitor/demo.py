"""What ``--demo`` sets up in its own data folder, so that every flow can be walked through on any day."""

from __future__ import annotations

from datetime import datetime

from kiosk.demo import DEMO_COUNTER
from kiosk.visitor import QUEUE, runs_on
from kiosk.wiring import Services

DEMO_HOURS = "07:00-22:00"


@runs_on(QUEUE)
def open_demo_centre(services: Services, now: datetime) -> None:
    """Today gets reception hours of its own, and the demo counter serves every service (staff's own choices
    for either stay)."""
    today, centre = now.date().isoformat(), services.centre
    if today not in centre.hours_table():
        centre.set_hours(today, DEMO_HOURS, "demo", now)
    if not any(counter.id == DEMO_COUNTER for counter in services.tickets.counters()):
        codes = tuple(service.code for service in centre.services())
        centre.set_counter(DEMO_COUNTER, codes, True, "demo", now)
