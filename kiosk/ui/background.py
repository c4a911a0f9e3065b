"""Work off the UI thread, with the result handed back on it.

Store and device calls can be slow or hang (a server restarting, a printer off);
the screens stay responsive and get the outcome through the Kivy clock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from kivy.clock import Clock

log = logging.getLogger(__name__)

# One worker keeps the store's operations in the order the visitor made them, and is the
# only thread that touches the store (an SQLite connection belongs to its thread).
_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-work")


def run_in_background(work: Callable[[], Any], done: Callable[[Any], None],
                      failed: Callable[[BaseException], None]) -> Future:
    """Run ``work`` on the worker; call ``done(result)`` or ``failed(error)`` on the UI thread."""

    def finished(future: Future) -> None:
        error = future.exception()
        if error is None:
            result = future.result()
            Clock.schedule_once(lambda _dt: done(result))
        else:
            log.error("background work failed", exc_info=error)
            Clock.schedule_once(lambda _dt: failed(error))

    future = _worker.submit(work)
    future.add_done_callback(finished)
    return future


def run_on_worker_now(work: Callable[[], Any]) -> Any:
    """Run ``work`` on the worker and wait: for set-up whose objects belong to that thread."""
    return _worker.submit(work).result()
