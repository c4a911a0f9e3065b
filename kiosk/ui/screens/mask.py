"""Mask and temperature (口罩、体温), as the centre configured them, before the service choice."""

from __future__ import annotations

from kivy.app import App
from kivy.metrics import dp
from kivy.properties import BooleanProperty, StringProperty

from kiosk.health.temperature import DOOR, OK, ManualThermometer, Reading, thermometer_from_settings
from kiosk.ui.background import run_in_background
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import NumberPad

load_kv_beside(__file__)

SERIAL_TIMEOUT_SECONDS = 8


class MaskScreen(KioskScreen):
    mask_asked = BooleanProperty(True)
    mask_confirmed = BooleanProperty(False)
    temperature_mode = StringProperty("door")  # door, serial, manual
    typed = StringProperty("")
    reading_text = StringProperty("")
    has_reading = BooleanProperty(False)

    def on_pre_enter(self) -> None:
        app = App.get_running_app()
        health = app.settings.health_check
        self.mask_asked = health.mask == "confirm"
        self.temperature_mode = health.temperature
        self._set_reading(Reading(DOOR) if health.temperature == "door" else None)
        if not self.mask_asked and health.temperature == "door":
            self.finish()
        elif health.temperature == "serial":
            self._read_serial()
        self._show_pad(health.temperature == "manual")

    def _show_pad(self, shown: bool) -> None:
        # In the layout only when used: a hidden, disabled widget would still swallow touches.
        box = self.ids.pad_box
        box.clear_widgets()
        if shown:
            pad = NumberPad(size_hint_x=None, width=min(self.width - dp(120), dp(560)))
            pad.bind(on_digit=lambda _pad, digit: self.add_digit(digit),
                     on_delete=lambda _pad: setattr(self, "typed", self.typed[:-1]),
                     on_clear=lambda _pad: setattr(self, "typed", ""))
            box.add_widget(pad)

    def _read_serial(self) -> None:
        app = App.get_running_app()
        thermometer = thermometer_from_settings(app.settings.health_check)
        self.reading_text = app.t("mask.measuring", app.language)
        run_in_background(lambda: thermometer.read(SERIAL_TIMEOUT_SECONDS), self._got_reading, app.store_failed)

    def _set_reading(self, reading: Reading | None) -> None:
        self._reading = reading
        self.has_reading = reading is not None

    def _got_reading(self, reading: Reading) -> None:
        app = App.get_running_app()
        self._set_reading(reading)
        self.reading_text = (app.t("mask.reading", app.language, celsius=f"{reading.celsius:.1f}")
                             if reading.status == OK else app.t("mask.no_reading", app.language))

    def add_digit(self, digit: str) -> None:
        if len(self.typed) < 3:
            self.typed += digit
        if len(self.typed) == 3:  # 365 means 36.5 °C
            self._got_reading(ManualThermometer().enter(f"{self.typed[:2]}.{self.typed[2]}"))

    def confirm_mask(self) -> None:
        self.mask_confirmed = True

    def finish(self) -> None:
        """The code's decision with the mask and temperature added; recorded once, without personal data."""
        app = App.get_running_app()
        code = app.visit.health_decision
        decision = app.health.complete(code, self._reading or Reading(DOOR), self.mask_confirmed or not self.mask_asked)
        now = app.now()
        run_in_background(lambda: app.health.record(decision, now), lambda _result: None, app.store_failed)
        app.visit.health_decision = decision
        if decision.admitted:
            app.go("services" if app.visit.purpose == "ticket" else "checkin", remember=False)
        else:
            screen = app.root.get_screen("health_check")
            screen.decision = decision
            screen.state = "result"
            screen.result_colour = "closed"
            screen._show_message()
            app.call_staff(f"health check: {decision.decision} ({decision.reason})")
            app.go("health_check", remember=False)

    def forget(self) -> None:
        self.mask_confirmed = False
        self.typed = ""
        self.reading_text = ""
        self._set_reading(None)
