"""Taking a number, checking in and booking, one call each, over a real SQLite store."""

from __future__ import annotations

from datetime import date

import pytest
from queue_helpers import moment

from kiosk.queue import Refusal
from kiosk.queue.model import QR_PREFIX
from kiosk.visitor import QUEUE, queueing
from kiosk.visitor.queueing import Issued

MONDAY_MORNING = moment("09:30")


def service(services, code: str):
    return next(s for s in services.centre.services() if s.code == code)


def test_a_number_comes_with_the_people_ahead_and_a_signed_qr(services):
    consultation = service(services, "consultation")
    first = queueing.take_number(services, consultation, None, "press-1", MONDAY_MORNING)
    second = queueing.take_number(services, consultation, None, "press-2", MONDAY_MORNING)
    assert isinstance(first, Issued) and isinstance(second, Issued)
    assert (first.ahead, second.ahead) == (0, 1)
    assert second.service == consultation and second.ticket.service == "consultation"
    checked = services.signer.verify(second.qr_payload, MONDAY_MORNING)
    assert checked.valid and checked.ticket.number == second.ticket.label


def test_a_retried_press_issues_nothing_twice(services):
    consultation = service(services, "consultation")
    first = queueing.take_number(services, consultation, None, "press-1", MONDAY_MORNING)
    again = queueing.take_number(services, consultation, None, "press-1", MONDAY_MORNING)
    assert again.ticket.id == first.ticket.id
    assert len(services.tickets.tickets_of_day(MONDAY_MORNING.date())) == 1


def test_a_full_service_refuses_and_the_refusal_can_be_counted(services):
    services.centre.set_service("notarisation", "test", MONDAY_MORNING, daily_capacity=0)
    refused = queueing.take_number(services, service(services, "notarisation"), None, "press-1", MONDAY_MORNING)
    assert isinstance(refused, Refusal) and refused.reason == "day_full"
    queueing.count_refusal(services, refused, MONDAY_MORNING)
    with services.tickets.store.transaction(write=False) as tx:
        assert tx.refusal_counts("2026-11-30", "2026-11-30")


def test_an_appointment_is_booked_on_an_open_day_and_checked_in_for_a_ticket(services):
    booked_on = moment("09:30", days=-3)  # the Friday before
    days = queueing.open_days(services, "mediation", 7, booked_on)
    assert days and all(day > booked_on.date() for day in days)
    assert date(2026, 11, 30) in days
    slots = queueing.free_slots(services, "mediation", date(2026, 11, 30), booked_on)
    window = next(slot for slot in slots if slot.start.hour == 9)
    appointment = queueing.book(services, "mediation", window.start, booked_on)
    assert not isinstance(appointment, Refusal)
    issued = queueing.check_in(services, QR_PREFIX + appointment.code, window.start)
    assert isinstance(issued, Issued)
    assert issued.service.code == "mediation" and issued.ticket.priority is not None and issued.ahead == 0
    assert services.signer.verify(issued.qr_payload, window.start).valid


def test_a_wrong_code_is_refused_at_check_in(services):
    assert isinstance(queueing.check_in(services, "000000", MONDAY_MORNING), Refusal)


def test_only_services_taking_bookings_are_offered(services):
    services.centre.set_service("notarisation", "test", MONDAY_MORNING, enabled=False)
    codes = [s.code for s in queueing.bookable_services(services)]
    assert "notarisation" not in codes and "mediation" in codes


def test_issuing_resumes_with_the_same_services_or_opens_them(services, runtime):
    assert queueing.resume_issuing(services, runtime) is services
    opened = queueing.resume_issuing(None, runtime)
    try:
        assert opened is not services and opened.centre.services()
    finally:
        opened.close()


@pytest.mark.parametrize("use_case", [queueing.take_number, queueing.check_in, queueing.book, queueing.open_days,
                                      queueing.resume_issuing])
def test_queue_use_cases_run_on_the_queue_worker(use_case):
    assert use_case.runs_on == QUEUE


@pytest.mark.parametrize(("language", "day", "service_name"), [("zh_CN", "12月1日 周二", "公证"),
                                                                ("en", "Tue 1 Dec", "Notarisation")])
def test_a_booking_prints_its_slip_worded_as_the_screen(services, runtime, tmp_path, language, day, service_name):
    from kiosk.foundation.config import PrinterSettings
    from kiosk.printing import booking_bytes, open_printer
    from kiosk.visitor.printouts import booking_printout, print_booking

    notarisation = service(services, "notarisation")
    slot = queueing.free_slots(services, "notarisation", date(2026, 12, 1), MONDAY_MORNING)[0]
    booked = queueing.book(services, "notarisation", slot.start, MONDAY_MORNING)
    paper = booking_printout(booked, notarisation, runtime.settings, language)
    assert (paper.code, paper.day, paper.window, paper.qr_payload) == (
        booked.code, day, f"{slot.start:%H:%M}-{slot.end:%H:%M}", QR_PREFIX + booked.code)
    assert paper.service.startswith(service_name)

    device = tmp_path / "lp0"
    device.write_bytes(b"")
    result = print_booking(open_printer(PrinterSettings(kind="file", device=str(device))), paper)
    assert result.printed and device.read_bytes() == booking_bytes(paper, 80)
def test_a_full_day_offers_the_next_free_slot_and_booking_it_gives_a_code(services):
    services.centre.set_service("notarisation", "test", MONDAY_MORNING, daily_capacity=1)
    queueing.take_number(services, service(services, "notarisation"), None, "press-1", MONDAY_MORNING)
    refused = queueing.take_number(services, service(services, "notarisation"), None, "press-2", MONDAY_MORNING)
    assert isinstance(refused, Refusal) and refused.reason == "day_full"

    slot = queueing.next_free_slot(services, "notarisation", 7, MONDAY_MORNING)

    assert slot is not None and slot.start.date() == date(2026, 12, 1), "today is full: tomorrow's first window"
    assert (slot.start.hour, slot.start.minute) == (9, 0) and slot.left > 0
    booked = queueing.book(services, "notarisation", slot.start, MONDAY_MORNING)
    assert not isinstance(booked, Refusal) and booked.window_start == slot.start and booked.code


def test_no_free_slot_when_nothing_can_be_booked(services):
    services.centre.set_service("notarisation", "test", MONDAY_MORNING, daily_capacity=0)
    assert queueing.next_free_slot(services, "notarisation", 7, MONDAY_MORNING) is None
    assert queueing.next_free_slot.runs_on == QUEUE


def test_a_service_chosen_before_the_health_check_is_found_by_its_code_or_its_guide(services):
    services.centre.set_service("mediation", "test", MONDAY_MORNING, materials_key="mediation_guide")
    overviews = queueing.service_choice(services, MONDAY_MORNING)
    assert queueing.chosen_before(overviews, "legal_aid").service.code == "legal_aid"
    assert queueing.chosen_before(overviews, "mediation_guide").service.code == "mediation"
    assert queueing.chosen_before(overviews, "") is None and queueing.chosen_before(overviews, "tax") is None
