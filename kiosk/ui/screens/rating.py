"""Rating the service (好差评): the ticket's number (typed, or its QR shown to the camera), then one of five
levels and, for the two lowest, reasons."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from kiosk.foundation.i18n import localised
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.scanning import ScanningScreen
from kiosk.ui.screens.workorder import OptionTile
from kiosk.visitor.workorders import LEVEL_CHOICES, REASON_CHOICES, rate_service, stars, ticket_letters
from kiosk.workorders import Rating
from kiosk.workorders.model import BAD_LEVELS
from kiosk.workorders.rated_ticket import is_ticket_qr, qr_number

load_kv_beside(__file__)

MAX_NUMBER_DIGITS = 4


class RatingTicketScreen(ScanningScreen):
    """Which ticket is rated: the one just taken, the letter and digits of the printed number, or the ticket's
    QR shown to the camera."""

    letter = StringProperty("")
    digits = StringProperty("")

    def on_pre_enter(self) -> None:
        ticket = App.get_running_app().visit.ticket
        if ticket is not None and not (self.letter or self.digits):
            self.letter, self.digits = ticket.label[:1], ticket.label[1:]
        App.get_running_app().act(ticket_letters, done=self._letters)

    def _letters(self, letters: list[str]) -> None:
        box = self.ids.letters
        box.clear_widgets()
        for letter in letters:
            tile = OptionTile(title=letter, group=f"{self.name}-letter", allow_no_selection=False,
                              state="down" if letter == self.letter else "normal")
            tile.bind(state=lambda t, state: setattr(self, "letter", t.title) if state == "down" else None)
            box.add_widget(tile)

    def wanted(self, text: str) -> bool:
        return bool(qr_number(text))

    def _scanned(self, payload: str) -> None:
        """The ticket's QR: rate the ticket it names (checked when the rating is sent)."""
        self._stop_scanning()
        self.letter, self.digits = qr_number(payload)[:1], qr_number(payload)[1:]
        self._rate(payload)

    def add_digit(self, digit: str) -> None:
        if len(self.digits) < MAX_NUMBER_DIGITS:
            self.digits += digit

    def go_on(self) -> None:
        self._rate(self.letter + self.digits)

    def _rate(self, code: str) -> None:
        app = App.get_running_app()
        level = app.root.get_screen("rating_level")
        level.ticket_code = code
        level.ticket_label = qr_number(code) if is_ticket_qr(code) else code
        app.go("rating_level")

    def forget(self) -> None:
        self._stop_scanning()
        self.letter = self.digits = ""
        self.ids.letters.clear_widgets()


class RatingLevelScreen(KioskScreen):
    """Five large tiles, stars and words, and reason tiles below the two lowest."""

    ticket_label = StringProperty("")  # as printed, for the title
    ticket_code = StringProperty("")  # what names the ticket to the core: the number or the ticket's QR
    level = NumericProperty(0)
    message = StringProperty("")
    thanked = BooleanProperty(False)
    sending = BooleanProperty(False)

    def on_kv_post(self, _base) -> None:
        App.get_running_app().bind(language=lambda *_: self._retitle())

    def on_pre_enter(self) -> None:
        if self.ids.levels.children:
            return
        for choice in LEVEL_CHOICES:
            tile = OptionTile(choice=choice, group=f"{self.name}-level", allow_no_selection=False)
            tile.bind(state=lambda t, state: self._chose(t) if state == "down" else None)
            self.ids.levels.add_widget(tile)
        for choice in REASON_CHOICES:
            self.ids.reasons.add_widget(OptionTile(choice=choice))
        self._retitle()

    def _retitle(self) -> None:
        language = App.get_running_app().language
        for tile in self.ids.levels.children:
            tile.title = f"{stars(int(tile.choice.code))}  {localised(tile.choice, 'name', language)}"
        for tile in self.ids.reasons.children:
            tile.title = localised(tile.choice, "name", language)

    def _chose(self, tile: OptionTile) -> None:
        self.level = int(tile.choice.code)
        self.message = ""

    def submit(self) -> None:
        app = App.get_running_app()
        reasons = tuple(tile.choice.code for tile in reversed(self.ids.reasons.children)
                        if tile.state == "down") if self.level in BAD_LEVELS else ()
        self.sending = True
        app.act(rate_service, self.ticket_code or self.ticket_label, self.level, reasons, app.now(), done=self._rated,
                failed=self._failed)

    def _rated(self, result) -> None:
        self.sending = False
        if isinstance(result, Rating):
            self.thanked = True
            self.message = ""
        else:
            self.message = result.message(App.get_running_app().language)

    def _failed(self, error: BaseException) -> None:
        self.sending = False
        App.get_running_app().store_failed(error)

    def forget(self) -> None:
        self.ticket_label = self.ticket_code = self.message = ""
        self.level = 0
        self.thanked = self.sending = False
        for box in (self.ids.levels, self.ids.reasons):
            for tile in box.children:
                tile.state = "normal"
