"""Home (首页): the posted hours, the hall against its limit, the queue per service, the entries."""

from __future__ import annotations

from dataclasses import asdict

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, StringProperty

from kiosk.queue.hours import ReceptionState
from kiosk.ui.base_app import ignore
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.visitor.home import HomeFigures, home_figures

load_kv_beside(__file__)

REFRESH_SECONDS = 20


class HomeScreen(KioskScreen):
    hours_text = StringProperty("")
    reception_state = StringProperty(ReceptionState.CLOSED_TODAY.value)
    state_colour = StringProperty("closed")
    week_text = StringProperty("")
    next_opening_text = StringProperty("")
    hall_text = StringProperty("")
    queue_text = StringProperty("")
    queue_more_text = StringProperty("")
    counters_text = StringProperty("")
    disinfection_text = StringProperty("")
    disinfection_recorded = BooleanProperty(False)  # green only for a round on record

    def on_kv_post(self, _base_widget) -> None:
        app = App.get_running_app()
        self._figures: HomeFigures | None = None
        self.refresh()
        self.refresher = Clock.schedule_interval(self.refresh, REFRESH_SECONDS)
        app.bind(language=lambda *_: self.show())

    def on_pre_enter(self) -> None:
        self.refresh()

    def ask_to_be_contacted(self) -> None:
        from kiosk.ui.screens.workorder import start_contact  # built after the first frame

        start_contact()

    def refresh(self, *_args) -> None:
        """Read the figures off the UI thread; they change with every ticket and the clock."""
        app = App.get_running_app()
        app.act(home_figures, app.now(), done=self._loaded, failed=ignore)

    def _loaded(self, figures: HomeFigures) -> None:
        self._figures = figures
        self.show()

    def show(self) -> None:
        if self._figures is None:
            return
        app = App.get_running_app()
        texts = self._figures.texts(app.language, app.now(), app.zone)
        for name, value in asdict(texts).items():
            setattr(self, name, value)
