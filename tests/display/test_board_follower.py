"""The board follows the store by itself: new calls and recalls once each, a calm value when the store fails."""

from __future__ import annotations

import logging
import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.display.board import BoardFollower, BoardTrouble, BoardView
from kiosk.foundation.runtime import open_runtime
from kiosk.queue import open_desk
from kiosk.queue.model import SERVICE_CODES
from kiosk.wiring import open_services

ZONE = ZoneInfo("Asia/Shanghai")
OPEN = datetime(2026, 11, 30, 10, 0, tzinfo=ZONE)


@pytest.fixture
def runtime(tmp_path, board_config):
    config = tmp_path / "config.ini"
    config.write_text(board_config, encoding="utf-8")
    return open_runtime(config, tmp_path / "data")


@pytest.fixture
def counter_desk(runtime):
    """The counter's own connection to the store (a board sees other connections' commits)."""
    desk = open_desk(runtime)
    desk.set_counter("3", SERVICE_CODES, True, "test", OPEN)
    desk.set_counter("5", SERVICE_CODES, True, "test", OPEN)
    yield desk
    desk.store.close()


def follower(runtime, **options) -> BoardFollower:
    return BoardFollower(lambda: open_services(runtime), runtime.queue_db_path, 8, **options)


def at(minute: int) -> datetime:
    return OPEN.replace(minute=minute)


def test_calls_made_before_the_board_started_are_shown_not_announced(runtime, counter_desk):
    counter_desk.issue_ticket("consultation", None, at(1))
    counter_desk.call_next("3", at(2))
    view = follower(runtime).poll(at(3))
    assert isinstance(view, BoardView)
    assert view.newest.label == "A001" and view.newest.counter == "3"
    assert view.fresh == ()


def test_a_new_call_is_fresh_once(runtime, counter_desk):
    board = follower(runtime)
    board.poll(at(0))
    counter_desk.issue_ticket("consultation", None, at(1))
    counter_desk.issue_ticket("notarisation", None, at(1))
    assert board.poll(at(1)).fresh == ()  # issued, not called: the waiting figures change
    counter_desk.call_next("3", at(2))
    view = board.poll(at(2))
    assert [(c.label, c.counter) for c in view.fresh] == [("A001", "3")]
    assert board.poll(at(2)) is None  # nothing new: not even a read of the day
    counter_desk.call_next("5", at(3))
    view = board.poll(at(3))
    assert [c.label for c in view.fresh] == ["B001"]
    assert [c.label for c in view.calls] == ["B001", "A001"]


def test_a_recall_is_fresh_again_and_said_as_a_recall(runtime, counter_desk):
    board = follower(runtime)
    counter_desk.issue_ticket("consultation", None, at(1))
    counter_desk.call_next("3", at(2))
    board.poll(at(2))
    counter_desk.recall("3", at(3))
    view = board.poll(at(3))
    assert [(c.label, c.is_recall) for c in view.fresh] == [("A001", True)]


def test_several_calls_between_two_looks_come_oldest_first(runtime, counter_desk):
    board = follower(runtime)
    board.poll(at(0))
    for _ in range(3):
        counter_desk.issue_ticket("consultation", None, at(1))
    counter_desk.call_next("5", at(2))
    counter_desk.call_next("3", at(3))
    counter_desk.done("5", at(4))
    counter_desk.call_next("5", at(5))
    view = board.poll(at(6))
    assert [(c.label, c.counter) for c in view.fresh] == [("A001", "5"), ("A002", "3"), ("A003", "5")]


def test_waiting_per_service_and_todays_hours(runtime, counter_desk):
    board = follower(runtime)
    for service in ("consultation", "consultation", "mediation"):
        counter_desk.issue_ticket(service, None, at(1))
    counter_desk.call_next("3", at(2))
    view = board.poll(at(2))
    waiting = {line.code: line.waiting for line in view.waiting}
    assert waiting["consultation"] == 1 and waiting["mediation"] == 1 and waiting["notarisation"] == 0
    assert view.hours.sessions_text == "09:00-17:00"


def test_the_recent_list_is_as_long_as_asked(runtime, counter_desk):
    board = BoardFollower(lambda: open_services(runtime), runtime.queue_db_path, 2)
    for minute in range(1, 5):
        counter_desk.issue_ticket("consultation", None, at(minute))
        counter_desk.call_next("3", at(minute))
        counter_desk.done("3", at(minute))
    assert [c.label for c in board.poll(at(9)).calls] == ["A004", "A003"]


def test_a_damaged_file_gives_trouble_logged_once_and_the_board_recovers(runtime, counter_desk, caplog):
    counter_desk.issue_ticket("consultation", None, at(1))
    counter_desk.store.close()  # the last connection: SQLite folds the WAL into the file
    path = runtime.queue_db_path
    saved = path.with_suffix(".saved")
    shutil.copy(path, saved)
    path.write_bytes(b"this is not a database" * 1000)
    board = follower(runtime, retry_seconds=0)
    with caplog.at_level(logging.INFO, logger="kiosk.display.board"):
        first, second = board.poll(at(1)), board.poll(at(1))
        assert isinstance(first, BoardTrouble) and isinstance(second, BoardTrouble)
        errors = [r for r in caplog.records if r.levelno == logging.ERROR]
        assert len(errors) == 1 and errors[0].exc_info  # the traceback once, in the log
        shutil.copy(saved, path)  # restored from the backup
        desk = open_desk(runtime)
        desk.call_next("3", at(2))
        view = board.poll(at(2))
    desk.store.close()
    assert isinstance(view, BoardView) and view.newest.label == "A001"
    assert any("answers again" in r.getMessage() for r in caplog.records)


@pytest.mark.slow
def test_on_postgresql_a_server_restart_loses_no_call(tmp_path, board_config, pg_cluster, caplog):
    config = tmp_path / "pg.ini"
    config.write_text(board_config + f"[database]\nurl = {pg_cluster.create_database()}\n", encoding="utf-8")
    runtime = open_runtime(config, tmp_path / "pg-data")
    counter = open_desk(runtime)
    counter.set_counter("3", SERVICE_CODES, True, "test", OPEN)
    for _ in range(2):
        counter.issue_ticket("consultation", None, at(1))
    board = BoardFollower(lambda: open_services(runtime), None, 8, retry_seconds=0)
    assert board.poll(at(1)).fresh == ()
    assert board.poll(at(1)) is None  # today's tickets read, nothing changed
    counter.call_next("3", at(2))
    assert [c.label for c in board.poll(at(2)).fresh] == ["A001"]
    pg_cluster.halt("fast")
    try:
        assert isinstance(board.poll(at(3)), BoardTrouble)
    finally:
        pg_cluster.resume()
    counter.store.close()
    counter = open_desk(runtime)
    counter.done("3", at(4))
    counter.call_next("3", at(4))
    view = board.poll(at(5))
    counter.store.close()
    board.close()
    assert [c.label for c in view.fresh] == ["A002"]


def test_a_failing_store_is_retried_only_after_the_pause(runtime, tmp_path):
    opened: list[int] = []

    def unreachable():
        opened.append(1)
        raise ConnectionRefusedError("connection to 127.0.0.1:1 refused")

    board = BoardFollower(unreachable, None, 8, retry_seconds=60)
    assert isinstance(board.poll(OPEN), BoardTrouble)
    assert board.poll(OPEN) is None and len(opened) == 1
