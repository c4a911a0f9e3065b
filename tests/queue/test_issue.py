"""Issuing tickets: numbering, hours and overrides, the last ticket, capacity, the hall, refusals."""

from datetime import timedelta

import pytest

from kiosk.queue import Placed, QueueError, Refusal, Ticket
from kiosk.queue.model import DEFERRED, EXPIRED, REFUSAL_REASONS, WAITING, refusal


def issue(desk, now, service="consultation", priority=None) -> Ticket:
    placed = desk.tickets.issue_ticket(service, priority, now)
    assert isinstance(placed, Placed), placed
    return placed.ticket


def test_numbers_run_per_service_and_day(desk, at):
    labels = [issue(desk, at("09:00"), code).label for code in
              ("consultation", "consultation", "notarisation", "legal_aid", "consultation")]
    assert labels == ["A001", "A002", "B001", "C001", "A003"]
    assert issue(desk, at("09:00"), "mediation").label == "F001"


def test_a_new_day_numbers_again_and_yesterdays_unfinished_tickets_expire(desk, at):
    first = issue(desk, at("16:00"))
    issue(desk, at("16:01"))
    tomorrow = issue(desk, at("09:05", days=1))
    assert tomorrow.label == "A001" and tomorrow.day == "2026-12-01"
    yesterday = desk.tickets.tickets_of_day(first.issued_at.date())
    assert {t.status for t in yesterday} == {EXPIRED}
    assert all(t.spot is None and t.finished_at == at("09:05", days=1) for t in yesterday)


def test_midnight_in_the_centres_zone_not_utc_starts_the_day(make_desk, at):
    desk = make_desk(hours={"mon": ((at("00:00").time(), at("23:59").time()),),
                            "tue": ((at("00:00").time(), at("23:59").time()),)})
    before = issue(desk, at("23:45"))
    after = issue(desk, at("00:01", days=1))
    assert (before.day, after.day) == ("2026-11-30", "2026-12-01")
    assert after.label == "A001"


def test_closed_on_a_sunday_before_opening_and_after_closing_with_the_next_opening(desk, at):
    sunday = desk.tickets.issue_ticket("consultation", None, at("10:00", days=-1))
    assert isinstance(sunday, Refusal) and sunday.reason == "closed"
    assert sunday.next_opening == at("09:00")
    assert "09:00" in sunday.message and "09:00" in sunday.message_en
    assert desk.tickets.issue_ticket("consultation", None, at("08:59")).reason == "closed"
    evening = desk.tickets.issue_ticket("consultation", None, at("17:00"))
    assert evening.reason == "closed" and evening.next_opening == at("09:00", days=1)
    assert isinstance(desk.tickets.issue_ticket("consultation", None, at("12:30")), Placed)  # lunch: numbers for 13:30


def test_date_overrides_close_a_weekday_open_a_saturday_and_shorten_a_day(desk, at):
    desk.centre.set_hours("2026-11-30", "closed", "staff", at("08:00"))
    assert desk.tickets.issue_ticket("consultation", None, at("10:00")).reason == "closed"
    desk.centre.set_hours("2026-12-05", "09:00-12:00", "staff", at("08:00"))
    assert isinstance(desk.tickets.issue_ticket("consultation", None, at("10:00", days=5)), Placed)
    desk.centre.set_hours("2026-12-01", "09:00-11:00", "staff", at("08:00"))
    assert desk.tickets.issue_ticket("consultation", None, at("11:00", days=1)).reason == "closed"
    desk.centre.set_hours("2026-11-30", None, "staff", at("08:00"))
    assert isinstance(desk.tickets.issue_ticket("consultation", None, at("10:00")), Placed)
    today = desk.centre.today_hours(at("10:00", days=1))
    assert today.override and today.sessions_text == "09:00-11:00"


def test_the_last_ticket_is_the_one_called_before_the_end_minus_the_margin(make_desk, at):
    desk = make_desk(queue={"last_ticket_margin_minutes": 10})
    desk.centre.set_service("consultation", "staff", at("08:00"), visit_minutes=10)
    # 16:20: with n people ahead the call is at 16:20 + 10n; allowed while <= 16:50.
    issued = [desk.tickets.issue_ticket("consultation", None, at("16:20")) for _ in range(5)]
    assert [p.ticket.label for p in issued[:4]] == ["A001", "A002", "A003", "A004"]
    assert issued[3].ticket.expected_call == at("16:50")
    assert issued[4].reason == "after_last_ticket"
    assert issued[4].suggestions == ("appointment", "remote_channels")
    assert "下班" in issued[4].message
    # Another service's queue is its own.
    assert isinstance(desk.tickets.issue_ticket("notarisation", None, at("16:20")), Placed)


def test_day_full_and_disabled_services_are_refused_with_suggestions(desk, at):
    desk.centre.set_service("arbitration", "staff", at("08:00"), daily_capacity=2)
    issue(desk, at("09:00"), "arbitration")
    issue(desk, at("09:00"), "arbitration")
    full = desk.tickets.issue_ticket("arbitration", None, at("09:01"))
    assert full.reason == "day_full" and "仲裁" in full.message and "Arbitration" in full.message_en
    assert "appointment" in full.suggestions
    desk.centre.set_service("appraisal", "staff", at("08:00"), enabled=False)
    disabled = desk.tickets.issue_ticket("appraisal", None, at("09:01"))
    assert disabled.reason == "service_disabled" and "remote_channels" in disabled.suggestions
    overview = {o.service.code: o for o in desk.tickets.services_overview(at("09:02"))}
    assert overview["arbitration"].capacity_left == 0 and not overview["arbitration"].open
    assert overview["appraisal"].refusal.reason == "service_disabled"
    assert overview["consultation"].open and overview["consultation"].service.materials_key == "consultation"


def test_unknown_services_and_priorities_are_errors_not_refusals(desk, at):
    with pytest.raises(QueueError, match="unknown service"):
        desk.tickets.issue_ticket("divorce", None, at("09:00"))
    with pytest.raises(QueueError, match="unknown priority"):
        desk.tickets.issue_ticket("consultation", "vip", at("09:00"))
    with pytest.raises(ValueError, match="aware"):
        desk.tickets.issue_ticket("consultation", None, at("09:00").replace(tzinfo=None))


def test_a_full_hall_defers_with_a_return_time_and_invites_in_order_when_spots_free(make_desk, at):
    desk = make_desk(hall={"rows": 1, "columns": 2, "pitch_m": 1.0, "spacing_m": 1.0})
    desk.centre.set_counter("1", ("consultation",), True, "staff", at("08:00"))
    first, second = issue(desk, at("09:00")), issue(desk, at("09:00"))
    assert {first.spot, second.spot} == {1, 2}
    third, fourth = issue(desk, at("09:01")), issue(desk, at("09:02"))
    assert third.status == DEFERRED and third.spot is None
    assert at("09:01") < third.return_time <= fourth.return_time
    assert third.return_time.second == 0
    assert desk.tickets.hall_status(at("09:03")).deferred == 2
    # Deferred tickets are not called while outside; calling frees a spot and invites the first deferred.
    assert desk.tickets.call_next("1", at("09:05")).label == first.label
    assert desk.tickets.ticket(third.label, at("09:05")).status == WAITING
    assert desk.tickets.ticket(third.label, at("09:05")).spot == first.spot
    assert desk.tickets.ticket(fourth.label, at("09:05")).status == DEFERRED


def test_spacing_leaves_spots_empty_and_staff_can_take_a_spot_out_of_use(make_desk, at):
    desk = make_desk(hall={"rows": 1, "columns": 5, "pitch_m": 0.5, "spacing_m": 1.0})
    assert desk.tickets.hall_status(at("09:00")).usable_spots == 3
    assert [issue(desk, at("09:00")).spot for _ in range(3)] == [1, 3, 5]
    assert issue(desk, at("09:00")).status == DEFERRED
    desk.centre.set_spot_in_use(3, False, "staff", at("09:01"))
    status = desk.tickets.hall_status(at("09:01"))
    assert (status.in_use_spots, status.occupied_spots) == (4, 3)
    assert desk.staff_log.audit(1)[0].what == "spot:3"


def test_expected_wait_learns_visit_lengths_from_finished_tickets(desk, at):
    desk.centre.set_counter("1", ("consultation",), True, "staff", at("08:00"))
    for start in ("09:00", "09:10"):
        issue(desk, at(start))
        desk.tickets.call_next("1", at(start))
        desk.tickets.done("1", at(start) + timedelta(minutes=5))
    issue(desk, at("09:20"))
    issue(desk, at("09:20"))
    overview = {o.service.code: o for o in desk.tickets.services_overview(at("09:20"))}
    assert overview["consultation"].expected_wait_minutes == pytest.approx(10)  # 2 ahead x 5 min learned
    assert overview["notarisation"].expected_wait_minutes == 0
    desk.centre.set_counter("2", ("consultation",), True, "staff", at("09:20"))
    third = issue(desk, at("09:20"))
    assert third.ahead == 2 and third.expected_call == at("09:25")  # 2 ahead x 5 min over 2 counters


def test_learning_can_be_switched_off(make_desk, at):
    desk = make_desk(queue={"learned_visits": 0})
    desk.centre.set_counter("1", ("consultation",), True, "staff", at("08:00"))
    issue(desk, at("09:00"))
    desk.tickets.call_next("1", at("09:00"))
    desk.tickets.done("1", at("09:01"))
    issue(desk, at("09:02"))
    assert issue(desk, at("09:02")).expected_call == at("09:17")  # configured 15 min



def test_the_hall_follows_a_changed_layout_and_keeps_staffs_choices(make_desk, at):
    first = make_desk(hall={"rows": 1, "columns": 4})
    first.centre.set_spot_in_use(2, False, "staff", at("08:00"))
    assert first.tickets.hall_status(at("08:00")).in_use_spots == 3
    status = make_desk(hall={"rows": 1, "columns": 3}).tickets.hall_status(at("08:00"))
    assert (status.in_use_spots, status.usable_spots) == (2, 2)  # spot 2 still out, spot 4 retired
    moved = make_desk(hall={"rows": 1, "columns": 3, "pitch_m": 2.0})
    assert moved.tickets.hall_status(at("08:00")).in_use_spots == 3  # every place moved: all back in use


def test_every_refusal_speaks_both_languages():
    for reason in REFUSAL_REASONS:
        said = refusal(reason, window="10:00-10:30", from_time="09:30")
        assert said.reason == reason and said.message and said.message_en
        assert "{" not in said.message + said.message_en


def test_a_retried_request_gets_the_same_ticket_not_a_second(desk):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    now = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    first = desk.tickets.issue_ticket("consultation", None, now, request_id="press-1").ticket
    again = desk.tickets.issue_ticket("consultation", None, now, request_id="press-1").ticket
    other = desk.tickets.issue_ticket("consultation", None, now, request_id="press-2").ticket
    assert again.label == first.label == "A001" and again.id == first.id
    assert other.label == "A002"


def test_an_issued_ticket_comes_with_the_people_ahead_of_it_read_in_the_same_transaction(desk, at):
    for service, priority in (("consultation", None), ("consultation", "elderly"), ("notarisation", None),
                              ("consultation", None), ("consultation", "pregnant")):
        placed = desk.tickets.issue_ticket(service, priority, at("09:00"))
        assert isinstance(placed, Placed)
        assert placed.ahead == desk.tickets.people_ahead(placed.ticket, at("09:00")) == placed.ticket.ahead
    assert placed.ahead == 1  # the second priority ticket waits behind the first one only
