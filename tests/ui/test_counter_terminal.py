"""The counter terminal (``--mode counter``) in the real window, against a store another process fills."""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import child_processes
import pytest

from kiosk.staff.pin import hash_pin

pytestmark = pytest.mark.ui

PIN = "246810"
ZONE = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 30, 10, 0, tzinfo=ZONE)  # a Monday, inside reception hours
OTHER_PROCESS = Path(__file__).with_name("queue_process.py")
LANDSCAPE, SMALL = (1920, 1080), (1280, 800)
APP = "kiosk.ui.counter.app:CounterApp"


def config_text(**staff: object) -> str:
    extra = "".join(f"{key} = {value}\n" for key, value in staff.items())
    return f"[staff]\npin_hash = {hash_pin(PIN)}\n{extra}"


def start_counter(start_app, monkeypatch, config: str = "", counter: str = "1", size=LANDSCAPE):
    terminal = start_app(APP, config or config_text(), size, options=argparse.Namespace(counter=counter))
    began = time.monotonic()
    # The centre's clock runs in real time from Monday 10:00; the other processes are told the same.
    monkeypatch.setattr(terminal.app, "now", lambda: START + timedelta(seconds=time.monotonic() - began))
    return terminal


def other_process(terminal, command: str, *args: str) -> subprocess.Popen:
    """Another process on the same store (see queue_process.py), on the terminal's clock."""
    config = terminal.data_dir.parent / "config.ini"
    return child_processes.start([sys.executable, str(OTHER_PROCESS), str(config), str(terminal.data_dir),
                                  terminal.app.now().isoformat(), command, *args],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def other(terminal, command: str, *args: str) -> dict:
    """Run one command in another process and return its answer."""
    process = other_process(terminal, command, *args)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def sign_in(terminal, pin: str = PIN) -> None:
    screen = terminal.screen("sign_in")
    terminal.type_digits(screen.ids.pad, pin)
    terminal.tap(screen.ids.ok)


def listed(terminal) -> list[str]:
    return [row.number for row in reversed(terminal.widget("rows", "terminal").children)]


def shown(terminal) -> str:
    return terminal.widget("number", "terminal").text


def message(terminal) -> str:
    return terminal.widget("message", "terminal").text


def press(terminal, button: str) -> None:
    widget = terminal.widget(button, "terminal")
    terminal.run_until(lambda: not widget.disabled)
    terminal.tap(widget)
    terminal.run_until(lambda: not terminal.app.busy and not terminal.app.pending)


@pytest.mark.slow
def test_staff_sign_in_then_call_recall_serve_done_no_show_transfer_and_nobody_waiting(start_app, monkeypatch):
    terminal = start_counter(start_app, monkeypatch)
    terminal.settle("sign_in")
    sign_in(terminal, "111111")
    assert terminal.app.root.current == "sign_in"
    assert "4" in terminal.widget("message", "sign_in").text  # a wrong PIN: four tries left
    sign_in(terminal)
    terminal.settle("terminal")

    # No counter 1 yet: the terminal says how to set it up, and every button waits.
    terminal.run_until(lambda: "kiosk-admin counter set" in terminal.widget("state", "terminal").text)
    assert terminal.widget("call", "terminal").disabled
    other(terminal, "counter", "1", "consultation,legal_aid", "yes")
    terminal.run_until(lambda: "法律咨询" in terminal.widget("services", "terminal").text)
    assert terminal.widget("open_state", "terminal").text == "开放中"

    # A kiosk in another process issues tickets; each shows in the list within about a second.
    kinds = ["-", "-", "elderly", "-", "-", "-"]
    kiosk = other_process(terminal, "issue", "0.2", *kinds)
    try:
        numbers: list[str] = []
        for line in kiosk.stdout:
            numbers.append(json.loads(line)["number"])
            terminal.run_until(lambda: numbers[-1] in listed(terminal))
        assert kiosk.wait(timeout=30) == 0, kiosk.stderr.read()
    finally:
        kiosk.kill()
    assert numbers == ["A001", "A002", "A003", "A004", "A005", "A006"]
    # The elderly visitor's ticket is called first: the list is in the order calls take.
    assert listed(terminal) == ["A003", "A001", "A002", "A004", "A005", "A006"]
    assert "★" in terminal.widget("rows", "terminal").children[-1].mark
    terminal.screenshot("counter-queue-zh_CN-landscape")

    press(terminal, "call")
    assert shown(terminal) == "A003" and "老年人" in terminal.widget("mark", "terminal").text
    assert "A003" in message(terminal) and listed(terminal)[0] == "A001"
    assert "已叫号" in terminal.widget("state", "terminal").text
    press(terminal, "recall")
    assert "重呼 1/2" in terminal.widget("times", "terminal").text and "A003" in message(terminal)
    press(terminal, "serve")
    assert terminal.widget("state", "terminal").text == "办理中"
    assert terminal.widget("recall", "terminal").disabled  # the visitor is here: no recall, no no-show
    terminal.screenshot("counter-serving-zh_CN-landscape")
    press(terminal, "done")
    assert shown(terminal) == "—" and message(terminal) == "A003 已办结"

    press(terminal, "call")
    assert shown(terminal) == "A001"
    press(terminal, "no_show")
    assert message(terminal) == "A001 已记为过号"

    press(terminal, "call")
    assert shown(terminal) == "A002"
    terminal.app.language = "en"
    terminal.tap(terminal.widget("transfer", "terminal"))
    terminal.settle("transfer")
    tiles = {tile.code: tile for tile in terminal.screen("transfer").ids.tiles.children}
    assert "consultation" not in tiles and tiles["notarisation"].title == "Notarisation"
    assert tiles["notarisation"].detail == "0 in the queue"
    terminal.screenshot("counter-transfer-en-landscape")
    terminal.tap(tiles["notarisation"])
    terminal.settle("terminal")
    terminal.run_until(lambda: not terminal.app.busy and not terminal.app.pending)
    assert message(terminal) == "A002 now waits in the Notarisation queue"
    assert "A002" not in listed(terminal)  # counter 1 does not serve notarisation
    shown_ticket = other(terminal, "show", "A002")
    assert shown_ticket["service"] == "notarisation" and shown_ticket["status"] in ("waiting", "deferred")

    for expected in ("A004", "A005", "A006"):
        press(terminal, "call")
        assert shown(terminal) == expected
        press(terminal, "done")
    press(terminal, "call")
    assert message(terminal) == "Nobody is waiting for this counter's services"
    terminal.run_until(lambda: "called 5" in terminal.widget("today", "terminal").text)
    assert terminal.widget("today", "terminal").text == "Today at this counter: called 5 · done 4 · no-shows 1"
    terminal.screenshot("counter-empty-en-landscape")

    # The staff lock the terminal: the PIN is asked again.
    terminal.tap(terminal.widget("lock", "terminal"))
    terminal.settle("sign_in")
    log = (terminal.data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "counter 1 (staff-pin): call: A003 now called" in log and PIN not in log
    # Routine presses are INFO: a warning is kept for what staff may need to look into.
    press_lines = [line for line in log.splitlines() if "counter 1 (staff-pin): " in line]
    assert press_lines and all(" INFO " in line for line in press_lines), press_lines


def test_another_counter_calling_and_closing_shows_by_itself(start_app, monkeypatch):
    terminal = start_counter(start_app, monkeypatch, size=SMALL)
    other(terminal, "counter", "1", "consultation", "yes")
    other(terminal, "counter", "2", "consultation", "yes")
    other(terminal, "issue", "0", "-", "pregnant", "-")
    terminal.screenshot("counter-sign-in-zh_CN-1280x800")
    sign_in(terminal)
    terminal.settle("terminal")
    terminal.run_until(lambda: listed(terminal) == ["A002", "A001", "A003"])
    terminal.screenshot("counter-queue-zh_CN-1280x800")

    # Counter 2 calls from another process: its ticket leaves counter 1's list.
    assert other(terminal, "call", "2")["number"] == "A002"
    terminal.run_until(lambda: listed(terminal) == ["A001", "A003"])

    # Staff close counter 1 here: audited in the core, and calling waits until it opens again.
    press(terminal, "open_close")
    terminal.run_until(lambda: terminal.widget("open_state", "terminal").text == "已暂停")
    assert terminal.widget("call", "terminal").disabled
    press(terminal, "open_close")
    terminal.run_until(lambda: not terminal.widget("call", "terminal").disabled)
    entries = terminal.app.workers.queue.run_now(lambda: terminal.app.services.staff_log.audit(5))
    assert [(e.who, e.what) for e in entries[:2]] == [("counter 1 (staff-pin)", "counter:1")] * 2
    assert json.loads(entries[1].new)["open"] is False and json.loads(entries[0].new)["open"] is True

    # The core refuses a press the screen no longer matches (finished elsewhere before the next poll):
    # one calm line, and the screen catches up.
    press(terminal, "call")
    assert shown(terminal) == "A001"
    terminal.app._poller.cancel()
    assert other(terminal, "done", "1")["number"] == "A001"
    press(terminal, "recall")
    assert message(terminal).startswith("这一步没有完成")
    log = (terminal.data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert any(" WARNING " in line and "recall refused: counter 1 has no ticket called" in line
               for line in log.splitlines())
    terminal.screenshot("counter-refused-zh_CN-1280x800")
    terminal.run_until(lambda: shown(terminal) == "—")


def test_a_locked_store_shows_a_calm_banner_keeps_the_press_and_does_it_by_itself(start_app, monkeypatch):
    from kiosk.queue import sqlite_store

    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_SECONDS", 0.5)
    terminal = start_counter(start_app, monkeypatch)
    terminal.app._retry.timeout = 0.5
    other(terminal, "counter", "1", "consultation", "yes")
    other(terminal, "issue", "0", "-")
    sign_in(terminal)
    terminal.settle("terminal")
    terminal.run_until(lambda: listed(terminal) == ["A001"])
    # A fresh store connection, so that the shorter busy timeout applies.
    path = terminal.app.runtime.queue_db_path
    terminal.app.services.tickets.store = terminal.app.workers.queue.run_now(
        lambda: sqlite_store.SqliteQueueStore(path, ZONE))

    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another process holds the write lock (a stuck writer, a backup ...)
    try:
        terminal.tap(terminal.widget("call", "terminal"))
        terminal.run_until(lambda: not terminal.app.store_ok)
        banner = terminal.widget("banner_text", "terminal")
        assert "正在自动重试" in banner.text and "叫下一位" in banner.text
        terminal.let_time_pass(1.5)
        assert not terminal.app.store_ok and shown(terminal) == "—" and terminal.app.pending == "call"
        assert terminal.widget("call", "terminal").disabled  # one press waits; no second one on top
        terminal.screenshot("counter-store-locked-zh_CN-landscape")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    terminal.run_until(lambda: shown(terminal) == "A001")
    terminal.run_until(lambda: terminal.app.store_ok)
    assert terminal.widget("banner", "terminal").height == 0
    log = (terminal.data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "database is locked" in log  # the traceback is in the log, never on the screen


def test_a_store_that_cannot_be_opened_at_start_shows_the_banner_and_recovers(start_app, monkeypatch):
    from kiosk.queue import StoreError
    from kiosk.ui.counter import app as counter_module

    attempts = {"count": 0}
    real_open_services = counter_module.open_services

    def flaky_open_services(runtime):
        attempts["count"] += 1
        if attempts["count"] <= 2:  # the centre's server is still starting
            raise StoreError("connection refused")
        return real_open_services(runtime)

    monkeypatch.setattr(counter_module, "open_services", flaky_open_services)
    terminal = start_counter(start_app, monkeypatch, size=(1080, 1920))  # a terminal on a portrait screen
    assert not terminal.app.store_ok
    sign_in(terminal)
    terminal.settle("terminal")
    terminal.run_until(lambda: terminal.app.services is not None and terminal.app.view is not None)
    assert terminal.app.store_ok and attempts["count"] == 3
    assert "kiosk-admin counter set --id 1" in terminal.widget("state", "terminal").text
    terminal.screenshot("counter-not-set-up-zh_CN-portrait")


def test_the_configured_wrong_tries_lock_the_pad_even_for_the_right_pin(start_app, monkeypatch):
    terminal = start_counter(start_app, monkeypatch, config=config_text(lockout_attempts=2))
    for _ in range(2):
        sign_in(terminal, "999999")
    sign_in(terminal)
    assert terminal.app.root.current == "sign_in" and not terminal.app.signed_in
    terminal.screenshot("counter-sign-in-locked-zh_CN-landscape")
    assert terminal.widget("message", "sign_in").text.startswith("错误次数过多")


def test_the_counter_command_starts_as_its_own_process(tmp_path):
    config = tmp_path / "config.ini"
    config.write_text("[display]\nfullscreen = no\nwindow_size = 1920x1080\n", encoding="utf-8")
    command = [sys.executable, "-m", "kiosk", "--config", str(config), "--data-dir", str(tmp_path / "data"),
               "--mode", "counter"]
    result = subprocess.run([*command, "--counter", "1", "--exit-after-first-frame"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["first_frame"] is True
    assert "Traceback" not in result.stderr
    missing = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "--counter ID" in missing.stderr
