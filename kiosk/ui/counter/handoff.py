"""Hand-off (转交工单): staff pass the visitor's matter to the 12348 hotline or the online platform as a work
order: how, about what and how urgent on tiles; a phone number on the pad only after the visitor agreed."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.foundation.i18n import localised
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.workorder import MAX_PHONE_DIGITS, OptionTile
from kiosk.visitor.counter import hand_off
from kiosk.visitor.workorders import KINDS, MATTERS, URGENCY_CHOICES, Choice, consent, phone_problem
from kiosk.workorders import WorkOrder

load_kv_beside(__file__)


class HandOffScreen(Screen):
    kind = StringProperty("")
    matter = StringProperty("")
    urgency = StringProperty("normal")
    phone = StringProperty("")
    consented = BooleanProperty(False)
    notice = StringProperty("")
    message = StringProperty("")
    sending = BooleanProperty(False)

    def on_pre_enter(self, *_args: Any) -> None:
        self.kind = self.matter = self.phone = self.message = ""
        self.urgency = "normal"
        self.consented = self.sending = False
        self._fill(self.ids.kinds, "kind", KINDS)
        self._fill(self.ids.matters, "matter", MATTERS)
        self._fill(self.ids.urgencies, "urgency", URGENCY_CHOICES)
        self.ids.consent.state = "normal"
        App.get_running_app().bind(language=self.update_texts)
        self.update_texts()

    def on_leave(self, *_args: Any) -> None:
        app = App.get_running_app()
        app.unbind(language=self.update_texts)
        self.phone = ""  # the number stays nowhere once the screen is left

    def _fill(self, box, group: str, choices: tuple[Choice, ...]) -> None:
        box.clear_widgets()
        chosen = getattr(self, group)
        for choice in choices:
            tile = OptionTile(choice=choice, group=f"{self.name}-{group}", allow_no_selection=False,
                              state="down" if choice.code == chosen else "normal")
            tile.bind(state=lambda t, state, g=group: setattr(self, g, t.choice.code) if state == "down" else None)
            box.add_widget(tile)

    def update_texts(self, *_args: Any) -> None:
        app = App.get_running_app()
        for box in (self.ids.kinds, self.ids.matters, self.ids.urgencies):
            for tile in box.children:
                tile.title = localised(tile.choice, "name", app.language)
        self.ids.consent.title = app.t("handoff.consented", app.language)
        self.notice = consent(app.settings.platform.retention_days, app.language)

    def on_consented(self, *_args: Any) -> None:
        if not self.consented:
            self.phone = ""  # no agreement, no number

    def add_digit(self, digit: str) -> None:
        if self.consented and len(self.phone) < MAX_PHONE_DIGITS:
            self.phone += digit
            self.message = ""

    def submit(self) -> None:
        app = App.get_running_app()
        if self.phone:
            problem = phone_problem(self.phone, app.language)
            if problem:
                self.message = problem
                return
        self.sending = True
        app.log_staff_action(f"hand-off: {self.kind} about {self.matter} ({self.urgency})")
        app.act(hand_off, app.counter_id, self.kind, self.matter, self.urgency, self.phone, self.consented,
                app.now(), done=self._made, failed=self._failed)

    def _made(self, result: Any) -> None:
        app = App.get_running_app()
        self.sending = False
        if not isinstance(result, WorkOrder):
            self.message = result.message(app.language)
            return
        self.phone = ""
        app.log_staff_action(f"work order {result.id} handed to the platform")
        app.say("handoff.made", number=result.id, when=f"{result.deadline.astimezone(app.zone):%m-%d %H:%M}")
        app.root.current = "terminal"
        app.poll_overdue()

    def _failed(self, _error: BaseException) -> None:
        self.sending = False
        self.message = App.get_running_app().t("counter.store_down", App.get_running_app().language)
