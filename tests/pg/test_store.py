"""The PostgreSQL store on a real server: schema versions, timeouts, a broken link, idempotent issuing."""

from __future__ import annotations

import contextlib

import psycopg
import pytest
from pg_link import Relay

from kiosk.foundation.postgres import describe
from kiosk.foundation.storage import OutcomeUnknown, StoreUnavailable
from kiosk.queue import Placed, StoreError, Ticket
from kiosk.queue.postgres_store import _V1, SCHEMA_VERSION, PostgresQueueStore


def _execute(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


def test_a_new_database_gets_the_current_schema_and_a_version_1_database_is_migrated(pg_cluster, pg_url):
    assert _execute(pg_url, "SELECT version FROM kiosk_schema") == [(SCHEMA_VERSION,)]
    old = pg_cluster.url("postgres").replace("/postgres", "/old_schema")
    _execute(pg_cluster.url("postgres"), "CREATE DATABASE old_schema")
    _execute(old, _V1 + "CREATE TABLE kiosk_schema (version integer NOT NULL); INSERT INTO kiosk_schema VALUES (1)")
    store = PostgresQueueStore(old, migrate=False)
    assert store.schema_version() == 1
    assert store.migrate() == 1 and store.schema_version() == SCHEMA_VERSION
    assert store.migrate() == SCHEMA_VERSION  # a second run changes nothing
    store.close()
    assert _execute(old, "SELECT count(*) FROM ticket_requests") == [(0,)]


def test_a_database_from_a_newer_kiosk_is_refused_clearly(pg_url):
    _execute(pg_url, f"UPDATE kiosk_schema SET version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer kiosk"):
        PostgresQueueStore(pg_url)


def test_an_unreachable_server_is_a_retryable_error_naming_no_password(pg_cluster):
    relay = Relay(pg_cluster.port)
    relay.refusing = True
    url = relay.url(pg_cluster.url("nowhere")).replace("kiosk@", "kiosk:s3cret@")
    with pytest.raises(StoreUnavailable, match=r"queue server kiosk@127\.0\.0\.1:\d+/nowhere unreachable") as raised:
        PostgresQueueStore(url)
    assert "s3cret" not in str(raised.value) and "s3cret" not in describe(url)
    assert raised.value.message and raised.value.message_en
    relay.close()
    # A server that answers but refuses says why, for the log and kiosk-admin.
    with pytest.raises(StoreUnavailable, match='database "no_such_queue" does not exist'):
        PostgresQueueStore(pg_cluster.url("no_such_queue"))
    with pytest.raises(StoreError, match="cannot read it as a PostgreSQL URL"):
        PostgresQueueStore("postgresql://kiosk@127.0.0.1:5432/db?nonsense=1")


def test_times_come_back_in_the_centre_zone_and_a_failing_change_leaves_nothing(desk, at):
    ticket = desk.tickets.issue_ticket("consultation", None, at("09:00")).ticket
    assert ticket.issued_at == at("09:00") and ticket.issued_at.tzinfo == at("09:00").tzinfo
    assert desk.tickets.ticket("A001", at("09:30")) == ticket
    with pytest.raises(RuntimeError), desk.store.transaction() as tx:
        tx.set_hours("2026-12-01", "closed")
        raise RuntimeError("power cut")
    assert "2026-12-01" not in desk.centre.hours_table()
    assert desk.tickets.issue_ticket("consultation", None, at("09:01")).ticket.label == "A002"


def test_a_link_lost_before_commit_issues_nothing_and_the_next_call_reconnects(pg_cluster, pg_url, make_desk, at):
    relay = Relay(pg_cluster.port)
    desk, other = make_desk(relay.url(pg_url)), make_desk()
    relay.cut_at(b"COMMIT\x00", forward=False)
    with pytest.raises(StoreUnavailable, match="nothing was changed"):
        desk.tickets.issue_ticket("consultation", None, at("09:00"))
    assert relay.cuts == 1
    # The server's half of the lost session was ended, so its write lock is free at once.
    assert _execute(pg_url, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                            "AND state LIKE 'idle in transaction%'") == [(0,)]
    assert other.tickets.issue_ticket("consultation", None, at("09:01")).ticket.label == "A001"
    assert desk.tickets.issue_ticket("consultation", None, at("09:02")).ticket.label == "A002"
    assert [t.label for t in other.tickets.tickets_of_day(at("09:00").date())] == ["A001", "A002"]
    relay.close()


def test_a_commit_whose_answer_is_lost_still_gives_the_ticket_exactly_once(pg_cluster, pg_url, make_desk, at):
    relay = Relay(pg_cluster.port)
    desk = make_desk(relay.url(pg_url))
    relay.cut_at(b"COMMIT\x00", forward=True)
    placed = desk.tickets.issue_ticket("consultation", None, at("09:00"))
    assert relay.cuts == 1 and isinstance(placed, Placed) and placed.ticket.label == "A001"
    assert [t.label for t in desk.tickets.tickets_of_day(at("09:00").date())] == ["A001"]
    relay.close()


def test_when_the_server_stays_away_after_commit_the_outcome_is_unknown_and_a_request_id_settles_it(
        pg_cluster, pg_url, open_store, at):
    relay = Relay(pg_cluster.port)
    store = open_store(relay.url(pg_url), settle_seconds=0.5)
    relay.cut_at(b"COMMIT\x00", forward=True)
    relay.refusing = True
    ticket = Ticket("2026-11-30", "consultation", "consultation", 1, "A001", "waiting", at("09:00"))
    with pytest.raises(OutcomeUnknown, match="may or may not have been kept"), store.transaction() as tx:
        issued = tx.insert_ticket(ticket)
        tx.remember_request("kiosk-1:0001", issued.id)
    relay.refusing = False
    with store.transaction() as tx:  # the retry finds what the lost COMMIT kept
        assert tx.requested_ticket("kiosk-1:0001") == issued
        assert tx.requested_ticket("kiosk-1:0002") is None
    with pytest.raises(psycopg.errors.UniqueViolation), store.transaction() as tx:
        tx.remember_request("kiosk-1:0001", issued.id)
    relay.close()



def test_a_commit_that_the_server_answers_with_rollback_is_not_taken_as_kept(open_store, at):
    store = open_store()
    ticket = Ticket("2026-11-30", "consultation", "consultation", 1, "A001", "waiting", at("09:00"))
    with pytest.raises(StoreError, match="COMMIT answered ROLLBACK"), store.transaction() as tx:
        tx.insert_ticket(ticket)
        # A failed statement whose error went unseen leaves the transaction aborted; COMMIT then rolls back.
        with contextlib.suppress(psycopg.errors.UndefinedTable):
            tx.db.execute("SELECT FROM no_such_table")
    with store.transaction(write=False) as tx:
        assert tx.tickets_of_day("2026-11-30") == []
