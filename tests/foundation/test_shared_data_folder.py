"""Several processes on one data folder: none fails because another started at the same moment.

The kiosk, counter terminals, the display board and staff's kiosk-admin commands
(cron reports, backups) share one data folder. Each round below starts a mix of them
at once, on a fresh and on an existing folder; ``KIOSK_RACE_ROUNDS`` raises the
number of rounds (the closing note of issue #21 reports 50 under load).
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import child_processes
import pytest

from kiosk.foundation.logsetup import SharedRotatingFileHandler, configure_logging
from kiosk.foundation.pid import AlreadyRunning, hold_instance_lock, read_running_pid, remove_pid, write_pid
from kiosk.printing.signing import SECRET_FILE_NAME

ROUNDS = int(os.environ.get("KIOSK_RACE_ROUNDS", "2"))
FIRST_DAY = date(2026, 12, 8)  # a Tuesday within the shipped reception hours
# {day}: each round acts on a Tuesday of its own, so that many rounds on one folder never fill a day.
ADMIN_COMMANDS = (
    ("ticket", "issue", "--service", "consultation", "--at", "{day}T10:00", "--json"),  # signs its QR: the secret
    ("ticket", "issue", "--service", "legal_aid", "--at", "{day}T10:00", "--json"),
    ("kb", "search", "工资"),
    ("kb", "stats"),
    ("check",),
    ("queue", "status", "--at", "{day}T10:00"),
    ("report", "daily", "--date", "{day}", "--out", "{data}/reports"),
    ("audit",),
)
APP_MODES = (("--mode", "kiosk"), ("--mode", "counter", "--counter", "1"), ("--mode", "display"))


def _start(command: list[str]) -> subprocess.Popen:
    return child_processes.start([sys.executable, "-m", *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True)


def _round(data_dir: Path, config: Path, with_apps: bool, number: int = 0) -> list[str]:
    """Start every command at once; the failures, each with its output."""
    day = (FIRST_DAY + timedelta(weeks=number)).isoformat()
    started = []
    for command in ADMIN_COMMANDS:
        args = [part.format(data=data_dir, day=day) for part in command]
        started.append((args, _start(["kiosk.admin", "--config", str(config), "--data-dir", str(data_dir), *args])))
    if with_apps:
        for mode in APP_MODES:
            started.append((list(mode), _start(["kiosk", "--config", str(config), "--data-dir", str(data_dir),
                                                *mode, "--exit-after-first-frame"])))
    failures = []
    for args, process in started:
        out, err = process.communicate(timeout=240)
        if process.returncode != 0 or "Traceback" in out + err:
            failures.append(f"{' '.join(args)} -> {process.returncode}: {(out + err).strip()[-400:]}")
    return failures


def _assert_whole(data_dir: Path) -> None:
    """One secret, whole fonts, and no scratch file left behind by any process."""
    secret = (data_dir / SECRET_FILE_NAME).read_text(encoding="ascii").strip()
    assert len(bytes.fromhex(secret)) >= 16
    for font in (data_dir / "fonts").glob("*.otf"):
        assert font.read_bytes()[:4] == b"OTTO" and font.stat().st_size > 1_000_000, font
    leftovers = [path.name for path in data_dir.rglob(".*") if path.is_file() and path.name != ".gitignore"]
    assert not leftovers, leftovers


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.ini"
    path.write_text("[display]\nfullscreen = no\nwindow_size = 1080x1920\n", encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("fresh", [True, False], ids=["fresh", "existing"])
def test_commands_and_apps_started_at_once_all_do_their_work(tmp_path, config, fresh):
    data_dir = tmp_path / "data"
    if not fresh:
        assert not _round(data_dir, config, with_apps=False)  # the folder exists before the race
    with_apps = bool(os.environ.get("DISPLAY"))  # the test command starts Xvfb; without it, commands only
    for round_number in range(ROUNDS):
        if fresh and round_number:
            subprocess.run(["rm", "-rf", str(data_dir)], check=True)
        failures = _round(data_dir, config, with_apps, round_number + 1)
        assert not failures, "\n".join(failures)
        _assert_whole(data_dir)


def _write_lines(path: str, worker: int, count: int) -> None:
    handler = SharedRotatingFileHandler(Path(path), max_bytes=4_000, backup_count=10_000)
    import logging

    for number in range(count):
        handler.emit(logging.makeLogRecord({"msg": f"worker {worker} line {number}", "levelno": 20,
                                            "levelname": "INFO"}))
    handler.close()


def test_processes_sharing_a_log_lose_no_line_across_rotations(tmp_path):
    log = tmp_path / "kiosk.log"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_write_lines, args=(str(log), worker, 400)) for worker in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    files = [log, *tmp_path.glob("kiosk.log.*[0-9]")]
    assert len(files) > 5  # it did rotate, many times over
    lines = [line for path in files for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 1600 and len(set(lines)) == 1600
    for path in files:
        assert path.stat().st_size <= 4_000


def test_each_kind_of_process_logs_to_its_own_file(tmp_path, config):
    data_dir = tmp_path / "data"
    result = subprocess.run([sys.executable, "-m", "kiosk.admin", "--config", str(config), "--data-dir",
                             str(data_dir), "audit"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (data_dir / "logs" / "kiosk-admin.log").exists() and not (data_dir / "logs" / "kiosk.log").exists()
    path = configure_logging(data_dir / "logs", "counter.log")
    assert path.name == "counter.log"


def test_a_second_kiosk_on_one_folder_is_refused_and_never_removes_the_first_ones_pid(tmp_path):
    first = hold_instance_lock(tmp_path)
    write_pid(tmp_path)
    context = multiprocessing.get_context("fork")
    queue = context.Queue()

    def second() -> None:
        try:
            hold_instance_lock(tmp_path)
            queue.put("started")
        except AlreadyRunning as refused:
            remove_pid(tmp_path)  # what its way out does: it must leave the first kiosk's file
            queue.put(str(refused))

    process = context.Process(target=second)
    process.start()
    process.join(30)
    message = queue.get(timeout=5)
    assert "already running" in message and f"pid {os.getpid()}" in message
    assert read_running_pid(tmp_path) == os.getpid()
    os.close(first)
    remove_pid(tmp_path)
    assert read_running_pid(tmp_path) is None


def test_the_kiosk_command_refuses_a_folder_another_kiosk_holds_in_one_line(tmp_path, config):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    held = hold_instance_lock(data_dir)
    write_pid(data_dir)
    result = child_processes.run([sys.executable, "-m", "kiosk", "--config", str(config), "--data-dir",
                                  str(data_dir)], timeout=120)
    os.close(held)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "already running" in result.stderr and str(os.getpid()) in result.stderr
    assert read_running_pid(data_dir) == os.getpid()
