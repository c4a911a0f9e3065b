"""The work-order core on SQLite and PostgreSQL: creation with its outbox row, states, deadlines, ratings,
retention, and the phone number's encryption."""

from __future__ import annotations

import multiprocessing
import stat
from dataclasses import replace
from datetime import timedelta

import pytest
from workorder_helpers import PHONE, moment

from kiosk.queue.model import DONE, SERVING, Ticket
from kiosk.workorders import WorkOrderError, deadline_for
from kiosk.workorders.model import consent_notice, mask_phone, normalise_phone
from kiosk.workorders.vault import VaultError, load_or_create_key


def test_an_order_is_stored_with_its_outbox_row_and_the_phone_only_encrypted(desk, at):
    order = desk.create("callback", "labour", "139 1234 5678", at("10:00"), channel="kiosk")
    with desk.store.transaction(write=False) as tx:
        token = tx.phone_token(order.id)
        assert tx.delivery_counts() == {"pending": 1}
    assert PHONE.encode() not in token
    assert desk.vault.open(token) == PHONE
    assert desk.get(order.key).phone_masked == "139****5678" == desk.get(str(order.id)).phone_masked
    assert order.as_json(at("10:00"))["phone"] == "139****5678"


def test_a_failed_create_leaves_neither_order_nor_outbox_row(desk, at, monkeypatch):
    def broken(*args):
        raise RuntimeError("disk full")

    with desk.store.transaction() as tx:
        monkeypatch.setattr(type(tx), "_event", broken)
    with pytest.raises(RuntimeError):
        desk.create("online", "family", PHONE, at("10:00"))
    monkeypatch.undo()
    with desk.store.transaction(write=False) as tx:
        assert tx.orders() == [] and tx.delivery_counts() == {}


@pytest.mark.parametrize("raw", ["12345", "2391234567", "1391234567a", "", "139123456789"])
def test_numbers_that_cannot_be_called_are_refused_in_both_languages(desk, at, raw):
    with pytest.raises(WorkOrderError) as caught:
        desk.create("callback", "labour", raw, at("10:00"))
    assert caught.value.code == "bad_phone" and "手机号码" in caught.value.zh


def test_masks_and_landlines():
    assert mask_phone("13800138000") == "138****8000"
    assert normalise_phone("010-8888 6666") == "01088886666"
    assert mask_phone("01088886666") == "010****6666"


def test_bad_kind_topic_and_note_code_are_refused(desk, at):
    for kind, topic, note, code in (("rectification", "labour", None, "bad_kind"),
                                    ("callback", "a sentence with spaces", None, "bad_topic"),
                                    ("callback", "labour", "name: Zhang San", "bad_note_code")):
        with pytest.raises(WorkOrderError) as caught:
            desk.create(kind, topic, PHONE, at("10:00"), note_code=note)
        assert caught.value.code == code


def test_states_move_forward_with_who_and_when_and_close_once(desk, at):
    order = desk.create("home_visit", "elderly", PHONE, at("10:00"))
    desk.update(order.key, "accepted", at("10:05"), "staff-1")
    with pytest.raises(WorkOrderError):
        desk.update(order.key, "new", at("10:06"), "staff-1")
    desk.update(order.key, "in_progress", at("11:00"), "platform")
    done = desk.update(str(order.id), "done", at("15:00"), "platform")
    assert done.closed and done.closed_at == at("15:00")
    with pytest.raises(WorkOrderError) as caught:
        desk.update(order.key, "cancelled", at("15:01"), "staff-1")
    assert caught.value.code == "closed"
    _, steps = desk.show(order.key)
    assert [(s.old, s.new, s.who, s.at) for s in steps] == [
        (None, "new", "kiosk", at("10:00")), ("new", "accepted", "staff-1", at("10:05")),
        ("accepted", "in_progress", "platform", at("11:00")), ("in_progress", "done", "platform", at("15:00"))]
    assert desk.update(order.key, "done", at("16:00"), "platform") == desk.get(order.key)  # a repeat is no step


def test_deadlines_count_working_days_and_holiday_overrides(at):
    week = {day: "09:00-12:00, 13:30-17:00" for day in ("mon", "tue", "wed", "thu", "fri")}
    week.update(sat="closed", sun="closed")
    friday = at("16:00", days=4)
    assert deadline_for(friday, 1, week) == at("17:00", days=7)  # the next Monday's closing time
    assert deadline_for(friday, 1, {**week, "2026-12-07": "closed"}) == at("17:00", days=8)
    assert deadline_for(at("10:00"), 3, {**week, "2026-12-02": "09:00-12:00"}) == at("17:00", days=3)
    assert deadline_for(at("10:00"), 2, dict.fromkeys(week, "closed")) == at("17:00", days=2)


def test_urgent_orders_are_due_sooner_and_overdue_ones_are_listed(desk, at):
    calm = desk.create("home_visit", "elderly", PHONE, at("10:00"))
    urgent = desk.create("home_visit", "elderly", PHONE, at("10:00"), urgency="urgent")
    assert calm.deadline == at("17:00", days=7) and urgent.deadline == at("17:00", days=1)
    done = desk.create("callback", "labour", PHONE, at("10:00"))
    desk.update(done.key, "done", at("11:00"), "staff")
    assert desk.overdue(at("16:59", days=1)) == []
    assert [o.key for o in desk.overdue(at("17:01", days=1))] == [urgent.key]
    assert desk.get(urgent.key).overdue(at("17:01", days=1))


def test_phone_numbers_are_erased_after_the_retention_period(make_desk, at):
    desk = make_desk(retention_days=30)
    closed = desk.create("callback", "labour", PHONE, at("10:00"))
    still_open = desk.create("callback", "labour", PHONE, at("10:00"))
    desk.update(closed.key, "done", at("11:00"), "staff")
    assert desk.erase_expired(at("10:59", days=30)) == []
    assert desk.erase_expired(at("11:01", days=30)) == [closed.key]
    with desk.store.transaction(write=False) as tx:
        assert tx.phone_token(closed.id) is None and tx.phone_token(still_open.id) is not None
    assert desk.get(closed.key).phone_masked is None


def _ticket(status: str = DONE, label: str = "A012", ticket_id: int = 12) -> Ticket:


    return Ticket(day="2026-11-30", service="consultation", issued_service="consultation", number=12, label=label,
                  status=status, issued_at=moment("09:00"), counter="3", id=ticket_id)


def test_a_ticket_is_rated_once_and_a_bad_rating_opens_a_rectification_order(desk, at):
    good = desk.rate(_ticket(), 5, ["long_wait"], at("10:00"))
    assert good.reasons == () and good.order_key is None
    with pytest.raises(WorkOrderError) as caught:
        desk.rate(_ticket(), 1, ["attitude"], at("10:01"))
    assert caught.value.code == "already_rated"
    bad = desk.rate(_ticket(label="A013", ticket_id=13), 2, ["long_wait", "unclear"], at("10:02"))
    order = desk.get(bad.order_key)
    assert (order.kind, order.channel, order.ticket_id, order.counter, order.phone_masked) == (
        "rectification", "rating", 13, "3", None)
    assert order.deadline == at("17:00", days=7)  # five working days: Tuesday to the next Monday
    assert [r.ticket_label for r in desk.ratings()] == ["A013", "A012"]


@pytest.mark.parametrize(("level", "reasons", "status", "code"), [
    (2, [], DONE, "reason_needed"), (0, [], DONE, "bad_level"), (1, ["rude words"], DONE, "bad_reason"),
    (4, [], SERVING, "not_done")])
def test_ratings_that_cannot_be_taken(desk, at, level, reasons, status, code):
    with pytest.raises(WorkOrderError) as caught:
        desk.rate(_ticket(status), level, reasons, at("10:00"))
    assert caught.value.code == code
    assert desk.ratings() == []


def _make_key(path, barrier) -> None:
    barrier.wait()
    key = load_or_create_key(path).decode()
    with open(f"{path}.{multiprocessing.current_process().pid}", "w") as out:
        out.write(key)


def test_two_processes_starting_together_share_one_0600_key(tmp_path):
    path = tmp_path / "shared" / "workorder-phone.key"
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(4)
    workers = [context.Process(target=_make_key, args=(path, barrier)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(10)
    keys = {p.read_text().strip() for p in path.parent.glob("workorder-phone.key.*")}
    assert len(keys) == 1 and keys == {path.read_text().strip()}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(path.parent.glob(".workorder-key-*"))


def test_a_key_readable_by_others_or_not_a_key_is_refused(tmp_path):
    path = tmp_path / "workorder-phone.key"
    load_or_create_key(path)
    path.chmod(0o644)
    with pytest.raises(VaultError, match="chmod 600"):
        load_or_create_key(path)
    path.write_text("not a key\n")
    path.chmod(0o600)
    with pytest.raises(VaultError, match="not a Fernet key"):
        load_or_create_key(path)


def test_another_centres_key_does_not_open_the_number(desk, tmp_path, at):
    from kiosk.workorders import PhoneVault

    order = desk.create("callback", "labour", PHONE, at("10:00"))
    with desk.store.transaction(write=False) as tx:
        token = tx.phone_token(order.id)
    with pytest.raises(VaultError):
        PhoneVault.at(tmp_path / "other.key").open(token)


def test_orders_between_reads_a_period(desk, at):
    first = desk.create("online", "family", PHONE, at("10:00"))
    desk.create("online", "family", PHONE, at("10:00", days=1))
    with desk.store.transaction(write=False) as tx:
        found = tx.orders_between(at("00:00"), at("00:00", days=1))
    assert [o.key for o in found] == [first.key]
    assert replace(found[0], delivery="pending") == found[0]
    assert found[0].created_at + timedelta(0) == at("10:00")


def test_the_counter_tablet_offers_the_counters_latest_finished_ticket_until_it_is_rated(desk, at):
    first = replace(_ticket(label="A001", ticket_id=1), finished_at=at("09:10"))
    latest = replace(_ticket(label="A002", ticket_id=2), finished_at=at("09:30"))
    elsewhere = replace(_ticket(label="A003", ticket_id=3), counter="4", finished_at=at("09:40"))
    serving = replace(_ticket(SERVING, label="A004", ticket_id=4), counter="3")
    tickets = [first, latest, elsewhere, serving]
    assert desk.unrated_at_counter(tickets, "3") == latest
    desk.rate(latest, 4, [], at("09:31"))
    assert desk.unrated_at_counter(tickets, "3") is None
    assert desk.unrated_at_counter(tickets, "9") is None


def test_the_consent_notice_says_what_the_number_is_for_and_when_it_goes():
    zh, en = consent_notice(30)
    assert "30天后自动删除" in zh and "加密" in zh and "deleted 30 days" in en
