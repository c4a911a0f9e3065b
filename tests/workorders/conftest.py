"""Work-order test set-up: a desk on SQLite and on PostgreSQL, a clock, and a real HTTP platform on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from workorder_helpers import DAYS, ZONE, Platform, moment

from kiosk.foundation.config import load_settings
from kiosk.queue.hours import weekly_entries
from kiosk.workorders import WorkOrderDesk
from kiosk.workorders.store import WorkOrderStore
from kiosk.workorders.vault import PhoneVault


@pytest.fixture
def at() -> Callable[..., datetime]:
    return moment


@pytest.fixture(params=["sqlite", "postgres"])
def open_store(request, tmp_path) -> Iterator[Callable[[], WorkOrderStore]]:
    """Opens the work-order store; each call is another process's connection to the same database."""
    opened: list[WorkOrderStore] = []
    url: list[str] = []

    def open_one() -> WorkOrderStore:
        if request.param == "postgres":
            from kiosk.workorders.postgres_store import PostgresWorkOrderStore

            if not url:
                url.append(request.getfixturevalue("pg_cluster").create_database())
            store: WorkOrderStore = PostgresWorkOrderStore(url[0], ZONE)
        else:
            from kiosk.workorders.sqlite_store import SqliteWorkOrderStore

            store = SqliteWorkOrderStore(tmp_path / "kiosk.db", ZONE)
        opened.append(store)
        return store

    yield open_one
    for store in opened:
        store.close()


@pytest.fixture
def vault(tmp_path) -> PhoneVault:
    return PhoneVault.at(tmp_path / "keys" / "workorder-phone.key")


@pytest.fixture
def make_desk(open_store, vault) -> Callable[..., WorkOrderDesk]:
    """A desk on this test's database with the shipped reception hours (Monday to Friday)."""
    table = weekly_entries(load_settings().hours)

    def make(retention_days: int = 30) -> WorkOrderDesk:
        return WorkOrderDesk(open_store(), vault, DAYS, 1, retention_days, lambda: table)

    return make


@pytest.fixture
def desk(make_desk) -> WorkOrderDesk:
    return make_desk()


@pytest.fixture
def platform() -> Iterator[Platform]:
    server = Platform()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"
