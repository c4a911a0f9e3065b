"""The staff PIN pad, reached by a long press in the top-left corner."""

from kivy.app import App
from kivy.properties import StringProperty

from kiosk.staff.pin import PinFormatError, PinGuard
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen

load_kv_beside(__file__)

MAX_DIGITS = 12
# One PIN is shared by the centre's staff; the audit names the kiosk and this role.
STAFF_ID = "staff-pin"


class StaffPinScreen(KioskScreen):
    typed = StringProperty("")
    message = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_success = None
        self.guard = PinGuard.for_staff(App.get_running_app().settings.staff)

    def add_digit(self, digit: str) -> None:
        if len(self.typed) < MAX_DIGITS:
            self.typed += digit

    def delete(self) -> None:
        self.typed = self.typed[:-1]

    def submit(self) -> None:
        app = App.get_running_app()
        try:
            attempt = self.guard.try_pin(self.typed, app.now())
        except PinFormatError:
            app.log_staff_action("PIN check impossible: [staff] pin_hash is malformed")
            self.message = app.t("staff.pin_not_set", app.language)
            return
        finally:
            self.typed = ""
        if attempt.accepted:
            app.log_staff_action("signed in")
            self.message = ""
            on_success, self.on_success = self.on_success, None
            if on_success is None:
                app.go("staff", remember=False)
            else:
                on_success(STAFF_ID)
        else:
            if attempt.locked_until:
                app.log_staff_action("PIN pad locked after wrong tries")
            key, fields = attempt.refusal()
            self.message = app.t(key, app.language, **fields)

    def forget(self) -> None:
        self.typed = ""
        self.message = ""
        self.on_success = None
