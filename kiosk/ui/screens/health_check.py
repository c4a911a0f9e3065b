"""Health check (健康码查验): the live camera picture, a hint, the result in colour and words.

The camera loop's thread decodes; the picture and the decision reach the screen
through the Kivy clock. The payload stays in that thread for one check and is never stored.
"""

from __future__ import annotations

import time

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import ObjectProperty, StringProperty

from kiosk.health.check import Scanner
from kiosk.health.decision import Decision
from kiosk.ui.camera_loop import CameraLoop
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.visitor import message
from kiosk.visitor.health import record_outcome, staff_admit

load_kv_beside(__file__)

HINT_SECONDS = 6
ADMITTED_PAUSE_SECONDS = 1.5
COLOUR_THEME = {"green": "open", "yellow": "break", "red": "closed", "none": "muted"}


class HealthCheckScreen(KioskScreen):
    state = StringProperty("looking")  # looking, hint, no_camera, result
    decision = ObjectProperty(None, allownone=True)
    message = StringProperty("")
    result_colour = StringProperty("muted")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._loop: CameraLoop | None = None
        self._hint = Clock.create_trigger(self._show_hint, HINT_SECONDS)
        self._proceed = Clock.create_trigger(self._go_on, ADMITTED_PAUSE_SECONDS)

    def on_kv_post(self, _base) -> None:
        App.get_running_app().bind(language=lambda *_: self._show_message())

    # --- scanning ----------------------------------------------------------------------

    def on_enter(self) -> None:
        app = App.get_running_app()
        refused = app.visit.health_decision
        if refused is not None and not refused.admitted:  # the mask and temperature step refused
            self._show_result(refused)
            return
        if self.state == "result":  # back from the staff PIN pad without a PIN
            return
        self.decision = None
        source = app.camera_source()
        if not source:
            self.state = "no_camera"
            return
        scanner = Scanner(app.settings)

        def read(image):
            sighting = scanner.feed(image, time.monotonic())
            # The payload goes no further than this check.
            return None if sighting is None else app.health.assess(sighting, app.now())

        camera = app.settings.camera
        self._loop = CameraLoop(source, camera.width, camera.height, read, self._decided,
                                self.ids.camera.show_frame, self._camera_lost).start()
        self.state = "looking"
        self._hint()

    def _show_hint(self, *_args) -> None:
        if self.state == "looking":
            self.state = "hint"

    def _camera_lost(self) -> None:
        self._stop_camera()
        self.state = "no_camera"

    def _stop_camera(self) -> None:
        self._hint.cancel()
        if self._loop is not None:
            self._loop.stop()
            self._loop = None
        self.ids.camera.clear()

    # --- the result ----------------------------------------------------------------------

    def _decided(self, decision: Decision) -> None:
        self._stop_camera()
        app = App.get_running_app()
        self._show_result(decision)
        if decision.admitted:
            app.visit.health_decision = decision
            self._proceed()
        else:
            app.act(record_outcome, decision, app.now())
            app.call_staff(f"health check: {decision.decision} ({decision.reason})")

    def _show_result(self, decision: Decision) -> None:
        self.decision = decision
        self.state = "result"
        self.result_colour = COLOUR_THEME.get(decision.colour, "muted") if decision.admitted else "closed"
        self._show_message()

    def _show_message(self) -> None:
        decision = self.decision
        if decision is None:
            self.message = ""
            return
        self.message = message(decision, App.get_running_app().language)

    def _go_on(self, *_args) -> None:
        App.get_running_app().go("mask", remember=False)

    def ask_staff(self) -> None:
        """No code to show: staff are called and check the visitor themselves, as with no camera."""
        App.get_running_app().call_staff("health check: a visitor without a health code asks for help")
        self.staff_check()

    def staff_check(self) -> None:
        """Staff look at the visitor's code themselves (no camera, or a refer) and let them through."""
        app = App.get_running_app()
        app.open_staff_pin(self._staff_admitted)

    def _staff_admitted(self, staff_id: str) -> None:
        app = App.get_running_app()
        app.act(staff_admit, self.decision, staff_id, app.now(), done=self._overridden)

    def _overridden(self, decision: Decision) -> None:
        app = App.get_running_app()
        app.visit.health_decision = decision
        app.go("mask", remember=False)

    def release_devices(self) -> None:
        self._stop_camera()

    def on_leave(self) -> None:
        self._stop_camera()
        self._proceed.cancel()

    def forget(self) -> None:
        self._stop_camera()
        self._proceed.cancel()
        self.decision = None
        self.message = ""
        self.state = "looking"
