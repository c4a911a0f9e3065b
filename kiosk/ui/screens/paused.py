"""Tickets paused (暂停取号): the queue store did not answer; the kiosk retries by itself."""

from kivy.app import App
from kivy.clock import Clock

from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen

load_kv_beside(__file__)

RETRY_SECONDS = 5


class PausedScreen(KioskScreen):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._retry = Clock.create_trigger(self.retry, RETRY_SECONDS)

    def on_enter(self) -> None:
        self._retry()

    def retry(self, *_args) -> None:
        App.get_running_app().resume_store(self._back, lambda _error: self._retry())

    def _back(self) -> None:
        if self.manager.current != self.name:
            return
        app = App.get_running_app()
        resume, app.resume_after_pause = app.resume_after_pause, None
        if resume is None:
            app.forget_visitor()
        else:
            resume()

    def on_leave(self) -> None:
        self._retry.cancel()
