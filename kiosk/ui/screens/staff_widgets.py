"""What the staff pages share: who is acting, saving a change off the UI thread, the answer shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.app import App
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.togglebutton import ToggleButton

from kiosk.staff.centre_setup import SettingRefusal
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.staff_pin import STAFF_ID
from kiosk.ui.widgets import ChoiceTile, FitText
from kiosk.visitor import staff
from kiosk.visitor.staff import Change

load_kv_beside(__file__)


def staff_who() -> str:
    """The audit's "who": the PIN role on this kiosk (one PIN is shared by the centre's staff)."""
    return f"{STAFF_ID}@{App.get_running_app().settings.centre.kiosk_id}"


class StaffTile(ChoiceTile):
    """A tile standing for one thing to edit (a service, a weekday, a counter)."""

    key = StringProperty("")
    selected = BooleanProperty(False)


class StaffToggle(FitText, ToggleButton):
    """A choice among a few (an option, a service, an area); ``value`` is what it stands for."""

    value = StringProperty("")


class StaffPage(KioskScreen):
    """A staff page: reads on entering, saves each change on the queue worker, shows the answer."""

    message = StringProperty("")
    refused = BooleanProperty(False)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._answer: SettingRefusal | str | None = None  # a refusal, or the key of a "done" text
        App.get_running_app().bind(language=lambda *_: self.answer(self._answer))

    def answer(self, answer: SettingRefusal | str | None) -> None:
        """Show the answer to the last change, in the language of the moment."""
        app = App.get_running_app()
        self._answer = answer
        self.refused = isinstance(answer, SettingRefusal)
        if isinstance(answer, SettingRefusal):
            self.message = answer.message(app.language)
        else:
            self.message = app.t(answer, app.language) if answer else ""

    def on_pre_enter(self) -> None:
        self.answer(None)
        self.refresh()

    def refresh(self) -> None:
        """Read what the page shows (on the queue worker)."""

    def read(self, use_case: Callable[..., Any], *args: Any, show: Callable[[Any], None]) -> None:
        """Run one of the staff use cases (:mod:`kiosk.visitor.staff`) and ``show`` what it returns."""
        App.get_running_app().act(use_case, *args, done=show)

    def change(self, work: Change) -> None:
        """Validate, save and audit a change; then show the refusal, or "saved" and the page afresh."""
        app = App.get_running_app()
        # config.ini's settings: overrides are laid on them
        app.act(staff.change, app.runtime.settings, work, staff_who(), app.now(), done=self._changed)

    def _changed(self, result: Any) -> None:
        self.answer(result if isinstance(result, SettingRefusal) else "staff.saved")
        self.saved(result)
        self.refresh()

    def saved(self, result: Any) -> None:
        """A change was answered (saved or refused)."""

    def forget(self) -> None:
        self.answer(None)
