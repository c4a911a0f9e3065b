"""The app's workers live as long as the app: created when it starts, stopped on every way out."""

from __future__ import annotations

import pytest

from kiosk.visitor import DEVICE, DRAWING, LEGAL, PRINTER, QUEUE

pytestmark = pytest.mark.ui

KINDS = (QUEUE, LEGAL, PRINTER, DEVICE, DRAWING)


def test_a_stopped_worker_does_what_was_queued_then_ends():
    from kiosk.ui.background import Worker

    worker = Worker("test-worker")
    done: list[int] = []
    worker.run(lambda: done.append(1), lambda _result: None, lambda _error: None)
    worker.stop()
    worker.thread.join(timeout=60)
    assert done == [1] and not worker.thread.is_alive()


def test_the_kiosk_stops_its_workers_and_closes_its_services(start_kiosk):
    kiosk = start_kiosk()
    app = kiosk.app
    threads = [app.workers[kind].thread for kind in KINDS]
    assert all(thread.is_alive() for thread in threads) and app.services is not None
    app.stop_workers()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert app.workers is None and app.services is None


def test_a_failed_start_stops_the_workers_it_created(tmp_path, kivy_window, monkeypatch):
    from kiosk.foundation.runtime import open_runtime
    from kiosk.ui import base_app
    from kiosk.ui.app import KioskApp

    created: list[base_app.Workers] = []

    class RecordedWorkers(base_app.Workers):
        def __init__(self, prefix: str):
            super().__init__(prefix)
            created.append(self)

    monkeypatch.setattr(base_app, "Workers", RecordedWorkers)
    config = tmp_path / "config.ini"
    config.write_text("", encoding="utf-8")
    app = KioskApp(open_runtime(config, tmp_path / "data"))

    def broken_build():
        raise RuntimeError("a screen could not be built")

    monkeypatch.setattr(app, "build", broken_build)
    with pytest.raises(RuntimeError):
        app._run_prepare()
    threads = [workers[kind].thread for workers in created for kind in KINDS]
    for thread in threads:
        thread.join(timeout=60)
    assert len(created) == 1 and app.workers is None and not any(thread.is_alive() for thread in threads)
