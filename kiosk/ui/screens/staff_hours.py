"""Reception hours and day overrides: pick a weekday or a date, type the sessions on the pad, save."""

from __future__ import annotations

from datetime import date, timedelta

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty

from kiosk.foundation.config import WEEKDAYS
from kiosk.staff.centre_setup import sessions_from_digits
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.staff_widgets import StaffPage, StaffTile
from kiosk.ui.widgets import fill_tiles
from kiosk.visitor.staff import hours_table

load_kv_beside(__file__)

MAX_DIGITS = 16  # two sessions: four times of four digits
OVERRIDE_DAYS_AHEAD = 90


class StaffHoursScreen(StaffPage):
    key = StringProperty("")  # the weekday or date being edited
    typed = StringProperty("")
    day = ObjectProperty(None)  # the date the date picker shows
    is_override = BooleanProperty(False)

    def on_kv_post(self, _base_widget) -> None:
        App.get_running_app().bind(language=lambda *_: self.update_texts())
        self._table: dict[str, str] = {}

    def on_pre_enter(self) -> None:
        self.day = App.get_running_app().now().date()
        super().on_pre_enter()

    def refresh(self) -> None:
        self.read(hours_table, show=self._show)

    def _show(self, table: dict[str, str]) -> None:
        self._table = table
        today = App.get_running_app().now().date().isoformat()
        dates = sorted(key for key in table if "-" in key and key >= today)
        fill_tiles(self.ids.tiles, [StaffTile(key=key) for key in (*WEEKDAYS, *dates)], self.choose)
        self.update_texts()

    def label(self, key: str) -> str:
        app = App.get_running_app()
        if key in WEEKDAYS:
            return app.t(f"weekday.{WEEKDAYS.index(key)}", app.language)
        return app.t("staff.date_override", app.language, day=key)

    def update_texts(self) -> None:
        app = App.get_running_app()
        for tile in self.ids.tiles.children:
            sessions = self._table.get(tile.key, "closed")
            tile.title = self.label(tile.key)
            tile.detail = app.t("home.day_closed", app.language) if sessions == "closed" else sessions
            tile.selected = tile.key == self.key

    def choose(self, tile: StaffTile) -> None:
        self.edit(tile.key)

    def edit(self, key: str) -> None:
        self.key, self.typed = key, ""
        self.answer(None)
        self.is_override = "-" in key
        self.update_texts()
        # In portrait the editor sits below the days: bring it into view once it has its height.
        Clock.schedule_once(lambda _dt: self.ids.scroll.scroll_to(self.ids.editor, animate=False))

    def edit_day(self) -> None:
        self.edit(self.day.isoformat())

    def move_day(self, days: int) -> None:
        today = App.get_running_app().now().date()
        self.day = min(max(self.day + timedelta(days=days), today), today + timedelta(days=OVERRIDE_DAYS_AHEAD))

    def day_text(self, day: date | None) -> str:
        if day is None:
            return ""
        app = App.get_running_app()
        return f"{day.isoformat()} {app.t(f'weekday_short.{day.weekday()}', app.language)}"

    def add_digit(self, digit: str) -> None:
        if len(self.typed) < MAX_DIGITS:
            self.typed += digit

    def preview(self, key: str, typed: str) -> str:
        return sessions_from_digits(typed) if typed else self._table.get(key, "closed") if key else ""

    def save(self, closed: bool = False) -> None:
        key, text = self.key, "closed" if closed else sessions_from_digits(self.typed)
        self.change(lambda setup, who, now: setup.set_hours(key, text, who, now))

    def remove_override(self) -> None:
        key = self.key
        self.change(lambda setup, who, now: setup.set_hours(key, None, who, now))
        self.key = ""

    def saved(self, _result) -> None:
        if not self.refused:
            self.typed = ""

    def forget(self) -> None:
        super().forget()
        self.key, self.typed = "", ""
