"""Appointments (预约): book another day from home (service, day, time, confirm, code), or check in with the code."""

from __future__ import annotations

from datetime import date

from kivy.app import App
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty

from kiosk.foundation.i18n import day_text
from kiosk.queue import Refusal
from kiosk.queue.model import QR_PREFIX
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.scanning import ScanningScreen
from kiosk.ui.widgets import BigButton, ChoiceTile
from kiosk.visitor import message, service_name
from kiosk.visitor.printouts import booking_printout, print_booking, print_outcome
from kiosk.visitor.queueing import Issued, book, bookable_services, check_in, free_slots, open_days

load_kv_beside(__file__)

MAX_CODE_DIGITS = 10
# The earlier choice, when Back returns to a step: a tick, not a colour alone.
CHOSEN = "✓ "


class DayButton(BigButton):
    day = ObjectProperty(None)
    chosen = BooleanProperty(False)  # the visitor's earlier choice, come back to with Back


class SlotButton(BigButton):
    slot = ObjectProperty(None)
    chosen = BooleanProperty(False)


class BookServiceTile(ChoiceTile):
    service = ObjectProperty(None)
    chosen = BooleanProperty(False)


class AppointmentScreen(KioskScreen):
    """Book another day, no health check (that is on the day): the service, the day, a time window
    with room left, a confirmation of all three, then the code, large, as a QR and on paper. Back steps
    through these steps, the earlier choices kept and marked, before it leaves the screen."""

    step = StringProperty("service")  # service, day, slot, confirm, booked
    service = ObjectProperty(None, allownone=True)
    day = ObjectProperty(None, allownone=True)
    slot = ObjectProperty(None, allownone=True)
    booked = ObjectProperty(None, allownone=True)
    message = StringProperty("")
    print_text = StringProperty("")

    def on_pre_enter(self) -> None:
        self.ids.scroll.scroll_y = 1
        visit = App.get_running_app().visit
        if visit.appointment_service is not None:  # booked from a product: its service is chosen already
            self.forget()
            self.choose_service(visit.appointment_service)
            visit.appointment_service = None
        elif self.step == "service":
            App.get_running_app().act(bookable_services, done=self._show_services)

    def _show_services(self, services) -> None:
        app = App.get_running_app()
        box = self.ids.choices
        box.clear_widgets()
        for service in services:
            chosen = self.service is not None and service.code == self.service.code
            tile = BookServiceTile(service=service, chosen=chosen,
                                   title=(CHOSEN if chosen else "") + service_name(service, app.language))
            tile.bind(on_release=lambda tile: self.choose_service(tile.service))
            box.add_widget(tile)

    def choose_service(self, service) -> None:
        app = App.get_running_app()
        if self.service is None or service.code != self.service.code:
            self.day, self.slot = None, None  # another service has other days and times
        self.service, self.step, self.message = service, "day", ""
        app.act(open_days, service.code, app.settings.queue.appointment_days_ahead, app.now(), done=self._show_days)

    def _show_days(self, days: list[date]) -> None:
        app = App.get_running_app()
        box = self.ids.choices
        box.clear_widgets()
        self.ids.scroll.scroll_y = 1
        self.message = "" if days else app.t("appointment.no_days", app.language)
        for day in days:
            button = DayButton(day=day, chosen=day == self.day,
                               text=(CHOSEN if day == self.day else "") + day_text(day, app.language))
            button.bind(on_release=lambda button: self.choose_day(button.day))
            box.add_widget(button)

    def choose_day(self, day: date) -> None:
        app = App.get_running_app()
        if day != self.day:
            self.slot = None
        self.day, self.step = day, "slot"
        app.act(free_slots, self.service.code, day, app.now(), done=self._show_slots)

    def _show_slots(self, slots) -> None:
        app = App.get_running_app()
        box = self.ids.choices
        box.clear_widgets()
        self.ids.scroll.scroll_y = 1
        for slot in slots:
            chosen = self.slot is not None and slot.start == self.slot.start
            text = app.t("appointment.slot", app.language, start=f"{slot.start:%H:%M}", end=f"{slot.end:%H:%M}",
                         left=slot.left)
            button = SlotButton(slot=slot, disabled=slot.left <= 0, chosen=chosen,
                                text=(CHOSEN if chosen else "") + text)
            button.bind(on_release=lambda button: self.choose_slot(button.slot))
            box.add_widget(button)

    def choose_slot(self, slot) -> None:
        """Nothing is booked yet: the visitor sees service, day and time together and confirms."""
        self.slot, self.step, self.message = slot, "confirm", ""
        self.ids.choices.clear_widgets()
        self.ids.scroll.scroll_y = 1

    def step_back(self) -> bool:
        """Back from a day, a time or the confirmation shows the step before with its choice marked;
        from the services or a booking made it leaves the screen, and the next visit starts afresh."""
        app = App.get_running_app()
        if self.step == "day":
            self.step, self.message = "service", ""
            self.ids.scroll.scroll_y = 1
            app.act(bookable_services, done=self._show_services)
        elif self.step == "slot":
            self.choose_service(self.service)
        elif self.step == "confirm":
            self.choose_day(self.day)
        else:
            self.forget()
            return False
        return True

    def when_text(self, language: str) -> str:
        """The chosen day and window as every screen words them: 12月8日 周二 09:00-10:00."""
        if self.booked is not None:
            start, end = self.booked.window_start, self.booked.window_end
        elif self.slot is not None:
            start, end = self.slot.start, self.slot.end
        else:
            return ""
        return f"{day_text(start.date(), language)} {start:%H:%M}-{end:%H:%M}"

    def confirm(self) -> None:
        app = App.get_running_app()
        app.act(book, self.service.code, self.slot.start, app.now(), done=self._booked)

    def _booked(self, result) -> None:
        app = App.get_running_app()
        if isinstance(result, Refusal):
            self.message = message(result, app.language)
            self.choose_day(self.day)  # show what is still free
            return
        self.booked, self.step, self.print_text = result, "booked", ""
        self.ids.choices.clear_widgets()
        self.ids.scroll.scroll_y = 1

    def print_slip(self) -> None:
        """The slip on the ticket printer (ESC/POS), on the printer's own thread."""
        app = App.get_running_app()
        paper = booking_printout(self.booked, self.service, app.settings, app.language)
        app.act(print_booking, paper, done=self._printed, failed=lambda _error: self._printed(None))

    def _printed(self, result) -> None:
        self.print_text = App.get_running_app().t(print_outcome(result), App.get_running_app().language)

    def forget(self) -> None:
        self.step, self.service, self.day, self.slot, self.booked, self.message = "service", None, None, None, None, ""
        self.print_text = ""
        self.ids.choices.clear_widgets()


class CheckInScreen(ScanningScreen):
    """Check in an appointment: the QR shown to the camera, or the code typed on the pad, gives a priority ticket."""

    code = StringProperty("")
    message = StringProperty("")

    def wanted(self, text: str) -> bool:
        return text.startswith(QR_PREFIX)

    def _scanned(self, payload: str) -> None:
        self._stop_scanning()
        self.code = payload.removeprefix(QR_PREFIX)
        self.submit()

    def add_digit(self, digit: str) -> None:
        if len(self.code) < MAX_CODE_DIGITS:
            self.code += digit
            self.message = ""

    def submit(self) -> None:
        app = App.get_running_app()
        app.act(check_in, self.code, app.now(), done=self._checked_in)

    def _checked_in(self, result: Issued | Refusal) -> None:
        app = App.get_running_app()
        if isinstance(result, Refusal):
            self.message = message(result, app.language)
            self.code = ""
            if self.manager.current == self.name and self._loop is None:
                self.on_enter()  # scan again
            return
        app.show_ticket(result)

    def forget(self) -> None:
        self._stop_scanning()
        self.code = ""
        self.message = ""
