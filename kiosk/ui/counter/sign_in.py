"""Staff sign in at the counter with the staff PIN (the kiosk's PinGuard: same hash, same lockout).

The kiosk's own PIN screen is laid out for a portrait kiosk; a counter terminal is landscape, down
to 1280x800, so it has its own layout: who and what on the left, the pad on the right.
"""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.staff.pin import PinFormatError, PinGuard
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.staff_pin import MAX_DIGITS, STAFF_ID

load_kv_beside(__file__)


class CounterPinScreen(Screen):
    typed = StringProperty("")
    message = ObjectProperty(("", {}))  # key and fields, one property: kv must never see one without the other

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.guard = PinGuard.for_staff(App.get_running_app().settings.staff)

    def add_digit(self, digit: str) -> None:
        if len(self.typed) < MAX_DIGITS:
            self.typed += digit

    def delete(self) -> None:
        self.typed = self.typed[:-1]

    def _say(self, key: str, **fields: Any) -> None:
        self.message = (key, fields)

    def submit(self) -> None:
        app = App.get_running_app()
        typed, self.typed = self.typed, ""
        try:
            attempt = self.guard.try_pin(typed, app.now())
        except PinFormatError:
            app.log_staff_action("PIN check impossible: [staff] pin_hash is malformed", unusual=True)
            self._say("staff.pin_not_set")
            return
        if attempt.accepted:
            self._say("")
            app.sign_in(STAFF_ID)
        else:
            if attempt.locked_until:
                app.log_staff_action("PIN pad locked after wrong tries", unusual=True)
            key, fields = attempt.refusal()
            self._say(key, **fields)
