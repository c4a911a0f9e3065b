"""Work off the UI thread, with the result handed back on it.

Store and device calls can be slow or hang (a server restarting, a printer off, a serial
thermometer answering in up to 8 s); the screens stay responsive and get the outcome through
the Kivy clock. Each worker is one thread: it keeps its store's operations in the visitor's
order and is the only thread that touches that store (an SQLite connection belongs to its
thread). The app creates its workers when it starts and stops them on every way out.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from kivy.clock import Clock

from kiosk.visitor import DEVICE, DRAWING, LEGAL, PRINTER, QUEUE, VOICE

log = logging.getLogger(__name__)

_STOP = object()


class Worker:
    """One daemon thread doing jobs in order. Daemon, so that stopping the kiosk never waits for
    a slow job (an interrupted SQLite transaction rolls back)."""

    def __init__(self, name: str):
        self.name = name
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            job = self._jobs.get()
            if job is _STOP:
                return
            future, work = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(work())
            except BaseException as error:
                future.set_exception(error)

    def _submit(self, work: Callable[[], Any]) -> Future:
        future: Future = Future()
        self._jobs.put((future, work))
        return future

    def run(self, work: Callable[[], Any], done: Callable[[Any], None],
            failed: Callable[[BaseException], None]) -> Future:
        """Run ``work`` here; call ``done(result)`` or ``failed(error)`` on the UI thread."""

        def finished(future: Future) -> None:
            error = future.exception()
            if error is None:
                result = future.result()
                Clock.schedule_once(lambda _dt: done(result))
            else:
                log.error("background work failed on %s", self.name, exc_info=error)
                Clock.schedule_once(lambda _dt: failed(error))

        future = self._submit(work)
        future.add_done_callback(finished)
        return future

    def run_now(self, work: Callable[[], Any]) -> Any:
        """Run ``work`` here and wait: for set-up whose objects belong to this thread."""
        return self._submit(work).result()

    def stop(self) -> None:
        """The thread ends once the jobs queued before are done; safe to call twice."""
        self._jobs.put(_STOP)


class Workers:
    """An app's threads, one per kind of work a use case declares (:mod:`kiosk.visitor`): the queue
    store; the legal knowledge base (whose first use loads jieba for a second); the printer, whose
    faults take a timeout to show and must not hold up the queue; devices such as the serial
    thermometer; drawing pictures (charts, a document's pages); and reading a text aloud, which takes as
    long as the sentence."""

    def __init__(self, prefix: str = "kiosk"):
        self._by_kind = {kind: Worker(f"{prefix}-{kind}") for kind in (QUEUE, LEGAL, PRINTER, DEVICE, DRAWING, VOICE)}

    def __getitem__(self, kind: str) -> Worker:
        return self._by_kind[kind]

    @property
    def queue(self) -> Worker:
        return self._by_kind[QUEUE]

    def stop(self) -> None:
        for worker in self._by_kind.values():
            worker.stop()
