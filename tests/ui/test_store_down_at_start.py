"""A kiosk whose store cannot be opened at start-up comes up paused and recovers by itself."""

import pytest

pytestmark = pytest.mark.ui


def test_an_unopenable_store_starts_paused_then_recovers(start_kiosk, tmp_path, monkeypatch):
    from kiosk.queue import StoreError
    from kiosk.ui import app as app_module
    from kiosk.visitor import queueing

    attempts = {"count": 0}
    real_open_services = queueing.open_services

    def flaky_open_services(runtime):
        attempts["count"] += 1
        if attempts["count"] <= 2:  # the server is still starting
            raise StoreError("connection refused")
        return real_open_services(runtime)

    # The kiosk opens its services at start-up; the paused screen opens them again through the visitor layer.
    monkeypatch.setattr(app_module, "open_services", flaky_open_services)
    monkeypatch.setattr(queueing, "open_services", flaky_open_services)
    kiosk = start_kiosk()
    kiosk.run_until(lambda: kiosk.app.root.current == "paused")
    kiosk.screen("paused")._retry.timeout = 0.3
    kiosk.run_until(lambda: kiosk.app.root.current == "home")
    assert kiosk.app.services is not None and attempts["count"] == 3
