"""Priority (优先): front-line epidemic workers, the elderly, the disabled and pregnant women go first."""

from uuid import uuid4

from kivy.app import App
from kivy.properties import BooleanProperty, StringProperty

from kiosk.foundation.i18n import localised
from kiosk.queue import Refusal
from kiosk.ui.base_app import ignore
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.guides import numbered
from kiosk.visitor import service_name
from kiosk.visitor.legal import guide
from kiosk.visitor.queueing import Issued, take_number

load_kv_beside(__file__)


class PriorityScreen(KioskScreen):
    issuing = BooleanProperty(False)
    materials_text = StringProperty("")
    service_name = StringProperty("")
    _guide = None  # the service's guide: the materials list in the visitor's language

    def on_kv_post(self, _base_widget) -> None:
        App.get_running_app().bind(language=lambda _app, language: self._show_texts(language))

    def on_pre_enter(self) -> None:
        """Tell the visitor everything to bring at once (一次性告知), before the number is taken."""
        app = App.get_running_app()
        self._guide = None
        self._show_texts(app.language)
        app.act(guide, app.visit.service.materials_key, done=self._show_materials, failed=ignore)

    def _show_materials(self, found) -> None:
        app = App.get_running_app()
        self._guide = found
        app.visit.materials = found.materials if found else ()
        self._show_texts(app.language)

    def _show_texts(self, language: str) -> None:
        service = App.get_running_app().visit.service
        if service is None:
            return
        self.service_name = service_name(service, language)
        materials = localised(self._guide, "materials", language) if self._guide else ()
        self.materials_text = numbered(materials, language)

    def choose(self, priority: str | None) -> None:
        """Take the number; staff confirm the priority at the counter."""
        if self.issuing:
            return
        app = App.get_running_app()
        visit = app.visit
        visit.priority = priority
        visit.request_id = visit.request_id or uuid4().hex
        self.issuing = True
        app.act(take_number, visit.service, priority, visit.request_id, app.now(), done=self._issued,
                failed=lambda error: self._failed(error, priority))

    def _issued(self, result: Issued | Refusal) -> None:
        self.issuing = False
        app = App.get_running_app()
        if isinstance(result, Refusal):
            app.visit.refusal = result
            app.go("refusal")
        else:
            app.show_ticket(result)

    def _failed(self, error: BaseException, priority: str | None) -> None:
        self.issuing = False
        App.get_running_app().store_failed(error, resume=lambda: self.choose(priority))

    def forget(self) -> None:
        self.issuing = False
        self._guide = None
        self.materials_text = ""
