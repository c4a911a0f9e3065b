"""Counters: call next with the priority bound, recall, no-show, serve, done, transfer, cancel."""

import pytest

from kiosk.queue import Placed, QueueError, Ticket
from kiosk.queue.model import CALLED, CANCELLED, DONE, NO_SHOW, SERVING, WAITING


def issue(desk, now, service="consultation", priority=None) -> Ticket:
    placed = desk.tickets.issue_ticket(service, priority, now)
    assert isinstance(placed, Placed), placed
    return placed.ticket


def finish(desk, counter, now) -> Ticket | None:
    called = desk.tickets.call_next(counter, now)
    if called is not None:
        desk.tickets.done(counter, now)
    return called


def test_priority_goes_first_but_never_more_than_n_in_a_row_while_ordinary_wait(make_desk, at):
    desk = make_desk(queue={"max_priority_in_row": 2})
    desk.centre.set_counter("1", ("consultation",), True, "staff", at("08:00"))
    ordinary = [issue(desk, at("09:00")) for _ in range(2)]
    priority = [issue(desk, at("09:01"), priority=kind) for kind in ("elderly", "disabled", "pregnant", "frontline")]
    order = [finish(desk, "1", at("09:10")).label for _ in range(6)]
    p, o = [t.label for t in priority], [t.label for t in ordinary]
    assert order == [p[0], p[1], o[0], p[2], p[3], o[1]]
    assert desk.tickets.call_next("1", at("09:20")) is None


def test_priority_runs_on_when_no_ordinary_ticket_waits(desk, at):
    desk.centre.set_counter("1", ("consultation",), True, "staff", at("08:00"))
    labels = [issue(desk, at("09:00"), priority="elderly").label for _ in range(5)]
    assert [finish(desk, "1", at("09:05")).label for _ in range(5)] == labels


def test_a_counter_calls_only_its_services_in_issue_order_across_them(desk, at):
    desk.centre.set_counter("1", ("notarisation", "legal_aid"), True, "staff", at("08:00"))
    issue(desk, at("09:00"), "consultation")
    b = issue(desk, at("09:01"), "notarisation")
    c = issue(desk, at("09:02"), "legal_aid")
    assert [finish(desk, "1", at("09:10")).label for _ in range(2)] == [b.label, c.label]
    assert desk.tickets.call_next("1", at("09:10")) is None


def test_recall_counts_and_becomes_a_no_show_after_the_configured_recalls(make_desk, at):
    desk = make_desk(queue={"recalls_before_no_show": 2})
    desk.centre.set_counter("1", ("consultation",), True, "staff", at("08:00"))
    issue(desk, at("09:00"))
    assert desk.tickets.call_next("1", at("09:01")).status == CALLED
    assert desk.tickets.recall("1", at("09:02")).recalls == 1
    assert desk.tickets.recall("1", at("09:03")).recalls == 2
    gone = desk.tickets.recall("1", at("09:04"))
    assert gone.status == NO_SHOW and gone.finished_at == at("09:04")
    recalls = [(entry.who, entry.what, entry.new) for entry in desk.staff_log.audit()
               if entry.what.startswith("recall")]
    assert recalls == [("counter 1", "recall:A001", "2"), ("counter 1", "recall:A001", "1")]
    with pytest.raises(QueueError, match="no ticket called"):
        desk.tickets.recall("1", at("09:05"))


def test_serve_done_and_no_show_by_hand_record_their_times(desk, at):
    desk.centre.set_counter("1", ("consultation",), True, "staff", at("08:00"))
    first, second = issue(desk, at("09:00")), issue(desk, at("09:00"))
    desk.tickets.call_next("1", at("09:01"))
    assert desk.tickets.serve("1", at("09:02")).status == SERVING
    done = desk.tickets.done("1", at("09:12"))
    assert (done.status, done.called_at, done.serving_at, done.finished_at) == (
        DONE, at("09:01"), at("09:02"), at("09:12"))
    desk.tickets.call_next("1", at("09:13"))
    assert desk.tickets.no_show("1", at("09:15")).label == second.label
    assert desk.tickets.ticket(first.label, at("10:00")).status == DONE


def test_a_busy_closed_or_unknown_counter_cannot_call(desk, at):
    issue(desk, at("09:00")), issue(desk, at("09:00"))
    with pytest.raises(QueueError, match="unknown counter"):
        desk.tickets.call_next("9", at("09:01"))
    desk.centre.set_counter("1", ("consultation",), False, "staff", at("08:00"))
    with pytest.raises(QueueError, match="closed"):
        desk.tickets.call_next("1", at("09:01"))
    desk.centre.set_counter("1", ("consultation",), True, "staff", at("08:00"))
    desk.tickets.call_next("1", at("09:01"))
    with pytest.raises(QueueError, match="still has A001"):
        desk.tickets.call_next("1", at("09:02"))
    with pytest.raises(QueueError, match="unknown service"):
        desk.centre.set_counter("2", ("divorce",), True, "staff", at("08:00"))


def test_a_transfer_keeps_the_number_and_its_place_in_the_new_queue(desk, at):
    desk.centre.set_counter("1", ("consultation",), True, "staff", at("08:00"))
    desk.centre.set_counter("4", ("arbitration",), True, "staff", at("08:00"))
    issue(desk, at("09:00"))
    later = issue(desk, at("09:05"), "arbitration")
    desk.tickets.call_next("1", at("09:10"))
    transferred = desk.tickets.transfer("1", "arbitration", at("09:20"))
    assert (transferred.label, transferred.service, transferred.issued_service) == ("A001", "arbitration",
                                                                                   "consultation")
    assert transferred.status == WAITING and transferred.counter is None and transferred.spot is not None
    sent = next(entry for entry in desk.staff_log.audit() if entry.what == "transfer:A001")
    assert (sent.who, sent.old, sent.new) == ("counter 1", '"consultation"', '"arbitration"')
    assert desk.tickets.call_next("1", at("09:21")) is None
    assert [finish(desk, "4", at("09:30")).label for _ in range(2)] == ["A001", later.label]
    # The consultation series goes on from A002; the transfer took no arbitration number.
    assert issue(desk, at("09:40")).label == "A002"
    assert issue(desk, at("09:40"), "arbitration").label == "D002"
    with pytest.raises(QueueError, match="no ticket called"):
        desk.tickets.transfer("1", "mediation", at("09:41"))


def test_transfer_to_the_same_service_is_refused(desk, at):
    desk.centre.set_counter("1", ("consultation",), True, "staff", at("08:00"))
    issue(desk, at("09:00"))
    desk.tickets.call_next("1", at("09:01"))
    with pytest.raises(QueueError, match="already in"):
        desk.tickets.transfer("1", "consultation", at("09:02"))


def test_cancel_frees_the_spot_and_only_open_tickets_can_be_cancelled(make_desk, at):
    desk = make_desk(hall={"rows": 1, "columns": 1})
    first, second = issue(desk, at("09:00")), issue(desk, at("09:00"))
    assert second.spot is None
    cancelled = desk.tickets.cancel(first.label.lower(), at("09:05"))
    assert cancelled.status == CANCELLED and cancelled.spot is None
    assert desk.tickets.ticket(second.label, at("09:05")).spot == first.spot
    with pytest.raises(QueueError, match="no open ticket"):
        desk.tickets.cancel(first.label, at("09:06"))
    assert desk.tickets.people_ahead(desk.tickets.ticket(second.label, at("09:06")), at("09:06")) == 0
