"""No ticket this time: why, in plain words, and what the visitor can do instead, on this one screen:
the next free appointment for the service (booked with one tap), the remote channels and a call-back."""

from kivy.app import App
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty

from kiosk.foundation.i18n import day_text
from kiosk.queue import Refusal
from kiosk.queue.model import APPOINTMENT
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screen_registry import SCREEN_NAMES
from kiosk.ui.screens.base import KioskScreen
from kiosk.visitor import message
from kiosk.visitor.queueing import book, next_free_slot

load_kv_beside(__file__)

# What each suggestion of the queue opens; suggestions whose screen the kiosk lacks are not offered (a screen
# not built yet is built when opened: a refusal met in the first seconds after start-up offers them all).
SUGGESTION_SCREENS = {"other_service": "services", "appointment": "appointment", "remote_channels": "remote"}


class RefusalScreen(KioskScreen):
    message = StringProperty("")
    slot = ObjectProperty(None, allownone=True)  # the next free appointment window of the refused service
    slot_text = StringProperty("")
    no_slot = BooleanProperty(False)  # looked, and nothing is free soon: said, not left blank
    booked = ObjectProperty(None, allownone=True)  # that window, once booked here
    booked_text = StringProperty("")
    _service = ""  # the refused service's code

    def on_kv_post(self, _base) -> None:
        App.get_running_app().bind(language=lambda *_: self.show())

    def on_pre_enter(self) -> None:
        app = App.get_running_app()
        refusal = app.visit.refusal
        if refusal is None:
            return
        self.slot = self.booked = None
        self.no_slot = False
        self._service = refusal.service or (app.visit.service.code if app.visit.service else "")
        self.show()
        if self._service and APPOINTMENT in refusal.suggestions:
            self._look_for_slot()

    def show(self) -> None:
        app = App.get_running_app()
        refusal = app.visit.refusal
        if refusal is None:
            return
        self.message = message(refusal, app.language)
        self._word_slot()
        box = self.ids.suggestions
        box.clear_widgets()
        from kiosk.ui.widgets import SuggestionButton

        for suggestion in refusal.suggestions:
            screen = SUGGESTION_SCREENS.get(suggestion)
            if screen in SCREEN_NAMES:
                button = SuggestionButton(suggestion=suggestion)
                button.bind(on_release=lambda _b, target=screen: app.go(target))
                box.add_widget(button)
        if "remote_channels" in refusal.suggestions and "order_consent" in SCREEN_NAMES:
            from kiosk.ui.screens.workorder import start_contact

            button = SuggestionButton(suggestion="callback")
            button.bind(on_release=lambda _b: start_contact("callback"))
            box.add_widget(button)

    # --- the next free appointment, booked here ----------------------------------------------------

    def _look_for_slot(self) -> None:
        app = App.get_running_app()
        app.act(next_free_slot, self._service, app.settings.queue.appointment_days_ahead, app.now(),
                done=self._found_slot)

    def _found_slot(self, slot) -> None:
        self.slot, self.no_slot = slot, slot is None
        self._word_slot()

    def _word_slot(self) -> None:
        app = App.get_running_app()
        language = app.language
        if self.slot is not None:
            self.slot_text = app.t("next.free_slot", language, day=self._day(self.slot.start),
                                   start=f"{self.slot.start:%H:%M}", end=f"{self.slot.end:%H:%M}")
        if self.booked is not None:
            self.booked_text = app.t("appointment.booked", language, day=self._day(self.booked.window_start),
                                     start=f"{self.booked.window_start:%H:%M}", end=f"{self.booked.window_end:%H:%M}")

    @staticmethod
    def _day(moment) -> str:
        return day_text(moment.date(), App.get_running_app().language)

    def book_slot(self) -> None:
        app = App.get_running_app()
        if self.slot is None or self.booked is not None:
            return
        app.act(book, self._service, self.slot.start, app.now(), done=self._booked)

    def _booked(self, result) -> None:
        if isinstance(result, Refusal):  # taken by someone else meanwhile: offer the next one
            self._look_for_slot()
            return
        self.booked, self.slot = result, None
        self._word_slot()

    def forget(self) -> None:
        self.message = self.slot_text = self.booked_text = ""
        self.slot = self.booked = None
        self.no_slot = False
        self._service = ""
        self.ids.suggestions.clear_widgets()
