"""The calm screen a visitor sees when something went wrong; it returns home by itself."""

from kivy.clock import Clock

from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen

load_kv_beside(__file__)

RETURN_HOME_SECONDS = 20


class ErrorScreen(KioskScreen):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._return_home = Clock.create_trigger(self.go_home, RETURN_HOME_SECONDS)

    def on_enter(self) -> None:
        self._return_home()

    def on_leave(self) -> None:
        self._return_home.cancel()

    def go_home(self, *_args) -> None:
        self.manager.current = "home"
