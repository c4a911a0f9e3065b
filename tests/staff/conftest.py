"""Staff core set-up: a store on SQLite and on PostgreSQL, a desk over it, the centre's clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.foundation.config import load_settings
from kiosk.queue import Queue, QueueStore
from kiosk.queue.sqlite_store import SqliteQueueStore
from kiosk.staff.centre_setup import CentreSetup

ZONE = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 11, 30)  # the shipped hours: open 09:00-12:00 and 13:30-17:00


def moment(clock: str, days: int = 0) -> datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(MONDAY + timedelta(days=days), time(hours, minutes), tzinfo=ZONE)


@pytest.fixture
def at() -> Callable[..., datetime]:
    """``at("09:30")`` is Monday 2026-11-30 09:30 in the centre's zone."""
    return moment


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path) -> str:
    """Where one centre's queue lives: a SQLite file, or a database on the throwaway PostgreSQL server."""
    if request.param == "postgres":
        return request.getfixturevalue("pg_cluster").create_database()
    return str(tmp_path / "queue.db")


def open_store(url: str) -> QueueStore:
    """A store on ``url``, as one process opens it."""
    if url.startswith("postgres"):
        from kiosk.queue.postgres_store import PostgresQueueStore

        return PostgresQueueStore(url, ZONE)
    return SqliteQueueStore(url, ZONE)


@pytest.fixture
def desk(store_url) -> Iterator[Queue]:
    desk = Queue.prepared(open_store(store_url), load_settings())
    yield desk
    desk.store.close()


@pytest.fixture
def setup(desk) -> CentreSetup:
    return CentreSetup(desk.centre, desk.centre.settings)
