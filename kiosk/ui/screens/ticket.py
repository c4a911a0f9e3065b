"""The ticket (号票): the number, where to wait or when to come back, and what to bring."""

from kivy.app import App
from kivy.properties import BooleanProperty, StringProperty

from kiosk.foundation.i18n import localised
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.guides import numbered
from kiosk.visitor import service_name
from kiosk.visitor.legal import guide
from kiosk.visitor.printouts import print_ticket, ticket_printout

load_kv_beside(__file__)


class TicketScreen(KioskScreen):
    _printed_ticket = None
    _print_result = None
    _guide = None  # the service's guide: the materials list in the visitor's language

    number = StringProperty("")
    service_name = StringProperty("")
    ahead_text = StringProperty("")
    call_text = StringProperty("")
    place_text = StringProperty("")
    materials_text = StringProperty("")
    qr_payload = StringProperty("")
    print_text = StringProperty("")
    print_fault = BooleanProperty(False)

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
        self.service_name = service_name(service, language)
        self.ahead_text = app.t("ticket.ahead", language, ahead=app.visit.ahead)
        self.call_text = app.t("ticket.expected_call", language,
                               time=f"{ticket.expected_call:%H:%M}") if ticket.expected_call else ""
        if ticket.spot is not None:
            self.place_text = app.t("ticket.spot", language, spot=ticket.spot)
        elif ticket.return_time is not None:
            self.place_text = app.t("ticket.return_time", language, time=f"{ticket.return_time:%H:%M}")
        else:
            self.place_text = ""
        self.materials_text = numbered(self._materials(app), language)
        self.qr_payload = app.visit.qr_payload
        self._show_print_status()
        if ticket is not self._printed_ticket:
            self._printed_ticket = ticket
            self._guide = None
            # The list is printed in the visitor's language; without the guide, as the service choice showed it.
            app.act(guide, service.materials_key, done=lambda found: self._guide_found(found, ticket),
                    failed=lambda _error: self._guide_found(None, ticket))

    def _materials(self, app) -> tuple[str, ...]:
        return localised(self._guide, "materials", app.language) if self._guide else app.visit.materials

    def _guide_found(self, found, ticket) -> None:
        app = App.get_running_app()
        if ticket is not self._printed_ticket:  # forgotten (idle timeout) before the guide came
            return
        self._guide = found
        self.materials_text = numbered(self._materials(app), app.language)
        self._print(app, ticket)

    def _print(self, app, ticket) -> None:
        """Print on the printer's own thread; the ticket stays on screen whatever the printer does."""
        self._print_result = None
        paper = ticket_printout(ticket, app.visit.service, app.visit.ahead, self._materials(app),
                                app.visit.qr_payload, app.settings, app.language)
        self.print_text, self.print_fault = app.t("ticket.printing", app.language), False
        app.act(print_ticket, paper, done=self._printed, failed=self._print_failed)

    def _printed(self, result) -> None:
        # Nothing printed (no printer, or a fault): the screen's big number, QR and list are the ticket;
        # the status says so. A picture of the paper would only be the same, smaller and harder to read.
        self._print_result = result
        self._show_print_status()

    def _show_print_status(self) -> None:
        result, app = self._print_result, App.get_running_app()
        if result is None:
            return
        if result.printed and not result.fault:
            self.print_text, self.print_fault = app.t("ticket.printed", app.language), False
        elif result.status == "disabled":
            self.print_text, self.print_fault = app.t("ticket.no_printer", app.language), False
        else:
            self.print_text, self.print_fault = result.message(app.language), True

    def _print_failed(self, _error) -> None:
        app = App.get_running_app()
        self.print_text, self.print_fault = app.t("ticket.print_failed", app.language), True
        app.call_staff("printing failed unexpectedly; see the log")

    def forget(self) -> None:
        self.number = self.service_name = self.ahead_text = self.call_text = self.place_text = ""
        self.materials_text = self.qr_payload = self.print_text = ""
        self.print_fault = False
        self._printed_ticket = None
        self._print_result = None
        self._guide = None
