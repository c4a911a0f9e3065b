"""A kiosk whose store cannot be opened at start-up comes up paused and recovers by itself."""

import pytest

pytestmark = pytest.mark.ui


def test_an_unopenable_store_starts_paused_then_recovers(start_kiosk, tmp_path, monkeypatch):
    from kiosk.queue import StoreError
    from kiosk.ui import app as app_module

    attempts = {"count": 0}
    real_open_desk = app_module.open_queue

    def flaky_open_desk(runtime):
        attempts["count"] += 1
        if attempts["count"] <= 2:  # the server is still starting
            raise StoreError("connection refused")
        return real_open_desk(runtime)

    monkeypatch.setattr(app_module, "open_queue", flaky_open_desk)
    kiosk = start_kiosk()
    kiosk.run_until(lambda: kiosk.app.root.current == "paused")
    kiosk.screen("paused")._retry.timeout = 0.3
    kiosk.run_until(lambda: kiosk.app.root.current == "home")
    assert kiosk.app.desk is not None and attempts["count"] == 3
