"""Priority (优先): front-line epidemic workers, the elderly, the disabled and pregnant women go first."""

from kivy.app import App
from kivy.properties import BooleanProperty

from kiosk.queue import Refusal
from kiosk.ui.background import run_in_background
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen

load_kv_beside(__file__)


class PriorityScreen(KioskScreen):
    issuing = BooleanProperty(False)

    def choose(self, priority: str | None) -> None:
        """Take the number; staff confirm the priority at the counter."""
        if self.issuing:
            return
        app = App.get_running_app()
        app.visit.priority = priority
        service = app.visit.service.code
        self.issuing = True

        def issue():
            now = app.now()
            result = app.desk.issue_ticket(service, priority, now)
            ahead = 0 if isinstance(result, Refusal) else app.desk.people_ahead(result, now)
            return result, ahead

        run_in_background(issue, self._issued, self._failed)

    def _issued(self, outcome) -> None:
        self.issuing = False
        app = App.get_running_app()
        result, ahead = outcome
        if isinstance(result, Refusal):
            app.visit.refusal = result
            app.go("refusal")
        else:
            app.visit.ticket, app.visit.ahead = result, ahead
            app.go("ticket", remember=False)

    def _failed(self, error: BaseException) -> None:
        self.issuing = False
        App.get_running_app().store_failed(error)

    def forget(self) -> None:
        self.issuing = False
