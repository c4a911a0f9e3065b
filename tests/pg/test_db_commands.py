"""``kiosk-admin db migrate`` on both stores, ``db copy`` from a one-kiosk file to the server, and a kiosk on it."""

from __future__ import annotations

import json
import sqlite3

import psycopg
import pytest
from queue_helpers import ZONE, moment, settings_with

from kiosk.admin import main
from kiosk.queue import Queue
from kiosk.queue import sqlite_store as sqlite_schema
from kiosk.queue.postgres_store import SCHEMA_VERSION, PostgresQueueStore
from kiosk.queue.sqlite_store import SqliteQueueStore


@pytest.fixture
def admin(tmp_path, capsys):
    """Run kiosk-admin on one data folder: (status, JSON or text, stderr)."""

    def run(*argv: str):
        status = main([*argv, "--data-dir", str(tmp_path / "data")])
        out, err = capsys.readouterr()
        try:
            return status, json.loads(out), err
        except json.JSONDecodeError:
            return status, out, err

    return run


@pytest.fixture
def empty_url(pg_cluster) -> str:
    """A database with no queue schema at all, as a centre's IT person creates it."""
    name = f"empty_{pg_cluster.create_database().rsplit('_', 1)[-1]}"
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return pg_cluster.url(name)


def test_db_migrate_brings_either_store_to_its_schema_and_says_so(admin, tmp_path, empty_url):
    status, answer, _ = admin("db", "migrate", "--json")
    assert status == 0 and answer["from_version"] == 0 and answer["to_version"] == sqlite_schema.SCHEMA_VERSION
    assert answer["store"] == str(tmp_path / "data" / "kiosk.db")
    status, answer, _ = admin("db", "migrate")
    assert status == 0 and answer.strip().endswith(f"already at schema {sqlite_schema.SCHEMA_VERSION}")
    status, answer, _ = admin("db", "migrate", "--url", empty_url, "--json")
    assert status == 0 and (answer["from_version"], answer["to_version"]) == (0, SCHEMA_VERSION)
    assert answer["changed"] is True and "@127.0.0.1:" in answer["store"]
    status, answer, _ = admin("db", "migrate", "--url", empty_url, "--json")
    assert status == 0 and answer["changed"] is False


def test_db_migrate_reports_a_store_it_cannot_use_in_one_line(admin, tmp_path, pg_cluster):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 200)
    status, _, err = admin("db", "migrate", "--url", f"sqlite:///{junk}")
    assert status == 2 and err.count("\n") == 1 and "cannot use the queue store" in err
    closed = pg_cluster.url("queue").replace(f":{pg_cluster.port}/", ":1/")
    status, _, err = admin("db", "migrate", "--url", closed)
    assert status == 1 and err.count("\n") == 1 and "unreachable" in err


def _one_kiosk_day(path) -> Queue:
    """A SQLite centre's day: counters, tickets in every state, a transfer, an appointment, staff changes."""
    desk = Queue.prepared(SqliteQueueStore(path, ZONE), settings_with())
    at = moment
    desk.centre.set_counter("1", ("consultation", "notarisation"), True, "li", at("08:00"))
    desk.centre.set_service("mediation", "wang", at("08:01"), daily_capacity=7)
    for minute, service in enumerate(("consultation", "consultation", "notarisation", "mediation")):
        desk.tickets.issue_ticket(service, None, at(f"09:0{minute}"))
    desk.tickets.call_next("1", at("09:10"))
    desk.tickets.serve("1", at("09:11"))
    desk.tickets.done("1", at("09:25"))
    desk.tickets.call_next("1", at("09:26"))
    desk.tickets.transfer("1", "notarisation", at("09:27"))
    booked = desk.appointments.book("legal_aid", at("14:00"), at("09:30"))
    desk.appointments.check_in(booked.code, at("13:45"))
    return desk


def test_db_copy_moves_a_whole_day_to_the_server_and_the_queue_goes_on_there(admin, tmp_path, pg_cluster,
                                                                              empty_url):
    source_path = tmp_path / "centre.db"
    source = _one_kiosk_day(source_path)
    status, answer, err = admin("db", "copy", "--from", f"sqlite:///{source_path}", "--to", empty_url, "--json")
    assert status == 0, err
    assert answer["copied"]["tickets"] == 5 and answer["copied"]["counters"] == 1
    assert answer["copied"]["audit"] == len(source.staff_log.audit(100))

    server = Queue.prepared(PostgresQueueStore(empty_url, ZONE), settings_with())
    day = moment("09:00").date()
    assert server.tickets.tickets_of_day(day) == source.tickets.tickets_of_day(day)
    assert server.staff_log.audit(100) == source.staff_log.audit(100)
    assert server.tickets.counters() == source.tickets.counters()
    assert server.centre.services() == source.centre.services()
    assert server.tickets.hall_status(moment("14:00")) == source.tickets.hall_status(moment("14:00"))
    for ticket in source.tickets.tickets_of_day(day):
        with source.store.transaction(write=False) as old, server.store.transaction(write=False) as new:
            assert new.transitions(ticket.id) == old.transitions(ticket.id)
    # Numbers and ids go on from where the file stopped.
    following = server.tickets.issue_ticket("consultation", None, moment("14:00")).ticket
    assert following.label == "A003"
    assert following.id == max(t.id for t in source.tickets.tickets_of_day(day)) + 1
    server.store.close(), source.store.close()

    status, _, err = admin("db", "copy", "--from", str(source_path), "--to", empty_url)
    assert status == 3 and "already holds" in err and "empty database" in err
    status, _, err = admin("db", "copy", "--from", str(source_path), "--to", f"sqlite:///{source_path}")
    assert status == 2 and "expected postgresql://" in err
    status, _, err = admin("db", "copy", "--from", str(tmp_path / "missing.db"), "--to", empty_url)
    assert status == 2 and "no such queue file" in err


def test_db_copy_refuses_a_file_of_another_schema_or_no_database(admin, tmp_path, empty_url):
    old = tmp_path / "old.db"
    sqlite3.connect(old).close()
    status, _, err = admin("db", "copy", "--from", str(old), "--to", empty_url)
    assert status == 2 and "run kiosk-admin db migrate" in err
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 200)
    status, _, err = admin("db", "copy", "--from", str(junk), "--to", empty_url)
    assert status == 2 and "cannot read the queue file" in err and err.count("\n") == 1


def test_a_config_naming_the_server_puts_the_kiosk_queue_there(admin, tmp_path, pg_url):
    config = tmp_path / "kiosk.ini"
    config.write_text(f"[database]\nurl = {pg_url}\n", encoding="utf-8")
    status, ticket, err = admin("ticket", "issue", "--service", "consultation", "--config", str(config),
                                "--at", "2026-11-30T09:30", "--json")
    assert status == 0, err
    assert ticket["number"] == "A001"
    with psycopg.connect(pg_url) as connection:
        assert connection.execute("SELECT label FROM tickets").fetchall() == [("A001",)]
    assert not (tmp_path / "data" / "kiosk.db").exists()
