"""The running kiosk's process id and its instance lock, kept in its data folder.

The pid file lets staff tools find the kiosk (``kiosk-admin stop``); the lock
(``flock`` on ``kiosk.lock``, released by the kernel however the process ends)
is what refuses a second kiosk on the same folder, since a pid file alone can be
stale or be read half-written.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from pathlib import Path

PID_FILE_NAME = "kiosk.pid"
LOCK_FILE_NAME = "kiosk.lock"


class AlreadyRunning(Exception):
    """Another kiosk holds this data folder's instance lock."""

    def __init__(self, data_dir: Path, pid: int | None):
        self.data_dir, self.pid = data_dir, pid
        who = f" (pid {pid})" if pid else ""
        super().__init__(f"a kiosk is already running on {data_dir}{who}; stop it first (kiosk-admin stop)")


def pid_file(data_dir: Path) -> Path:
    return data_dir / PID_FILE_NAME


def hold_instance_lock(data_dir: Path) -> int:
    """Take the folder's kiosk lock for the life of this process; AlreadyRunning if another has it."""
    fd = os.open(data_dir / LOCK_FILE_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise AlreadyRunning(data_dir, read_running_pid(data_dir)) from None
    return fd


def write_pid(data_dir: Path) -> None:
    """Write the pid whole (a reader never sees an empty or partial file)."""
    handle, temporary = tempfile.mkstemp(dir=data_dir, prefix=".kiosk-pid-")
    try:
        os.write(handle, str(os.getpid()).encode("ascii"))
    finally:
        os.close(handle)
    os.replace(temporary, pid_file(data_dir))


def remove_pid(data_dir: Path) -> None:
    """Remove the pid file if it is this process's: never another kiosk's."""
    with contextlib.suppress(OSError, ValueError):
        if int(pid_file(data_dir).read_text(encoding="ascii").strip()) == os.getpid():
            pid_file(data_dir).unlink()


def read_running_pid(data_dir: Path) -> int | None:
    """The pid of a live kiosk process, or None (a stale file from a crash counts as none)."""
    try:
        pid = int(pid_file(data_dir).read_text(encoding="ascii").strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid
