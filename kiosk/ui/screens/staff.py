"""The staff screen behind the PIN."""

from kivy.app import App

from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen

load_kv_beside(__file__)


class StaffScreen(KioskScreen):
    def leave_kiosk(self) -> None:
        app = App.get_running_app()
        app.log_staff_action("left the kiosk app")
        app.stop()
