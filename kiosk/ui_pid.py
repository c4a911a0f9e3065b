"""The running kiosk's process id, kept in its data folder so staff tools can find it."""

from __future__ import annotations

import os
from pathlib import Path

PID_FILE_NAME = "kiosk.pid"


def pid_file(data_dir: Path) -> Path:
    return data_dir / PID_FILE_NAME


def write_pid(data_dir: Path) -> None:
    pid_file(data_dir).write_text(str(os.getpid()), encoding="ascii")


def read_running_pid(data_dir: Path) -> int | None:
    """The pid of a live kiosk process, or None (a stale file from a crash counts as none)."""
    try:
        pid = int(pid_file(data_dir).read_text(encoding="ascii").strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid
