"""The counter's hand-off to the platforms, the overdue list, the rating tablet's question and rating by the
ticket's QR: one call each, over real SQLite stores."""

from __future__ import annotations

from datetime import timedelta

from queue_helpers import moment

from kiosk.printing.signing import SignedTicket, TicketSigner
from kiosk.visitor import QUEUE
from kiosk.visitor import workorders as wo
from kiosk.visitor.counter import hand_off
from kiosk.visitor.printouts import signed_qr
from kiosk.workorders import WorkOrder, WorkOrderError

MONDAY_MORNING = moment("09:30")
PHONE = "13912345678"


def finished(services, counter: str, at):
    services.centre.set_counter(counter, ("consultation",), True, "staff", moment("08:00"))
    services.tickets.issue_ticket("consultation", None, at)
    services.tickets.call_next(counter, at)
    return services.tickets.done(counter, at)


def test_a_number_is_taken_at_the_counter_only_after_the_visitors_consent(services, runtime):
    refused = hand_off(services, "3", "callback", "labour", "urgent", PHONE, False, MONDAY_MORNING)
    assert isinstance(refused, WorkOrderError) and refused.code == "consent_needed"
    assert "取得同意" in refused.message("zh_CN") and services.workorders.orders() == []
    made = hand_off(services, "3", "callback", "labour", "urgent", PHONE, True, MONDAY_MORNING)
    assert isinstance(made, WorkOrder)
    assert (made.channel, made.counter, made.phone_masked, made.urgency) == ("counter", "3", "139****5678", "urgent")
    bad = hand_off(services, "3", "online", "family", "normal", "123", True, MONDAY_MORNING)
    assert isinstance(bad, WorkOrderError) and bad.code == "bad_phone"
    for path in runtime.data_dir.rglob("*"):
        if path.is_file():
            assert PHONE.encode() not in path.read_bytes(), path


def test_without_a_number_the_order_is_followed_up_through_the_counter(services):
    made = hand_off(services, "3", "online", "family", "normal", "", False, MONDAY_MORNING)
    assert isinstance(made, WorkOrder) and made.phone_masked is None and made.counter == "3"
    # Only a counter may hand on a matter without a number: the kiosk's visitor must leave one.
    refused = wo.request_contact(services, "online", "family", "normal", "", MONDAY_MORNING)
    assert isinstance(refused, WorkOrderError) and refused.code == "bad_phone"


def test_overdue_orders_are_listed_in_words_longest_overdue_first(services):
    zone = MONDAY_MORNING.tzinfo
    old = services.workorders.create("home_visit", "family", PHONE, MONDAY_MORNING - timedelta(days=14))
    older = hand_off(services, "2", "callback", "labour", "urgent", "", False,
                     MONDAY_MORNING - timedelta(days=21))
    services.workorders.create("callback", "labour", PHONE, MONDAY_MORNING)  # not due yet
    overdue = wo.overdue_orders(services, MONDAY_MORNING)
    assert [o.id for o in overdue] == [older.id, old.id]
    zh = wo.order_line(old, MONDAY_MORNING, "zh_CN", zone)
    assert zh == (f"{old.id}号 · 上门服务 · 婚姻家庭 · 一般\n"
                  "应于 11月23日 周一 17:00 前办理，已逾期6天 · 139****5678 · 来自现场自助终端")
    en = wo.order_line(older, MONDAY_MORNING, "en", zone)
    assert en == (f"No. {older.id} · hotline call-back · work and wages · urgent\n"
                  "due Tue 10 Nov 17:00, 19 days overdue · no number · from counter 2")
    late_today = services.workorders.create("callback", "labour", PHONE, moment("09:00", days=-1))
    assert wo.overdue_by(late_today, moment("20:30"), "en") == "3 h"
    assert wo.overdue_by(late_today, moment("20:30"), "zh_CN") == "3小时"


def test_the_tablet_asks_about_its_own_counters_visit_just_finished_once(services):
    first = finished(services, "2", MONDAY_MORNING)
    finished(services, "5", MONDAY_MORNING + timedelta(minutes=1))  # another counter's visit
    assert wo.awaiting_rating(services, "2", frozenset(), MONDAY_MORNING + timedelta(minutes=2)) == first
    assert wo.awaiting_rating(services, "2", frozenset({first.id}), MONDAY_MORNING) is None, "left unrated"
    late = MONDAY_MORNING + timedelta(minutes=wo.RECENT_MINUTES, seconds=1)
    assert wo.awaiting_rating(services, "2", frozenset(), late) is None, "a visit long over"
    wo.rate_service(services, first.label, 5, (), MONDAY_MORNING)
    assert wo.awaiting_rating(services, "2", frozenset(), MONDAY_MORNING) is None, "rated already"


def test_the_ticket_qr_taken_away_names_the_ticket_to_rate_even_a_day_later(services):
    ticket = finished(services, "2", MONDAY_MORNING)
    code = signed_qr(services.signer, ticket)
    rated = wo.rate_service(services, code, 2, ("not_solved",), moment("10:00", days=1))
    assert rated.ticket_label == ticket.label and rated.order_key
    again = wo.rate_service(services, code, 5, (), moment("10:00", days=1))
    assert isinstance(again, WorkOrderError) and again.code == "already_rated"


def test_a_forged_or_foreign_ticket_qr_is_refused(services):
    ticket = finished(services, "2", MONDAY_MORNING)
    code = signed_qr(services.signer, ticket)
    forged = code[:-3] + ("AAA" if not code.endswith("AAA") else "BBB")
    refused = wo.rate_service(services, forged, 5, (), MONDAY_MORNING)
    assert isinstance(refused, WorkOrderError) and refused.code == "bad_qr" and "校验失败" in refused.zh
    # Signed with this centre's secret but for a ticket this store never issued (another nonce).
    other = SignedTicket(ticket.id, MONDAY_MORNING.date(), ticket.label, None, "someoneelse")
    foreign = wo.rate_service(services, services.signer.sign(other), 5, (), MONDAY_MORNING)
    assert isinstance(foreign, WorkOrderError) and "records hold no such ticket" in foreign.en
    stranger = TicketSigner(b"x" * 32).sign(SignedTicket(ticket.id, MONDAY_MORNING.date(), ticket.label))
    assert wo.rate_service(services, stranger, 5, (), MONDAY_MORNING).code == "bad_qr"
    assert services.workorders.ratings() == []


def test_the_new_use_cases_run_on_the_queue_worker():
    for use_case in (hand_off, wo.overdue_orders, wo.awaiting_rating):
        assert use_case.runs_on == QUEUE
