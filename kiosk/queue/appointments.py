"""``AppointmentBook``: appointment slots, booking, and checking in for a priority ticket."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from kiosk.queue import hours, rules
from kiosk.queue.model import (
    BOOKED,
    CHECKED_IN,
    MISSED,
    QR_PREFIX,
    Appointment,
    Placed,
    QueueError,
    Refusal,
    Service,
    Ticket,
    refusal,
)
from kiosk.queue.placing import QueuePart
from kiosk.queue.store import QueueTransaction


@dataclass(frozen=True)
class Slot:
    """An appointment time window and how many bookings it still takes."""

    start: datetime
    end: datetime
    left: int


class AppointmentBook(QueuePart):
    """Appointments: free slots, booking one, and checking in with its code."""

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

    def check_in(self, code: str, now: datetime) -> Placed | Refusal:
        """Check in with a typed code or a scanned QR payload: inside the window, a priority ticket and
        the people ahead of it."""
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
            return self._placed(tx, issued, now)
