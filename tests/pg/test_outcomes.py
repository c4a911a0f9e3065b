"""The health-check outcome log on the server answers as the one in the SQLite file does, and is copied with it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from queue_helpers import moment

from kiosk.health.decision import decide
from kiosk.health.postgres_store import PostgresOutcomeStore
from kiosk.health.store import Outcome, Override, SqliteOutcomeStore
from kiosk.queue.postgres_store import PostgresQueueStore, copy_sqlite_store
from kiosk.queue.sqlite_store import SqliteQueueStore

REASONS = (("green", "health_code_url", "green"), ("red", "health_code_url", "red"),
           ("no_code", "none", "none"), ("eu_valid", "eu_dcc", "none"))


def _fill(store) -> None:
    for index in range(12):
        reason, kind, colour = REASONS[index % len(REASONS)]
        store.add(Outcome.of(decide(reason, kind, colour), moment("09:00") + timedelta(minutes=7 * index),
                             f"kiosk-{index % 2}"))
    store.add_override(Override(moment("09:30"), "kiosk-1", "staff-7", "refer", "no_code"))
    store.add_override(Override(moment("09:10"), "kiosk-0", "staff-2", "refer", "red"))


@pytest.fixture
def stores(tmp_path, pg_url):
    server = PostgresOutcomeStore(pg_url)
    yield SqliteOutcomeStore(tmp_path / "queue.db"), server
    server.close()


def test_outcomes_and_overrides_read_back_alike_from_both_stores(stores):
    local, server = stores
    for store in stores:
        _fill(store)
    for since, until in ((None, None), (moment("09:14"), None), (None, moment("09:35")),
                         (moment("09:14"), moment("09:35")), (moment("12:00"), None)):
        assert server.outcomes(since, until) == local.outcomes(since, until)
    assert len(server.outcomes(moment("09:14"), moment("09:35"))) == 3
    assert server.overrides() == local.overrides() and server.overrides()[0].staff_id == "staff-2"


def test_db_copy_takes_the_outcome_log_along(stores, tmp_path, pg_cluster):
    local, _ = stores
    _fill(local)
    url = pg_cluster.create_database()
    target = PostgresOutcomeStore(url)  # the log's tables first, then the queue's schema beside them
    queue = PostgresQueueStore(url)
    SqliteQueueStore(tmp_path / "queue.db").close()  # the queue's own tables beside the log
    copied = copy_sqlite_store(tmp_path / "queue.db", queue)
    queue.close()
    assert (copied["health_check_outcomes"], copied["health_check_overrides"]) == (12, 2)
    assert target.outcomes() == local.outcomes() and target.overrides() == local.overrides()
    target.add_override(Override(moment("10:00"), "kiosk-0", "staff-2", "refer", "red"))  # ids go on
    assert len(target.overrides()) == 3
    target.close()
