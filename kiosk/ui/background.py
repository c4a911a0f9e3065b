"""Work off the UI thread, with the result handed back on it.

Store and device calls can be slow or hang (a server restarting, a printer off);
the screens stay responsive and get the outcome through the Kivy clock. Each
worker is one thread: it keeps its store's operations in the visitor's order and
is the only thread that touches that store (an SQLite connection belongs to its
thread).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from kivy.clock import Clock

log = logging.getLogger(__name__)


class Worker:
    def __init__(self, name: str):
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    def run(self, work: Callable[[], Any], done: Callable[[Any], None],
            failed: Callable[[BaseException], None]) -> Future:
        """Run ``work`` here; call ``done(result)`` or ``failed(error)`` on the UI thread."""

        def finished(future: Future) -> None:
            error = future.exception()
            if error is None:
                result = future.result()
                Clock.schedule_once(lambda _dt: done(result))
            else:
                log.error("background work failed", exc_info=error)
                Clock.schedule_once(lambda _dt: failed(error))

        future = self._pool.submit(work)
        future.add_done_callback(finished)
        return future

    def run_now(self, work: Callable[[], Any]) -> Any:
        """Run ``work`` here and wait: for set-up whose objects belong to this thread."""
        return self._pool.submit(work).result()


# The queue store, and the legal knowledge base (whose first use loads jieba for a second).
queue_worker = Worker("kiosk-queue")
legal_worker = Worker("kiosk-legal")


def run_in_background(work: Callable[[], Any], done: Callable[[Any], None],
                      failed: Callable[[BaseException], None]) -> Future:
    """Queue-store work (the common case)."""
    return queue_worker.run(work, done, failed)


def run_on_worker_now(work: Callable[[], Any]) -> Any:
    return queue_worker.run_now(work)
