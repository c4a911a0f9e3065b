"""Asking to be contacted and rating the service, one call each, over real SQLite stores."""

from __future__ import annotations

from queue_helpers import moment

from kiosk.visitor import QUEUE
from kiosk.visitor import workorders as wo
from kiosk.workorders import WorkOrderError

MONDAY_MORNING = moment("09:30")


def test_a_call_back_is_stored_with_the_number_masked_and_encrypted(services, runtime):
    made = wo.request_contact(services, "callback", "labour", "urgent", "13800138000", MONDAY_MORNING)
    assert isinstance(made, wo.Requested)
    assert (made.order.kind, made.order.topic, made.order.urgency) == ("callback", "labour", "urgent")
    assert made.order.phone_masked == "138****8000"
    assert made.order.deadline > MONDAY_MORNING
    assert (made.kind_name("zh_CN"), made.matter_name("en")) == ("12348热线回电", "work and wages")
    zone = MONDAY_MORNING.tzinfo
    assert made.deadline_text("zh_CN", zone) == "12月1日 周二 17:00"
    assert made.deadline_text("en", zone) == "Tue 1 Dec 17:00"
    stored = services.workorders.get(made.order.key)
    assert stored.phone_masked == "138****8000" and stored.channel == "kiosk"
    for path in runtime.data_dir.rglob("*"):
        if path.is_file():
            assert b"13800138000" not in path.read_bytes(), path


def test_a_number_we_cannot_call_is_refused_in_the_visitors_language(services):
    assert wo.phone_problem("13800138000", "en") == ""
    assert wo.phone_problem("010-12345678", "zh_CN") == ""
    assert wo.phone_problem("12345", "zh_CN") == "请输入11位手机号码或带区号的固定电话。"
    assert "11-digit" in wo.phone_problem("1380013800", "en")
    refused = wo.request_contact(services, "callback", "labour", "normal", "12345", MONDAY_MORNING)
    assert isinstance(refused, WorkOrderError) and refused.code == "bad_phone"
    assert services.workorders.orders() == []


def test_the_consent_says_when_the_number_is_deleted():
    assert "30天后自动删除" in wo.consent(30, "zh_CN")
    assert "deleted 7 days after" in wo.consent(7, "en")


def finished_ticket(services, at):
    consultation = next(s for s in services.centre.services() if s.code == "consultation")
    services.centre.set_counter("1", ("consultation",), True, "staff", moment("08:00"))
    services.tickets.issue_ticket(consultation.code, None, at)
    called = services.tickets.call_next("1", at)
    return services.tickets.done("1", at) if called else None


def test_a_finished_ticket_is_rated_once_and_a_bad_rating_opens_a_rectification_order(services):
    ticket = finished_ticket(services, MONDAY_MORNING)
    rated = wo.rate_service(services, ticket.label.lower(), 2, ("long_wait",), MONDAY_MORNING)
    assert rated.level == 2 and rated.reasons == ("long_wait",) and rated.order_key
    assert services.workorders.get(rated.order_key).kind == "rectification"
    again = wo.rate_service(services, ticket.label, 5, (), MONDAY_MORNING)
    assert isinstance(again, WorkOrderError) and again.code == "already_rated"


def test_a_good_rating_keeps_no_reasons_and_opens_no_order(services):
    ticket = finished_ticket(services, MONDAY_MORNING)
    rated = wo.rate_service(services, ticket.label, 4, ("long_wait",), MONDAY_MORNING)
    assert rated.level == 4 and rated.reasons == () and rated.order_key is None
    assert services.workorders.orders() == []


def test_an_unknown_ticket_cannot_be_rated(services):
    refused = wo.rate_service(services, "Z999", 5, (), MONDAY_MORNING)
    assert isinstance(refused, WorkOrderError) and refused.message("en").startswith("There is no ticket")


def test_the_letters_are_those_of_the_enabled_services(services):
    letters = wo.ticket_letters(services)
    assert letters and all(len(letter) == 1 and letter.isalpha() for letter in letters)
    assert wo.stars(4) == "★★★★☆"


def test_the_use_cases_run_on_the_queue_worker():
    for use_case in (wo.request_contact, wo.rate_service, wo.ticket_letters):
        assert use_case.runs_on == QUEUE
