"""The rating of the visit just ended at this counter: five levels, reasons for the two lowest, thanks."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.foundation.i18n import localised
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.workorder import OptionTile
from kiosk.visitor.workorders import LEVEL_CHOICES, REASON_CHOICES, rate_service, stars
from kiosk.workorders import Rating
from kiosk.workorders.model import BAD_LEVELS

load_kv_beside(__file__)

THANKS_SECONDS = 5.0  # long enough to read the thanks; then the next visitor's prompt


class TabletRateScreen(Screen):
    title = StringProperty("")
    level = NumericProperty(0)
    message = StringProperty("")
    thanked = BooleanProperty(False)
    sending = BooleanProperty(False)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._give_up = Clock.create_trigger(self._left, App.get_running_app().settings.display.idle_timeout)
        self._done = Clock.create_trigger(self._left, THANKS_SECONDS)

    def on_pre_enter(self, *_args: Any) -> None:
        app = App.get_running_app()
        if not self.ids.levels.children:
            for choice in LEVEL_CHOICES:
                tile = OptionTile(choice=choice, group="tablet-level", allow_no_selection=False)
                tile.bind(state=self._chose)
                self.ids.levels.add_widget(tile)
            for choice in REASON_CHOICES:
                tile = OptionTile(choice=choice)
                tile.bind(state=self._reason_chosen)
                self.ids.reasons.add_widget(tile)
        for tile in (*self.ids.levels.children, *self.ids.reasons.children):
            tile.state = "normal"
        self.level, self.message, self.thanked, self.sending = 0, "", False, False
        app.bind(language=self.update_texts)
        self.update_texts()
        self._give_up()

    def on_leave(self, *_args: Any) -> None:
        App.get_running_app().unbind(language=self.update_texts)
        self._give_up.cancel()
        self._done.cancel()

    def update_texts(self, *_args: Any) -> None:
        app = App.get_running_app()
        language, ticket = app.language, app.ticket
        self.title = app.t("rating_tablet.title", language, ticket=ticket.label if ticket else "",
                           counter=app.counter_id)
        for tile in self.ids.levels.children:
            tile.title = f"{stars(int(tile.choice.code))}  {localised(tile.choice, 'name', language)}"
        for tile in self.ids.reasons.children:
            tile.title = localised(tile.choice, "name", language)

    def _chose(self, tile: OptionTile, state: str) -> None:
        if state == "down":
            self.level = int(tile.choice.code)
            self.message = ""
            if self.level in BAD_LEVELS:  # the reasons open below the levels: bring them into view
                Clock.schedule_once(lambda _dt: self.ids.scroll.scroll_to(self.ids.reasons))
        self._give_up()

    def _reason_chosen(self, _tile: OptionTile, _state: str) -> None:
        self.message = ""
        self._give_up()

    def submit(self) -> None:
        app = App.get_running_app()
        reasons = tuple(tile.choice.code for tile in reversed(self.ids.reasons.children)
                        if tile.state == "down") if self.level in BAD_LEVELS else ()
        self.sending = True
        self._give_up()
        app.act(rate_service, app.ticket.label, self.level, reasons, app.now(), done=self._rated,
                failed=self._failed)

    def _rated(self, result: Any) -> None:
        app = App.get_running_app()
        self.sending = False
        if isinstance(result, Rating):
            self.thanked = True
            self._give_up.cancel()
            self._done()
        else:
            self.message = result.message(app.language)

    def _failed(self, _error: BaseException) -> None:
        self.sending = False
        app = App.get_running_app()
        self.message = app.t("rating_tablet.store_down", app.language)

    def _left(self, *_args: Any) -> None:
        if self.manager is not None and self.manager.current == self.name:
            App.get_running_app().back_to_idle()
