"""The ticket (号票): the number, where to wait or when to come back, and what to bring."""

from kivy.app import App
from kivy.properties import StringProperty

from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.guides import numbered

load_kv_beside(__file__)


class TicketScreen(KioskScreen):
    number = StringProperty("")
    service_name = StringProperty("")
    ahead_text = StringProperty("")
    call_text = StringProperty("")
    place_text = StringProperty("")
    materials_text = StringProperty("")

    def on_kv_post(self, _base) -> None:
        App.get_running_app().bind(language=lambda *_: self.on_pre_enter())

    def on_pre_enter(self) -> None:
        app = App.get_running_app()
        ticket = app.visit.ticket
        if ticket is None:
            return
        language = app.language
        service = app.visit.service
        self.number = ticket.label
        self.service_name = service.name_en if language == "en" else service.name_zh
        self.ahead_text = app.t("ticket.ahead", language, ahead=app.visit.ahead)
        self.call_text = app.t("ticket.expected_call", language,
                               time=f"{ticket.expected_call:%H:%M}") if ticket.expected_call else ""
        if ticket.spot is not None:
            self.place_text = app.t("ticket.spot", language, spot=ticket.spot)
        elif ticket.return_time is not None:
            self.place_text = app.t("ticket.return_time", language, time=f"{ticket.return_time:%H:%M}")
        else:
            self.place_text = ""
        self.materials_text = numbered(app.visit.materials)

    def forget(self) -> None:
        self.number = self.service_name = self.ahead_text = self.call_text = self.place_text = ""
        self.materials_text = ""
