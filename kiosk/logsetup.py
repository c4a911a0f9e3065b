"""Logging to a rotating file in the data directory.

Tracebacks go here, never to the screen. Health-code payloads, names, ID and
phone numbers are never passed to a logger in the first place.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from pathlib import Path

LOG_FILE_NAME = "kiosk.log"
_FORMAT = "%(asctime)s %(levelname)s %(process)d %(threadName)s %(name)s: %(message)s"


def configure_logging(log_dir: Path, name: str = LOG_FILE_NAME, console: bool = False) -> Path:
    """Send the root logger to ``log_dir/name`` (1 MB x 5 files)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / name
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "kiosk_handler", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
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
