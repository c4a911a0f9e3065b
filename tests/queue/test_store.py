"""The store: schema versions, WAL, one transaction per change, audit, sharing between connections."""

import json
import sqlite3
from contextlib import closing

import pytest

from kiosk.queue import Placed, Queue, StoreError
from kiosk.queue.model import DEFAULT_SERVICES
from kiosk.queue.sqlite_store import SCHEMA_VERSION, SqliteQueueStore


def test_a_new_store_is_seeded_with_the_six_services_the_week_and_the_hall(desk, at):
    assert [s.code for s in desk.centre.services()] == [s.code for s in DEFAULT_SERVICES]
    assert [s.prefix for s in desk.centre.services()] == list("ABCDEF")
    table = desk.centre.hours_table()
    assert table["mon"] == "09:00-12:00, 13:30-17:00" and table["sun"] == "closed"
    assert desk.tickets.hall_status(at("09:00")).total_spots == 48


def test_the_file_is_wal_with_the_current_schema_version(tmp_path):
    SqliteQueueStore(tmp_path / "wal.db").close()
    connection = sqlite3.connect(tmp_path / "wal.db")
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    connection.close()


def test_a_file_from_a_newer_kiosk_or_not_a_database_is_refused_clearly(tmp_path):
    newer = tmp_path / "newer.db"
    connection = sqlite3.connect(newer)
    connection.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(StoreError, match="newer kiosk"):
        SqliteQueueStore(newer)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="cannot use the queue store"):
        SqliteQueueStore(junk)


def test_a_zero_length_file_is_refused_not_taken_for_a_new_store(tmp_path):
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()  # creates the file with 0 bytes
    with pytest.raises(StoreError, match="empty"):
        SqliteQueueStore(path)
    assert path.stat().st_size == 0


def test_a_file_of_schema_zero_with_only_other_tables_is_migrated(tmp_path):
    path = tmp_path / "old.db"
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE health_check_outcomes (id INTEGER PRIMARY KEY)")
    store = SqliteQueueStore(path)
    with store.transaction(write=False) as tx:
        assert tx.services() == [] and tx.open_tickets() == []
    store.close()


def test_a_failing_change_leaves_nothing_behind(desk, at):
    desk.tickets.issue_ticket("consultation", None, at("09:00"))
    with pytest.raises(RuntimeError), desk.store.transaction() as tx:
        tx.set_hours("2026-12-01", "closed")
        raise RuntimeError("power cut")
    assert "2026-12-01" not in desk.centre.hours_table()
    assert desk.tickets.issue_ticket("consultation", None, at("09:01")).ticket.label == "A002"


def test_staff_changes_are_audited_and_seen_by_another_connection(store_factory, make_desk, at, desk):
    other = Queue.prepared(store_factory(), desk.tickets.settings)
    desk.centre.set_service("notarisation", "wang", at("08:00"), daily_capacity=5)
    desk.centre.set_service("notarisation", "wang", at("08:01"), daily_capacity=5)  # no change, no entry
    desk.centre.set_hours("sat", "09:00-12:00", "li", at("08:02"))
    desk.centre.set_counter("3", ("consultation",), True, "li", at("08:03"))
    assert {s.code: s.daily_capacity for s in other.centre.services()}["notarisation"] == 5
    entries = other.staff_log.audit(10)
    assert [(e.who, e.what) for e in entries] == [("li", "counter:3"), ("li", "hours:sat"),
                                                  ("wang", "service:notarisation")]
    service_entry = entries[-1]
    assert json.loads(service_entry.old)["daily_capacity"] == 60
    assert json.loads(service_entry.new)["daily_capacity"] == 5
    assert service_entry.at == at("08:00")
    assert (entries[1].old, entries[1].new) == ('"closed"', '"09:00-12:00"')
    assert isinstance(other.tickets.issue_ticket("consultation", None, at("09:00", days=5)), Placed)


def test_every_transition_is_stored_with_its_time(desk, at):
    desk.centre.set_counter("1", ("consultation",), True, "staff", at("08:00"))
    ticket = desk.tickets.issue_ticket("consultation", None, at("09:00")).ticket
    desk.tickets.call_next("1", at("09:05"))
    desk.tickets.serve("1", at("09:06"))
    desk.tickets.done("1", at("09:16"))
    with desk.store.transaction(write=False) as tx:
        events = tx.transitions(ticket.id)
    assert [(e.old, e.new) for e in events] == [
        (None, "waiting"), ("waiting", "called"), ("called", "serving"), ("serving", "done")]
    assert events[1].counter == "1" and events[-1].at == at("09:16")


def test_bad_staff_input_is_a_clear_error(desk, at):
    from kiosk.queue import QueueError

    with pytest.raises(QueueError, match="expected closed or sessions"):
        desk.centre.set_hours("mon", "9 to 5", "staff", at("08:00"))
    with pytest.raises(QueueError, match="weekday always has hours"):
        desk.centre.set_hours("mon", None, "staff", at("08:00"))
    with pytest.raises(QueueError, match="daily capacity"):
        desk.centre.set_service("consultation", "staff", at("08:00"), daily_capacity=-1)
    with pytest.raises(QueueError, match="cannot change prefix"):
        desk.centre.set_service("consultation", "staff", at("08:00"), prefix="Z")
    with pytest.raises(QueueError, match="no waiting spot"):
        desk.centre.set_spot_in_use(999, False, "staff", at("08:00"))


def test_each_connection_sees_the_others_tickets_between_its_own(store_factory, desk, at):
    other = Queue.prepared(store_factory(), desk.tickets.settings)
    desk.centre.set_counter("1", ("consultation",), True, "staff", at("08:00"))
    placed = [queue.tickets.issue_ticket("consultation", None, at("09:00")) for queue in (desk, other, desk)]
    first, second, third = (p.ticket for p in placed)
    assert [p.ahead for p in placed] == [0, 1, 2]  # read in the issuing transaction, across connections
    assert [t.spot for t in (first, second, third)] == [1, 2, 3]
    assert [t.ahead for t in (first, second, third)] == [0, 1, 2]
    assert other.tickets.call_next("1", at("09:01")).label == first.label
    assert desk.tickets.hall_status(at("09:01")).occupied_spots == 2
    assert desk.tickets.done("1", at("09:02")).label == first.label  # desk finishes what other called
    assert desk.tickets.call_next("1", at("09:03")).label == second.label
