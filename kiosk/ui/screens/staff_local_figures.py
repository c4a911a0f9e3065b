"""The calculators' local figures (计算器本地数据): staff choose a figure, type its value and the day it was
published on the pad, and save; it is checked, written into this kiosk's config.ini and kept in the shared
store, from which every kiosk of the centre calculates with it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kivy.app import App
from kivy.properties import StringProperty

from kiosk.foundation.config import Settings
from kiosk.staff.centre_setup import SettingRefusal
from kiosk.staff.local_figures import FIGURES
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.staff_watch import staff_watch
from kiosk.ui.screens.staff_widgets import StaffPage, staff_who
from kiosk.ui.screens.workorder import OptionTile
from kiosk.visitor.staff import policy, set_local_figure

load_kv_beside(__file__)

MAX_VALUE_CHARS, DATE_DIGITS = 9, 8


def date_text(digits: str) -> str:
    """Digits typed for a day as the day is written: 20261120 → 2026-11-20 (shown as far as typed)."""
    return "-".join(part for part in (digits[:4], digits[4:6], digits[6:8]) if part)


class FigureTile(OptionTile):
    key = StringProperty("")


class StaffLocalFiguresScreen(StaffPage):
    key = StringProperty("")  # the figure being edited
    value_text = StringProperty("")
    date_digits = StringProperty("")
    focus = StringProperty("value")  # which of the two the pad types into

    day_text = staticmethod(date_text)

    def on_kv_post(self, _base: Any) -> None:
        self._settings: Settings | None = None
        for key in FIGURES:
            tile = FigureTile(key=key, group="local-figure", allow_no_selection=False)
            tile.bind(on_release=self.choose)
            self.ids.figures.add_widget(tile)
        App.get_running_app().bind(language=lambda *_: self.update_texts())

    def refresh(self) -> None:
        self.read(policy, App.get_running_app().runtime.settings, show=self._show)

    def _show(self, settings: Settings) -> None:
        self._settings = settings
        if self.key:
            self._edit(self.key)
        self.update_texts()

    def update_texts(self) -> None:
        app = App.get_running_app()
        language = app.language
        for tile in self.ids.figures.children:
            figure = FIGURES[tile.key]
            shown = figure.shown(self._settings, language) if self._settings else ""
            tile.title = f"{figure.label(language)}\n{shown}"
            tile.state = "down" if tile.key == self.key else "normal"

    def choose(self, tile: FigureTile) -> None:
        self._edit(tile.key)
        self.answer(None)

    def _edit(self, key: str) -> None:
        """Start from the figure in force, so staff change only what the city changed."""
        self.key, self.focus = key, "value"
        if self._settings is not None:
            value, published = FIGURES[key].current(self._settings)
            self.value_text, self.date_digits = f"{value:f}", published.strftime("%Y%m%d")

    def _typing(self) -> None:
        """A refusal stays until staff change what was refused."""
        if self.refused:
            self.answer(None)

    def add_digit(self, digit: str) -> None:
        self._typing()
        if self.focus == "value" and len(self.value_text) < MAX_VALUE_CHARS:
            self.value_text += digit
        elif self.focus == "date" and len(self.date_digits) < DATE_DIGITS:
            self.date_digits += digit

    def add_point(self) -> None:
        self._typing()
        if self.focus == "value" and "." not in self.value_text:
            self.value_text = (self.value_text or "0") + "."

    def delete(self) -> None:
        self._typing()
        if self.focus == "value":
            self.value_text = self.value_text[:-1]
        else:
            self.date_digits = self.date_digits[:-1]

    def clear(self) -> None:
        self._typing()
        if self.focus == "value":
            self.value_text = ""
        else:
            self.date_digits = ""

    def save(self) -> None:
        app = App.get_running_app()
        app.act(set_local_figure, self.key, self.value_text, date_text(self.date_digits), staff_who(), app.now(),
                done=self._saved)

    def _saved(self, result: Settings | SettingRefusal) -> None:
        if isinstance(result, SettingRefusal):
            self.answer(result)
            return
        app = App.get_running_app()
        # The kiosk now runs on the config.ini just written; the watch lays staff's overrides over it.
        app.runtime = replace(app.runtime, settings=result)
        staff_watch(app).poll()
        self.answer("local_figures.saved")
        self.refresh()

    def forget(self) -> None:
        super().forget()
        self.key = self.value_text = self.date_digits = ""
        self.focus = "value"
