"""What a counter terminal asks of the queue: its view, and each press of its buttons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kiosk.queue import CounterView, QueueError
from kiosk.visitor import QUEUE, runs_on
from kiosk.wiring import Services
from kiosk.workorders import WorkOrder, WorkOrderError
from kiosk.workorders.model import COUNTER

# The queue's method behind each button; "transfer", "open" and "close" are pressed otherwise.
ACTIONS = {"call": "call_next", "recall": "recall", "serve": "serve", "no_show": "no_show", "done": "done"}


@runs_on(QUEUE)
def counter_view(services: Services, counter_id: str, now: datetime) -> CounterView:
    """The ticket in hand, the queue behind it and today's counts."""
    return services.tickets.counter_view(counter_id, now)


@runs_on(QUEUE)
def press(services: Services, counter_id: str, action: str, service: str | None, who: str, now: datetime) -> Any:
    """A button: call, recall, serve, no_show, done, transfer (to ``service``), open or close the counter."""
    if action == "transfer":
        return services.tickets.transfer(counter_id, service, now)
    if action in ("open", "close"):
        counter = next((c for c in services.tickets.counters() if c.id == counter_id), None)
        if counter is None:
            raise QueueError(f"unknown counter {counter_id!r}")
        return services.centre.set_counter(counter.id, counter.services, action == "open", who, now)
    return getattr(services.tickets, ACTIONS[action])(counter_id, now)


@runs_on(QUEUE)
def hand_off(services: Services, counter_id: str, kind: str, matter: str, urgency: str, phone: str,
             consented: bool, now: datetime) -> WorkOrder | WorkOrderError:
    """Staff hand the matter in hand to the hotline or the online platform as a work order. A phone number is
    optional, and taken only once the visitor has heard what it is used for and agreed (the kiosk's consent
    notice); a refusal staff can read is returned, not raised."""
    if phone and not consented:
        return WorkOrderError("consent_needed", "请先向来访人说明电话号码的用途并取得同意。",
                              "Read the notice to the visitor and get their agreement before taking a number.")
    try:
        return services.workorders.create(kind, matter, phone or None, now, channel=COUNTER, urgency=urgency,
                                          counter=counter_id)
    except WorkOrderError as error:
        return error

