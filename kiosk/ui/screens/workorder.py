"""Asking to be contacted (请我们联系您): consent, the matter and urgency, one phone number, the confirmation.

The phone number is typed into :class:`ContactPhoneScreen` and held there only until the order is
created; the visit and the confirmation carry its masked form.
"""

from __future__ import annotations

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.togglebutton import ToggleButton

from kiosk.foundation.i18n import localised
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import FitText
from kiosk.visitor.workorders import (
    KINDS,
    MATTERS,
    URGENCY_CHOICES,
    Choice,
    Requested,
    consent,
    phone_problem,
    request_contact,
)

load_kv_beside(__file__)

# Long enough for a landline with a four-digit area code; the desk checks the form.
MAX_PHONE_DIGITS = 12


class OptionTile(FitText, ToggleButton):
    """One choice in a group of tiles; the chosen one carries a mark and a frame, not only a colour."""

    choice = ObjectProperty(None)
    title = StringProperty("")


def start_contact(kind: str = "callback") -> None:
    """Begin asking to be contacted, ``kind`` chosen in advance (a refusal offers the call-back)."""
    app = App.get_running_app()
    app.visit.order_kind, app.visit.order_matter, app.visit.order_urgency = kind, "", "normal"
    app.go("order_consent")


class ContactConsentScreen(KioskScreen):
    """What the number is used for and when it is deleted, before anything is typed."""

    notice = StringProperty("")

    def on_kv_post(self, _base) -> None:
        App.get_running_app().bind(language=lambda *_: self.on_pre_enter())

    def on_pre_enter(self) -> None:
        app = App.get_running_app()
        self.notice = consent(app.settings.platform.retention_days, app.language)


class ContactMatterScreen(KioskScreen):
    """How to be contacted, about what, and how urgent: tiles only. While the urgency question is below
    the fold, a button under the page says there is one more question and brings it into view."""

    ready = BooleanProperty(False)
    urgency_below = BooleanProperty(False)

    def on_kv_post(self, _base) -> None:
        App.get_running_app().bind(language=lambda *_: self._retitle())
        look = Clock.create_trigger(self._look_for_urgency)
        self.ids.scroll.bind(scroll_y=look, height=look)
        self.ids.page.bind(height=look)
        self.ids.urgencies.bind(y=look, height=look)

    def _look_for_urgency(self, *_args) -> None:
        view, urgencies = self.ids.scroll, self.ids.urgencies
        self.urgency_below = urgencies.to_window(0, urgencies.y)[1] < view.to_window(0, view.y)[1] - 1

    def show_urgency(self) -> None:
        self.ids.scroll.scroll_y = 0  # the question is the page's last part

    def on_pre_enter(self) -> None:
        visit = App.get_running_app().visit
        self._fill(self.ids.kinds, "kind", KINDS, visit.order_kind)
        self._fill(self.ids.matters, "matter", MATTERS, visit.order_matter)
        self._fill(self.ids.urgencies, "urgency", URGENCY_CHOICES, visit.order_urgency)
        self._check()

    def _fill(self, box, group: str, choices: tuple[Choice, ...], chosen: str) -> None:
        box.clear_widgets()
        language = App.get_running_app().language
        for choice in choices:
            tile = OptionTile(choice=choice, group=f"{self.name}-{group}", allow_no_selection=False,
                              title=localised(choice, "name", language),
                              state="down" if choice.code == chosen else "normal")
            tile.bind(state=lambda t, state, g=group: self._chose(g, t) if state == "down" else None)
            box.add_widget(tile)

    def _retitle(self) -> None:
        language = App.get_running_app().language
        for box in (self.ids.kinds, self.ids.matters, self.ids.urgencies):
            for tile in box.children:
                tile.title = localised(tile.choice, "name", language)

    def _chose(self, group: str, tile: OptionTile) -> None:
        setattr(App.get_running_app().visit, f"order_{group}", tile.choice.code)
        self._check()

    def _check(self) -> None:
        visit = App.get_running_app().visit
        self.ready = bool(visit.order_kind and visit.order_matter and visit.order_urgency)

    def forget(self) -> None:
        for box in (self.ids.kinds, self.ids.matters, self.ids.urgencies):
            box.clear_widgets()
        self.ready = False


class ContactPhoneScreen(KioskScreen):
    """One phone number on the number pad, checked before the order is made."""

    phone = StringProperty("")
    message = StringProperty("")
    sending = BooleanProperty(False)

    def add_digit(self, digit: str) -> None:
        if len(self.phone) < MAX_PHONE_DIGITS:
            self.phone += digit
            self.message = ""

    def shown(self) -> str:
        """The number as typed, grouped 3-4-4 for a mobile so the visitor can check it."""
        digits = self.phone
        if digits.startswith("1"):
            return " ".join(part for part in (digits[:3], digits[3:7], digits[7:]) if part)
        return digits

    def submit(self) -> None:
        app = App.get_running_app()
        problem = phone_problem(self.phone, app.language)
        if problem:
            self.message = problem
            return
        visit = app.visit
        self.sending = True
        app.act(request_contact, visit.order_kind, visit.order_matter, visit.order_urgency, self.phone, app.now(),
                done=self._made, failed=self._failed)

    def _made(self, result) -> None:
        app = App.get_running_app()
        self.sending = False
        if not isinstance(result, Requested):
            self.message = result.message(app.language)
            return
        self.phone = ""  # the order holds it now, encrypted; nothing here keeps it
        app.visit.contact = result
        app.go("order_done", remember=False)

    def _failed(self, error: BaseException) -> None:
        self.sending = False
        App.get_running_app().store_failed(error)

    def forget(self) -> None:
        self.phone = self.message = ""
        self.sending = False


class ContactDoneScreen(KioskScreen):
    """The confirmation: what was asked for, the masked number, by when, and the order's number."""

    summary = StringProperty("")
    deadline_text = StringProperty("")

    def on_kv_post(self, _base) -> None:
        App.get_running_app().bind(language=lambda *_: self.on_pre_enter())

    def on_pre_enter(self) -> None:
        app = App.get_running_app()
        made = app.visit.contact
        if made is None:
            return
        language, order = app.language, made.order
        self.summary = app.t("workorder.done_summary", language, kind=made.kind_name(language),
                             matter=made.matter_name(language), phone=order.phone_masked, number=order.id)
        self.deadline_text = app.t("workorder.done_deadline", language, when=made.deadline_text(language, app.zone))

    def forget(self) -> None:
        self.summary = self.deadline_text = ""
