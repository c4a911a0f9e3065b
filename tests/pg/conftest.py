"""PostgreSQL test set-up: one private server for the session, a fresh database per test.

The clock and settings helpers are the queue suite's own (``queue_helpers``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from local_cluster import LocalCluster
from queue_helpers import ZONE, moment, settings_with

from kiosk.queue import Queue
from kiosk.queue.postgres_store import PostgresQueueStore


@pytest.fixture
def pg_url(pg_cluster: LocalCluster) -> str:
    """A fresh database with the queue schema, for this test alone."""
    return pg_cluster.create_database()


@pytest.fixture
def open_store(pg_url) -> Iterator[Callable[..., PostgresQueueStore]]:
    """Opens another connection to this test's database (or ``url``), as another kiosk or counter would."""
    opened: list[PostgresQueueStore] = []

    def open_one(url: str | None = None, **options) -> PostgresQueueStore:
        store = PostgresQueueStore(url or pg_url, ZONE, **options)
        opened.append(store)
        return store

    yield open_one
    for store in opened:
        store.close()


@pytest.fixture
def make_desk(open_store) -> Callable[..., Queue]:
    """``make_desk(queue={...})``: a desk on this test's database (or ``url``) with those settings."""
    return lambda url=None, **sections: Queue.prepared(open_store(url), settings_with(**sections))


@pytest.fixture
def desk(make_desk) -> Queue:
    return make_desk()


@pytest.fixture
def at() -> Callable[..., object]:
    return moment
