"""Backup while tickets are being issued, and restore: consistent, checked first, refused while a kiosk runs."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
import zipfile
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import child_processes
import pytest

from kiosk.admin import main
from kiosk.foundation.pid import pid_file
from kiosk.queue import Placed
from kiosk.queue.model import Ticket
from kiosk.queue.sqlite_store import SqliteQueueStore
from kiosk.reports.backup import BackupError, BackupRefused, restore_backup, take_backup
from kiosk.wiring import open_queue

ZONE = ZoneInfo("Asia/Shanghai")
SECRET = bytes(range(32))  # the centre's secret the library calls are given


def ticket_count(path: Path) -> int:
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT count(*) FROM tickets").fetchone()[0]


def assert_consistent(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        # Every ticket has its issue event, and no event lacks its ticket.
        assert db.execute("SELECT count(*) FROM tickets WHERE id NOT IN (SELECT ticket_id FROM ticket_events "
                          "WHERE old_status IS NULL)").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM ticket_events WHERE ticket_id NOT IN "
                          "(SELECT id FROM tickets)").fetchone()[0] == 0


def issue_until(runtime, stop: threading.Event, issued: list[Ticket]) -> None:
    """Another kiosk, in its own thread with its own connection: a ticket after another, then called."""
    desk = open_queue(runtime)
    now = datetime(2026, 12, 1, 9, 0, tzinfo=ZONE)
    try:
        while not stop.is_set():
            placed = desk.tickets.issue_ticket("consultation", None, now)
            if isinstance(placed, Placed):
                issued.append(placed.ticket)
            if desk.tickets.call_next("1", now) is not None:
                desk.tickets.done("1", now)
            now += timedelta(seconds=20)
    finally:
        desk.store.close()


def test_backup_taken_while_tickets_are_issued_restores_to_a_consistent_store(month_copy, tmp_path):
    runtime = month_copy.runtime
    desk = open_queue(runtime)
    desk.centre.set_service("consultation", "test", datetime(2026, 12, 1, 8, 0, tzinfo=ZONE), daily_capacity=9999)
    desk.store.close()
    before = ticket_count(runtime.queue_db_path)
    stop, issued = threading.Event(), []
    writer = threading.Thread(target=issue_until, args=(runtime, stop, issued))
    writer.start()
    try:
        backups = []
        while len(issued) < 5 and writer.is_alive():
            stop.wait(0.02)
        for n in range(3):
            backups.append(take_backup(tmp_path / f"backup-{n}.zip", runtime.queue_db_path,
                                       runtime.knowledge_base_path, secret=SECRET))
    finally:
        stop.set()
        writer.join(timeout=30)
    assert len(issued) >= 5
    after = ticket_count(runtime.queue_db_path)
    taken = [next(m for m in manifest.members if m.role == "queue").rows["tickets"] for manifest in backups]
    assert before < taken[0] <= taken[1] <= taken[2] <= after  # each a moment during the writes
    for n in range(3):
        target = tmp_path / f"restored-{n}"
        target.mkdir()
        restored = restore_backup(tmp_path / f"backup-{n}.zip", target / "kiosk.db", target / "legal.db", target,
                                  secret=SECRET)
        assert restored.replaced is None
        assert ticket_count(target / "kiosk.db") == taken[n]
        assert_consistent(target / "kiosk.db")
        SqliteQueueStore(target / "kiosk.db").close()  # the kiosk opens it as it is


def test_backup_and_restore_commands_keep_the_replaced_files(month_copy, tmp_path, capsys):
    data_dir = month_copy.data_dir
    backup = tmp_path / "kiosk.zip"
    assert main(["backup", "--out", str(backup), "--data-dir", str(data_dir), "--json"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert [m["role"] for m in written["members"]] == ["queue", "knowledge_base"]
    with zipfile.ZipFile(backup) as archive:
        assert sorted(archive.namelist()) == ["legal.db", "manifest.json", "queue.db"]
    month_tickets = ticket_count(data_dir / "kiosk.db")
    # The day goes on after the backup: one more ticket, which the restore takes back.
    desk = open_queue(month_copy.runtime)
    desk.tickets.issue_ticket("mediation", None, datetime(2026, 12, 1, 10, 0, tzinfo=ZONE))
    desk.store.close()
    assert main(["restore", str(backup), "--data-dir", str(data_dir), "--json"]) == 0
    restored = json.loads(capsys.readouterr().out)
    assert restored["restored"] == ["queue", "knowledge_base"]
    aside = Path(restored["replaced_files_in"])
    assert ticket_count(data_dir / "kiosk.db") == month_tickets
    assert ticket_count(aside / "kiosk.db") == month_tickets + 1
    assert (aside / "legal.db").is_file()
    assert_consistent(data_dir / "kiosk.db")


def test_restore_is_refused_while_a_kiosk_runs_on_the_data_folder(month_copy, tmp_path, capsys):
    data_dir = month_copy.data_dir
    backup = tmp_path / "kiosk.zip"
    assert main(["backup", "--out", str(backup), "--data-dir", str(data_dir)]) == 0
    kiosk = child_processes.start([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        pid_file(data_dir).write_text(str(kiosk.pid), encoding="ascii")
        before = (data_dir / "kiosk.db").stat().st_mtime_ns
        assert main(["restore", str(backup), "--data-dir", str(data_dir)]) == 3
        assert f"process {kiosk.pid}" in capsys.readouterr().err
        assert (data_dir / "kiosk.db").stat().st_mtime_ns == before
        assert not (data_dir / "replaced").exists()
    finally:
        child_processes.stop(kiosk)
    # The kiosk has stopped (its pid file is stale): now it may.
    assert main(["restore", str(backup), "--data-dir", str(data_dir)]) == 0


def test_a_damaged_backup_changes_nothing(month_copy, tmp_path, capsys):
    data_dir = month_copy.data_dir
    good = tmp_path / "good.zip"
    main(["backup", "--out", str(good), "--data-dir", str(data_dir)])
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "queue.db":
                data = data[:5000] + bytes(len(data) - 5000)  # all but the first pages zeroed
            target.writestr(name, data)
    before = ticket_count(data_dir / "kiosk.db")
    assert main(["restore", str(bad), "--data-dir", str(data_dir)]) == 1
    assert "checksum" in capsys.readouterr().err
    assert ticket_count(data_dir / "kiosk.db") == before and not (data_dir / "replaced").exists()
    (tmp_path / "not-a-backup.zip").write_bytes(b"hello")
    assert main(["restore", str(tmp_path / "not-a-backup.zip"), "--data-dir", str(data_dir)]) == 1
    assert "not a readable backup" in capsys.readouterr().err


def test_a_backup_from_newer_software_is_refused(month_copy, tmp_path):
    data_dir = month_copy.data_dir
    newer = tmp_path / "newer.db"
    with closing(sqlite3.connect(data_dir / "kiosk.db")) as origin, closing(sqlite3.connect(newer)) as copy:
        origin.backup(copy)
        copy.execute("PRAGMA user_version = 99")
    take_backup(tmp_path / "newer.zip", newer, None, secret=SECRET)
    with pytest.raises(BackupRefused, match="schema 99"):
        restore_backup(tmp_path / "newer.zip", data_dir / "kiosk.db", data_dir / "legal.db", data_dir,
                       secret=SECRET)
    assert not (data_dir / "replaced").exists()
    with pytest.raises(BackupError, match="nothing to back up"):
        take_backup(tmp_path / "none.zip", tmp_path / "absent.db", None, secret=SECRET)
    assert not os.path.exists(tmp_path / "none.zip")


@pytest.mark.slow
def test_a_queue_on_postgresql_is_backed_up_in_one_snapshot_and_restored_into_an_empty_database(
        month_copy, tmp_path, pg_cluster, capsys):
    from kiosk.foundation.runtime import open_runtime
    from kiosk.queue.postgres_store import PostgresQueueStore, copy_sqlite_store
    from kiosk.reports.figures import Period, collect
    from kiosk.wiring import open_sources

    def centre(url: str):
        config = tmp_path / f"config-{url.rsplit('/', 1)[-1]}.ini"
        config.write_text(f"[database]\nurl = {url}\n", encoding="utf-8")
        return config, open_runtime(config, month_copy.data_dir)

    def month_totals(runtime):
        sources = open_sources(runtime)
        try:
            return collect(sources, Period.parse("monthly", "2026-11"), datetime.now(ZONE)).totals
        finally:
            sources.close()

    origin_url, target_url = pg_cluster.create_database(), pg_cluster.create_database()
    server = PostgresQueueStore(origin_url, ZONE)
    copy_sqlite_store(month_copy.runtime.queue_db_path, server)
    server.close()
    origin_config, origin = centre(origin_url)
    desk = open_queue(origin)
    desk.centre.set_service("consultation", "test", datetime(2026, 12, 1, 8, 0, tzinfo=ZONE), daily_capacity=9999)
    sunday = datetime(2026, 11, 29, 10, 0, tzinfo=ZONE)
    desk.tickets.count_refusal(desk.tickets.issue_ticket("mediation", None, sunday), sunday)
    desk.store.close()
    expected = month_totals(origin)
    backup = tmp_path / "server.zip"
    # Another kiosk keeps issuing December tickets on the server while the backup is taken.
    stop, issued = threading.Event(), []
    writer = threading.Thread(target=issue_until, args=(origin, stop, issued))
    writer.start()
    try:
        while len(issued) < 5 and writer.is_alive():
            stop.wait(0.02)
        assert main(["backup", "--out", str(backup), "--config", str(origin_config), "--json"]) == 0
        during = len(issued)
    finally:
        stop.set()
        writer.join(timeout=30)
    assert json.loads(capsys.readouterr().out)["source"] == "postgresql"
    target_config, target = centre(target_url)
    assert main(["restore", str(backup), "--config", str(target_config), "--json"]) == 0
    restored = json.loads(capsys.readouterr().out)
    assert restored["copied_to_server"]["refusal_counts"] >= 1
    assert month_totals(target) == expected
    import psycopg

    with psycopg.connect(target_url) as db:
        december = db.execute("SELECT count(*) FROM tickets WHERE day = '2026-12-01'").fetchone()[0]
        assert 5 <= december <= during + 1  # one snapshot, taken while the writer went on
        assert db.execute("SELECT count(*) FROM tickets WHERE id NOT IN (SELECT ticket_id FROM ticket_events "
                          "WHERE old_status IS NULL)").fetchone()[0] == 0
    assert restored["copied_to_server"]["tickets"] == expected["tickets"] + december
    # A second restore would mix two centres' days: the server must be empty.
    assert main(["restore", str(backup), "--config", str(target_config)]) == 3
    assert "empty" in capsys.readouterr().err
