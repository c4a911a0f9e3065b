"""Home (首页): the centre, today's reception hours, the hotline and the rolling notice."""

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import StringProperty

from kiosk.reception import ReceptionState, next_opening, posted_week, reception_today, sessions_text
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen

load_kv_beside(__file__)

REFRESH_SECONDS = 30
STATE_COLOUR = {
    ReceptionState.OPEN: "open",
    ReceptionState.NOT_YET_OPEN: "break",
    ReceptionState.BREAK: "break",
    ReceptionState.FINISHED: "closed",
    ReceptionState.CLOSED_TODAY: "closed",
}


class HomeScreen(KioskScreen):
    hours_text = StringProperty("")
    reception_state = StringProperty(ReceptionState.CLOSED_TODAY.value)
    state_colour = StringProperty("closed")
    week_text = StringProperty("")
    next_opening_text = StringProperty("")

    def on_kv_post(self, _base_widget) -> None:
        self.refresh()
        Clock.schedule_interval(self.refresh, REFRESH_SECONDS)
        App.get_running_app().bind(language=self.refresh)

    def refresh(self, *_args) -> None:
        """Posted hours and whether the centre receives now; they change with the clock."""
        app = App.get_running_app()
        today = reception_today(app.settings.hours, app.now())
        self.hours_text = today.sessions_text
        self.reception_state = today.state.value
        self.state_colour = STATE_COLOUR[today.state]
        opening = next_opening(app.settings.hours, app.now())
        self.next_opening_text = "" if today.state is ReceptionState.OPEN or opening is None else app.t(
            "home.next_opening", app.language,
            day=app.t(f"weekday_short.{opening.weekday()}", app.language), time=f"{opening:%H:%M}")
        self.week_text = "\n".join(self._posted_line(app, run) for run in posted_week(app.settings.hours))

    @staticmethod
    def _posted_line(app, run) -> str:
        language = app.language
        days = app.t(f"weekday_short.{run.first_weekday}", language)
        if run.last_weekday != run.first_weekday:
            form = "weekday_pair" if run.last_weekday == run.first_weekday + 1 else "weekday_range"
            days = app.t(form, language, first=days, last=app.t(f"weekday_short.{run.last_weekday}", language))
        hours = sessions_text(run.sessions) or app.t("home.day_closed", language)
        return app.t("home.posted_line", language, days=days, hours=hours)
