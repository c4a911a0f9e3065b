"""The health-check policy, the idle timeout and the 朗读 button: options to tap, numbers to step; each saved at once.

They live in config.ini; what staff choose here is kept in the store and wins
over config.ini on every kiosk of the centre within a few seconds.
"""

from __future__ import annotations

from kivy.app import App

from kiosk.foundation.i18n import localised
from kiosk.staff.centre_setup import POLICY_FIELDS
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.staff_widgets import StaffPage, StaffToggle
from kiosk.visitor.staff import policy

load_kv_beside(__file__)

# How far one tap on - or + moves a number.
STEPS = {"health_check.temperature_threshold": 0.1, "display.idle_timeout": 10, "read_aloud.volume": 10}


class PolicyOption(StaffToggle):
    key = ""  # the policy key this option belongs to


class StaffPolicyScreen(StaffPage):
    def __init__(self, **kwargs):
        self.values: dict[str, str] = {}  # key -> text now in force (or being stepped)
        super().__init__(**kwargs)

    def on_kv_post(self, _base_widget) -> None:
        App.get_running_app().bind(language=lambda *_: self.update_texts())
        for key, field in POLICY_FIELDS.items():
            if field.options:
                box = self.ids[key.replace(".", "__")]
                box.cols = len(field.options)
                for option in field.options:
                    toggle = PolicyOption(value=option, group=key, allow_no_selection=False)
                    toggle.key = key
                    toggle.bind(on_release=self.choose)
                    box.add_widget(toggle)
        self.update_texts()

    def refresh(self) -> None:
        self.read(policy, App.get_running_app().runtime.settings, show=self._show)

    def _show(self, settings) -> None:
        self.values = {key: field.config_text(settings) for key, field in POLICY_FIELDS.items()}
        self.update_texts()

    def label(self, key: str, language: str) -> str:
        field = POLICY_FIELDS[key]
        return localised(field, "label", language)

    def update_texts(self) -> None:
        app = App.get_running_app()
        for key, field in POLICY_FIELDS.items():
            if field.options:
                for toggle in self.ids[key.replace(".", "__")].children:
                    toggle.text = app.t(f"staff.option.{toggle.value}", app.language)
                    toggle.state = "down" if self.values.get(key) == toggle.value else "normal"
            else:
                self.ids[key.replace(".", "__") + "__value"].text = self.values.get(key, "")

    def choose(self, toggle: PolicyOption) -> None:
        key, value = toggle.key, toggle.value
        self.change(lambda setup, who, now: setup.set_policy(key, value, who, now))

    def step(self, key: str, direction: int) -> None:
        value = float(self.values[key]) + direction * STEPS[key]
        self.values[key] = f"{round(value, 1):g}"
        self.update_texts()

    def save(self, key: str) -> None:
        value = self.values[key]
        self.change(lambda setup, who, now: setup.set_policy(key, value, who, now))
