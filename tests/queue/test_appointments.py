"""Appointments: slots within capacity, a code to type, a QR payload, check-in at the window's edges."""

from datetime import timedelta

import pytest

from kiosk.queue import Appointment, Placed, QueueError, Refusal
from kiosk.queue.model import CHECKED_IN, MISSED


def book(desk, start, now, service="notarisation") -> Appointment:
    booked = desk.appointments.book(service, start, now)
    assert isinstance(booked, Appointment), booked
    return booked


def test_slots_split_the_sessions_and_fill_up(make_desk, at):
    desk = make_desk(queue={"appointment_slot_minutes": 30, "appointment_slot_capacity": 2})
    slots = desk.appointments.free_slots("notarisation", at("09:00", days=1).date(), at("10:00"))
    assert len(slots) == 6 + 7 and slots[0].start == at("09:00", days=1) and slots[-1].end == at("17:00", days=1)
    assert all(s.left == 2 for s in slots)
    first = book(desk, at("09:00", days=1), at("10:00"))
    second = book(desk, at("09:00", days=1), at("10:00"))
    assert first.code != second.code and first.code.isdigit() and len(first.code) == 6
    assert first.qr_payload.endswith(first.code)
    full = desk.appointments.book("notarisation", at("09:00", days=1), at("10:00"))
    assert isinstance(full, Refusal) and full.reason == "slot_full"
    assert desk.appointments.free_slots("notarisation", at("09:00", days=1).date(), at("10:00"))[0].left == 0
    # Today's slots that have begun are gone; Sundays and days too far ahead have none.
    assert desk.appointments.free_slots("notarisation", at("10:00").date(), at("10:00"))[0].start == at("10:30")
    assert desk.appointments.free_slots("notarisation", at("10:00", days=6).date(), at("10:00")) == []
    assert desk.appointments.free_slots("notarisation", at("10:00", days=15).date(), at("10:00")) == []
    with pytest.raises(QueueError, match="not a bookable"):
        desk.appointments.book("notarisation", at("09:10", days=1), at("10:00"))


def test_bookings_take_from_the_days_capacity(desk, at):
    desk.centre.set_service("arbitration", "staff", at("08:00"), daily_capacity=2)
    book(desk, at("09:00", days=1), at("10:00"), "arbitration")
    book(desk, at("09:30", days=1), at("10:00"), "arbitration")
    assert desk.appointments.book("arbitration", at("10:00", days=1), at("10:00")).reason == "day_full"
    assert desk.tickets.issue_ticket("arbitration", None, at("09:00", days=1)).reason == "day_full"


def test_check_in_at_the_edges_of_the_window(make_desk, at):
    desk = make_desk(queue={"appointment_early_minutes": 30, "appointment_late_minutes": 15})
    early = book(desk, at("10:00", days=1), at("09:00"))
    too_early = desk.appointments.check_in(early.code, at("09:29", days=1))
    assert too_early.reason == "appointment_too_early" and "09:30" in too_early.message_en
    placed = desk.appointments.check_in(early.code, at("09:30", days=1))
    assert isinstance(placed, Placed) and placed.ticket.priority == "appointment"
    assert placed.ticket.appointment == early.code
    assert desk.appointments.check_in(early.code, at("09:31", days=1)).reason == "appointment_used"

    late = book(desk, at("14:00", days=1), at("09:00"))
    # 14:30 + 15 min
    assert isinstance(desk.appointments.check_in(f"  {late.qr_payload} ", at("14:45", days=1)), Placed)

    missed = book(desk, at("15:00", days=1), at("09:00"))
    refused = desk.appointments.check_in(missed.code, at("15:46", days=1))
    assert refused.reason == "appointment_missed" and "15:00" in refused.message
    assert desk.appointments.check_in("000000", at("15:46", days=1)).reason == "appointment_not_found"


def test_a_missed_appointment_is_recorded_and_frees_the_capacity(desk, at):
    desk.centre.set_service("arbitration", "staff", at("08:00"), daily_capacity=1)
    missed = book(desk, at("09:00", days=1), at("08:00"), "arbitration")
    assert desk.tickets.issue_ticket("arbitration", None, at("09:00", days=1)).reason == "day_full"
    assert isinstance(desk.tickets.issue_ticket("arbitration", None, at("09:46", days=1)), Placed)
    with desk.store.transaction(write=False) as tx:
        assert tx.appointment(missed.code).status == MISSED


def test_an_appointment_check_in_is_served_before_ordinary_tickets_and_is_stored(desk, at):
    desk.centre.set_counter("2", ("notarisation",), True, "staff", at("08:00"))
    booked = book(desk, at("10:00", days=1), at("09:00"))
    ordinary = desk.tickets.issue_ticket("notarisation", None, at("09:40", days=1)).ticket
    placed = desk.appointments.check_in(booked.code, at("09:45", days=1))
    checked = placed.ticket
    assert placed.ahead == 0  # an appointment goes before the ordinary ticket already waiting
    assert desk.tickets.call_next("2", at("09:50", days=1)).label == checked.label
    desk.tickets.done("2", at("09:55", days=1))
    assert desk.tickets.call_next("2", at("09:56", days=1)).label == ordinary.label
    with desk.store.transaction(write=False) as tx:
        stored = tx.appointment(booked.code)
    assert stored.status == CHECKED_IN and stored.ticket_id == checked.id
    assert stored.checked_in_at == at("09:45", days=1)
    assert stored.window_end - stored.window_start == timedelta(minutes=30)


def test_check_in_before_opening_is_allowed_inside_the_early_margin(desk, at):
    booked = book(desk, at("09:00", days=1), at("10:00"))
    assert isinstance(desk.appointments.check_in(booked.code, at("08:35", days=1)), Placed)
