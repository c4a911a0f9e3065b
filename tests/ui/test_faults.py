"""Faults a visitor may meet: the queue store not answering. Calm words, then back by itself."""

import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.ui


def test_a_locked_store_pauses_tickets_and_the_kiosk_recovers_by_itself(start_kiosk, monkeypatch):
    from kiosk.queue import sqlite_store
    from kiosk.ui.screens import paused

    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_SECONDS", 0.5)
    kiosk = start_kiosk()
    monkeypatch.setattr(kiosk.app, "now", lambda: datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    kiosk.screen("paused")._retry.timeout = 0.5
    assert paused.RETRY_SECONDS > 0

    # Another process holds the queue store's write lock (a stuck backup, a crashed writer ...).
    blocker = sqlite3.connect(kiosk.app.runtime.queue_db_path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        # A fresh store connection, so that the shorter busy timeout applies.
        zone = ZoneInfo("Asia/Shanghai")
        kiosk.app.services.tickets.store = kiosk.app.workers.queue.run_now(
            lambda: sqlite_store.SqliteQueueStore(kiosk.app.runtime.queue_db_path, zone))
        from kiosk.queue.model import DEFAULT_SERVICES

        kiosk.app.visit.service = DEFAULT_SERVICES[0]
        kiosk.app.go("priority")
        kiosk.settle("priority")
        kiosk.tap(kiosk.screen("priority").ids.ordinary)  # issuing needs the write lock
        kiosk.run_until(lambda: kiosk.app.root.current == "paused")
        kiosk.settle("paused")
        kiosk.screenshot("paused-zh_CN-portrait")
        assert "暂停取号" in kiosk.screen("paused").ids.title.text
        kiosk.let_time_pass(1.5)
        assert kiosk.app.root.current == "paused", "it must stay paused while the store is locked"
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    # Back by itself, and the visitor's press is completed: one ticket, shown, not two.
    kiosk.run_until(lambda: kiosk.app.root.current == "ticket")
    assert kiosk.screen("ticket").ids.number.text == "A001"
    issued = kiosk.app.workers.queue.run_now(lambda: kiosk.app.services.tickets.tickets_of_day(kiosk.app.now().date()))
    assert [ticket.label for ticket in issued] == ["A001"]
    log = (kiosk.data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "queue store failed" in log
