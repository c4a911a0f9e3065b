"""Mask and temperature (口罩、体温), as the centre configured them, before the service choice."""

from __future__ import annotations

from kivy.app import App
from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from kiosk.health.decision import Decision
from kiosk.health.temperature import DOOR, OK, UNAVAILABLE, ManualThermometer, Reading
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import NumberPad
from kiosk.visitor.health import finish_health_check, read_temperature

load_kv_beside(__file__)

# Once all that is asked is answered, the visitor goes on by themselves after this countdown, shown on
# the 下一步 button: that button is not the only way on.
ON_BY_ITSELF_SECONDS = 3


class MaskScreen(KioskScreen):
    mask_asked = BooleanProperty(True)
    mask_confirmed = BooleanProperty(False)
    temperature_mode = StringProperty("door")  # door, serial, manual
    typed = StringProperty("")
    reading_text = StringProperty("")
    has_reading = BooleanProperty(False)
    countdown = NumericProperty(0)  # seconds until the screen goes on by itself; 0 when not counting

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._tick = Clock.create_trigger(self._count_down, 1)
        self._finishing = False

    def on_pre_enter(self) -> None:
        self._finishing = False
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
        self.reading_text = app.t("mask.measuring", app.language)
        app.act(read_temperature, app.settings.health_check, done=self._got_reading, failed=self._thermometer_failed)

    def _thermometer_failed(self, _error: BaseException) -> None:
        """The thermometer failed (logged by its worker): a device fault, not the store's. No reading,
        so the visitor is sent to staff as with a thermometer that does not answer."""
        self._got_reading(Reading(UNAVAILABLE))

    def _set_reading(self, reading: Reading | None) -> None:
        self._reading = reading
        self.has_reading = reading is not None

    def _got_reading(self, reading: Reading) -> None:
        app = App.get_running_app()
        self._set_reading(reading)
        self.reading_text = (app.t("mask.reading", app.language, celsius=f"{reading.celsius:.1f}")
                             if reading.status == OK else app.t("mask.no_reading", app.language))
        self._go_on_soon()

    def add_digit(self, digit: str) -> None:
        if len(self.typed) < 3:
            self.typed += digit
        if len(self.typed) == 3:  # 365 means 36.5 °C
            self._got_reading(ManualThermometer().enter(f"{self.typed[:2]}.{self.typed[2]}"))

    def confirm_mask(self) -> None:
        self.mask_confirmed = True
        self._go_on_soon()

    def _go_on_soon(self) -> None:
        """Start the countdown once everything asked has its answer."""
        if (self.mask_confirmed or not self.mask_asked) and self.has_reading and not self.countdown:
            self.countdown = ON_BY_ITSELF_SECONDS
            self._tick()

    def _count_down(self, _dt: float) -> None:
        if not self.countdown or self.manager is None or self.manager.current != self.name:
            return
        self.countdown -= 1
        if self.countdown:
            self._tick()
        else:
            self.finish()

    def on_leave(self, *_args) -> None:
        self._stop_countdown()

    def _stop_countdown(self) -> None:
        self._tick.cancel()
        self.countdown = 0

    def finish(self) -> None:
        """The code's decision with the mask and temperature added; recorded once, without personal data."""
        if self._finishing:  # the countdown and a tap on 下一步 at the same moment
            return
        self._finishing = True
        self._stop_countdown()
        app = App.get_running_app()
        app.act(finish_health_check, app.visit.health_decision, self._reading or Reading(DOOR),
                self.mask_confirmed or not self.mask_asked, app.now(), done=self._finished)

    def _finished(self, decision: Decision) -> None:
        app = App.get_running_app()
        app.visit.health_decision = decision
        if decision.admitted:
            app.go("services" if app.visit.purpose == "ticket" else "checkin", remember=False)
        else:  # the health-check screen shows the refusal the visit now holds
            app.call_staff(f"health check: {decision.decision} ({decision.reason})")
            app.go("health_check", remember=False)

    def forget(self) -> None:
        self._stop_countdown()
        self.mask_confirmed = False
        self.typed = ""
        self.reading_text = ""
        self._set_reading(None)
