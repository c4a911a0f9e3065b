"""Queue test set-up: a store from a fixture (so other stores can run the same tests), a desk, a clock."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.foundation.config import Settings, load_settings
from kiosk.queue import Queue, QueueStore
from kiosk.queue.sqlite_store import SqliteQueueStore

ZONE = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 11, 30)


def moment(clock: str, days: int = 0) -> datetime:
    """An aware time in the centre's zone, ``days`` after Monday 2026-11-30."""
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(MONDAY + timedelta(days=days), time(hours, minutes), tzinfo=ZONE)


def settings_with(**sections: dict) -> Settings:
    """The shipped settings with some keys changed: ``settings_with(queue={"max_priority_in_row": 2})``."""
    base = load_settings()
    changed = {name: dataclasses.replace(getattr(base, name), **values) for name, values in sections.items()}
    return dataclasses.replace(base, **changed)


@pytest.fixture
def at() -> Callable[..., datetime]:
    """``at("09:30")`` is Monday 2026-11-30 09:30 in Asia/Shanghai; ``at("09:30", days=1)`` the Tuesday."""
    return moment


@pytest.fixture(params=["sqlite", "postgres"])
def store_factory(request, tmp_path) -> Iterator[Callable[[], QueueStore]]:
    """Opens a store on the queue ``name``; each call is like another process's connection.

    Every queue test runs on the embedded SQLite file and on a PostgreSQL server.
    """
    opened: list[QueueStore] = []
    urls: dict[str, str] = {}

    def open_store(name: str = "queue") -> QueueStore:
        if request.param == "postgres":
            from kiosk.queue.postgres_store import PostgresQueueStore

            url = urls.setdefault(name, request.getfixturevalue("pg_cluster").create_database())
            store: QueueStore = PostgresQueueStore(url, ZONE)
        else:
            store = SqliteQueueStore(tmp_path / f"{name}.db", ZONE)
        opened.append(store)
        return store

    yield open_store
    for store in opened:
        store.close()


@pytest.fixture
def make_desk(store_factory) -> Callable[..., Queue]:
    """``make_desk(queue={...}, hall={...})``: a desk over a fresh store with those settings."""

    def make(**sections: dict) -> Queue:
        return Queue.prepared(store_factory(), settings_with(**sections))

    return make


@pytest.fixture
def desk(make_desk) -> Queue:
    return make_desk()
