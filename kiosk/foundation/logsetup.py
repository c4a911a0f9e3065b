"""Logging to a rotating file in the data directory.

Tracebacks go here, never to the screen. Health-code payloads, names, ID and
phone numbers are never passed to a logger in the first place.

Each kind of process has its own file (``kiosk.log``, ``counter.log``,
``display.log``, ``kiosk-admin.log``), and several processes of one kind (two
counter terminals, a cron report beside a backup) share it safely: every record
is one ``O_APPEND`` write, and rotation happens under an exclusive ``flock`` so
that no line is lost or written twice when two processes reach the size limit.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import sys
import threading
from pathlib import Path

LOG_FILE_NAME = "kiosk.log"
ADMIN_LOG_FILE_NAME = "kiosk-admin.log"
# The app's --mode -> its log file: one file per kind of process.
MODE_LOG_FILE_NAMES = {"kiosk": LOG_FILE_NAME, "counter": "counter.log", "display": "display.log",
                       "rating": "rating.log"}
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
_FORMAT = "%(asctime)s %(levelname)s %(process)d %(threadName)s %(name)s: %(message)s"


class SharedRotatingFileHandler(logging.Handler):
    """A size-rotated log file that several processes append to at once.

    Python's RotatingFileHandler keeps its file open and rotates on its own count, so
    two processes rotate twice and write into renamed files (lines lost or out of
    place). Here the size is read, and the rotation done, under a lock on a
    ``.lock`` file beside the log; a process whose open file was rotated by another
    reopens it before writing.
    """

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backup_count: int = BACKUP_COUNT):
        super().__init__()
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.backup_count = backup_count
        self._lock_fd = os.open(self.path.with_name(self.path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        self._fd: int | None = self._open()  # created at once, as staff expect to find it

    def _open(self) -> int:
        return os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def _current_fd(self) -> int:
        """The open log file, reopened when another process rotated it away."""
        if self._fd is not None:
            try:
                same = os.path.samestat(os.fstat(self._fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                return self._fd
            os.close(self._fd)
        self._fd = self._open()
        return self._fd

    def _rotate(self) -> None:
        for number in range(self.backup_count - 1, 0, -1):
            older = self.path.with_name(f"{self.path.name}.{number}")
            if older.exists():
                os.replace(older, self.path.with_name(f"{self.path.name}.{number + 1}"))
        os.replace(self.path, self.path.with_name(f"{self.path.name}.1"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            data = (self.format(record) + "\n").encode("utf-8", "replace")
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            try:
                fd = self._current_fd()
                size = os.fstat(fd).st_size
                if size and size + len(data) > self.max_bytes:
                    self._rotate()
                    fd = self._current_fd()
                os.write(fd, data)
            finally:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        except Exception:
            self.handleError(record)

    def close(self) -> None:
        self.acquire()
        try:
            for fd in (self._fd, self._lock_fd):
                if fd is not None:
                    with contextlib.suppress(OSError):
                        os.close(fd)
            self._fd = None
        finally:
            self.release()
            super().close()


def configure_logging(log_dir: Path, name: str = LOG_FILE_NAME, console: bool = False) -> Path:
    """Send the root logger to ``log_dir/name`` (1 MB x 5 files, shared safely across processes)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / name
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "kiosk_handler", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = SharedRotatingFileHandler(path)
    file_handler.setFormatter(logging.Formatter(_FORMAT))
    file_handler.kiosk_handler = True
    root.addHandler(file_handler)
    if console:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(logging.Formatter(_FORMAT))
        stream.kiosk_handler = True
        root.addHandler(stream)
    root.setLevel(logging.INFO)
    threading.excepthook = _log_thread_exception
    return path


def _log_thread_exception(args: threading.ExceptHookArgs) -> None:
    logging.getLogger("kiosk.thread").error(
        "uncaught exception in thread %s",
        args.thread.name if args.thread else "?",
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
    )
