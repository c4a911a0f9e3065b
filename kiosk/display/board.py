"""The display board follows the queue store by itself: what it shows, and which calls are new.

Kivy-free; every method runs on the board's one store thread. Polling is cheap:
on SQLite, ``PRAGMA data_version`` on a connection of the board's own says
whether any other process committed since the last look, and only then is the
day read. On a server store, today's tickets are read at each poll (one query)
and the rest only when they changed. A store that cannot be reached gives a
:class:`BoardTrouble` value, is retried every ``retry_seconds``, and the board
recovers by itself.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.display.announcements import Call, in_announcing_order
from kiosk.queue import Ticket, TodayHours

if TYPE_CHECKING:
    from kiosk.wiring import Services

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServiceWaiting:
    """One service's line on the board: people waiting (in the hall or asked to come back later)."""

    code: str
    name_zh: str
    name_en: str
    waiting: int


@dataclass(frozen=True)
class BoardView:
    """Everything the board shows; ``fresh`` are the calls and recalls made since the last view."""

    calls: tuple[Call, ...]
    waiting: tuple[ServiceWaiting, ...]
    hours: TodayHours
    fresh: tuple[Call, ...]

    @property
    def newest(self) -> Call | None:
        return self.calls[0] if self.calls else None


@dataclass(frozen=True)
class BoardTrouble:
    """The store could not be read; the board keeps what it shows and says so calmly."""

    problem: str


class DataVersion:
    """Whether another process committed to the SQLite file since the last look (a few microseconds)."""

    def __init__(self, path: Path):
        self._db = sqlite3.connect(path, isolation_level=None)
        self._seen: int | None = None

    def changed(self) -> bool:
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        changed, self._seen = version != self._seen, version
        return changed

    def close(self) -> None:
        self._db.close()


def calls_of(tickets: list[Ticket]) -> list[Call]:
    """Today's calls, newest first: every ticket a counter has called (also done or no-show since)."""
    called = [t for t in tickets if t.called_at is not None and t.counter is not None and t.id is not None]
    called.sort(key=lambda t: (t.called_at, t.id), reverse=True)
    return [Call(t.id, t.label, t.service, t.counter, t.called_at, t.recalls) for t in called]


class BoardFollower:
    """Reads what the board shows from the store, and tells which calls are new since the last read."""

    def __init__(self, open_services: Callable[[], Services], sqlite_path: Path | None, recent_calls: int,
                 retry_seconds: float = 2.0, refresh_seconds: float = 30.0):
        self._open_services = open_services
        self._sqlite_path = sqlite_path
        self.recent_calls = recent_calls
        self.retry_seconds = retry_seconds
        # Also with no write at all the board changes: the day turns, the hall opens and closes.
        self.refresh_seconds = refresh_seconds
        self.services: Services | None = None
        self._probe: DataVersion | None = None
        self._announced: set[tuple] | None = None  # None until the first read: older calls are not announced
        self._tickets_seen: tuple | None = None
        self._last_read = self._failed_at = float("-inf")
        self._trouble: str | None = None

    def poll(self, now: datetime) -> BoardView | BoardTrouble | None:
        """A new view when something changed, trouble when the store failed, None when nothing is new."""
        moment = time.monotonic()
        if self._trouble is not None and moment - self._failed_at < self.retry_seconds:
            return None
        try:
            view = self._read(now, moment)
        except Exception as error:  # any store fault: file damaged, server down, disk gone
            return self._failed(error, moment)
        if self._trouble is not None:
            log.info("the queue store answers again: the board follows it")
            self._trouble = None
        return view

    def _read(self, now: datetime, moment: float) -> BoardView | None:
        if self.services is None:
            self.services = self._open_services()
            if self._sqlite_path is not None:
                self._probe = DataVersion(self._sqlite_path)
        due = moment - self._last_read >= self.refresh_seconds or self._trouble is not None
        committed = self._probe.changed() if self._probe is not None else None  # None: cannot tell
        if committed is False and not due:
            return None
        tickets = self.services.tickets.tickets_of_day(now.date())
        seen = tuple((t.id, t.status, t.service, t.counter, t.called_at, t.recalls) for t in tickets)
        if committed is None and seen == self._tickets_seen and not due:
            return None
        self._tickets_seen, self._last_read = seen, moment
        calls = calls_of(tickets)
        keys = {call.key for call in calls}
        fresh = [] if self._announced is None else [call for call in calls if call.key not in self._announced]
        self._announced = keys
        waiting = tuple(ServiceWaiting(o.service.code, o.service.name_zh, o.service.name_en, o.waiting + o.deferred)
                        for o in self.services.tickets.services_overview(now) if o.service.enabled)
        return BoardView(tuple(calls[:self.recent_calls]), waiting, self.services.centre.today_hours(now),
                         tuple(in_announcing_order(fresh)))

    def _failed(self, error: Exception, moment: float) -> BoardTrouble:
        problem = f"{type(error).__name__}: {error}"
        if self._trouble is None:
            log.error("the display board cannot read the queue store; retrying every %g s",
                      self.retry_seconds, exc_info=error)
        elif problem != self._trouble:
            log.warning("the queue store still cannot be read: %s", problem)
        self._trouble, self._failed_at = problem, moment
        self.close()
        return BoardTrouble(problem)

    def close(self) -> None:
        """Let go of the store: the next poll opens it again."""
        for thing in (self._probe, self.services):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # closing a broken connection may fail too; it is dropped either way
                    log.debug("closing the store failed", exc_info=True)
        self._probe = self.services = None
