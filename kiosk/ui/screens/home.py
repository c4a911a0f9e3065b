"""Home (首页): the posted hours, the hall against its limit, the queue per service, the entries."""

from __future__ import annotations

from dataclasses import dataclass

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, StringProperty

from kiosk.foundation.config import WEEKDAYS, sessions
from kiosk.queue import Counter, HallStatus, ServiceOverview, TodayHours
from kiosk.queue.hours import PostedHours, ReceptionState, posted_week, reception_state, sessions_text
from kiosk.queue.model import DISINFECTION, DisinfectionRound
from kiosk.ui.background import run_in_background
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen

load_kv_beside(__file__)

REFRESH_SECONDS = 20
STATE_COLOUR = {
    ReceptionState.OPEN: "open",
    ReceptionState.NOT_YET_OPEN: "break",
    ReceptionState.BREAK: "break",
    ReceptionState.FINISHED: "closed",
    ReceptionState.CLOSED_TODAY: "closed",
}


@dataclass(frozen=True)
class HomeFigures:
    """What the home screen posts, read from the store in one go."""

    today: TodayHours
    week: list[PostedHours]
    hall: HallStatus
    services: list[ServiceOverview]
    counters: list[Counter]
    last_disinfection: DisinfectionRound | None


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

    def refresh(self, *_args) -> None:
        """Read the figures off the UI thread; they change with every ticket and the clock."""
        app = App.get_running_app()
        run_in_background(lambda: self._read(app), self._loaded, lambda _error: None)

    @staticmethod
    def _read(app) -> HomeFigures:
        now = app.now()
        table = app.desk.centre.hours_table()
        week = posted_week([sessions(table.get(name, "closed")) for name in WEEKDAYS])
        return HomeFigures(app.desk.centre.today_hours(now), week, app.desk.tickets.hall_status(now),
                           app.desk.tickets.services_overview(now), app.desk.tickets.counters(),
                           app.desk.staff_log.last_rounds().get(DISINFECTION))

    def _loaded(self, figures: HomeFigures) -> None:
        self._figures = figures
        self.show()

    def show(self) -> None:
        figures = self._figures
        if figures is None:
            return
        app = App.get_running_app()
        language = app.language
        state = reception_state(figures.today.sessions, app.now())
        self.hours_text = sessions_text(figures.today.sessions)
        self.reception_state = state.value
        self.state_colour = STATE_COLOUR[state]
        opening = figures.today.next_opening
        self.next_opening_text = "" if state is ReceptionState.OPEN or opening is None else app.t(
            "home.next_opening", language, day=app.t(f"weekday_short.{opening.weekday()}", language),
            time=f"{opening:%H:%M}")
        self.week_text = "\n".join(self._posted_line(app, run) for run in figures.week)
        open_counters = [counter.name or counter.id for counter in figures.counters if counter.open]
        self.counters_text = app.t("home.counters", language, count=len(open_counters),
                                   names="、".join(open_counters)) if open_counters else ""
        hall = figures.hall
        self.hall_text = app.t("home.hall", language, occupied=hall.occupied_spots, limit=hall.usable_spots)
        lines = [app.t("home.queue_line", language, waiting=o.waiting,
                       service=o.service.name_en if language == "en" else o.service.name)
                 for o in figures.services if o.service.enabled]
        half = (len(lines) + 1) // 2
        disinfected = figures.last_disinfection
        self.disinfection_recorded = disinfected is not None
        if disinfected is None:
            self.disinfection_text = app.t("home.no_disinfection", language)
        else:
            at = disinfected.at.astimezone(app.zone)
            self.disinfection_text = app.t("home.last_disinfection", language,
                                           time=f"{at:%H:%M}" if at.date() == app.now().date() else f"{at:%m-%d %H:%M}")
        self.queue_text, self.queue_more_text = "\n".join(lines[:half]), "\n".join(lines[half:])

    @staticmethod
    def _posted_line(app, run: PostedHours) -> str:
        language = app.language
        days = app.t(f"weekday_short.{run.first_weekday}", language)
        if run.last_weekday != run.first_weekday:
            form = "weekday_pair" if run.last_weekday == run.first_weekday + 1 else "weekday_range"
            days = app.t(form, language, first=days, last=app.t(f"weekday_short.{run.last_weekday}", language))
        hours = sessions_text(run.sessions) or app.t("home.day_closed", language)
        return app.t("home.posted_line", language, days=days, hours=hours)
