"""The legal-aid self-check on screen: one question at a time, then a likely answer and what to bring."""

from kivy.app import App
from kivy.properties import DictProperty, ListProperty, StringProperty

from kiosk.foundation.i18n import localised
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.guides import numbered
from kiosk.ui.widgets import BigButton
from kiosk.visitor.legal import aid_step, guide

load_kv_beside(__file__)

LEGAL_AID = "legal_aid"  # the service (and its guide) the self-check is about


class OptionButton(BigButton):
    option = StringProperty("")


class LegalAidCheckScreen(KioskScreen):
    answers = DictProperty({})
    question = StringProperty("")
    options = ListProperty([])
    result = StringProperty("")
    reason = StringProperty("")
    materials_text = StringProperty("")
    _guide = None  # the legal-aid guide, for its materials list in either language

    def on_kv_post(self, _base) -> None:
        App.get_running_app().bind(language=lambda *_: self.show())

    def on_pre_enter(self) -> None:
        self.forget()

    def answer(self, option: str) -> None:
        self.answers = {**self.answers, self.question: option}
        self.show()

    def show(self) -> None:
        app = App.get_running_app()
        step = aid_step(self.answers)
        self.question, self.options = step.question, list(step.options)
        box = self.ids.options
        box.clear_widgets()
        for option in self.options:
            button = OptionButton(option=option, text=app.t(f"aid.{self.question}.{option}", app.language))
            button.bind(on_release=lambda button: self.answer(button.option))
            box.add_widget(button)
        found = step.outcome
        self.result = found.result if found else ""
        self.reason = found.reason if found else ""
        if found and self._guide is None:
            app.act(guide, LEGAL_AID, done=self._show_materials)
        self.materials_text = (numbered(localised(self._guide, "materials", app.language), app.language)
                               if found and self._guide else "")

    def _show_materials(self, found) -> None:
        self._guide = found
        if found and self.result:
            language = App.get_running_app().language
            self.materials_text = numbered(localised(found, "materials", language), language)

    def take_number(self) -> None:
        """取号: a number for legal aid, through the health check as every number."""
        App.get_running_app().take_number("ticket", service=LEGAL_AID)

    def open_guide(self) -> None:
        """The legal-aid guide in full (the materials above are only its list of what to bring)."""
        App.get_running_app().act(guide, LEGAL_AID, done=self._open_guide)

    def _open_guide(self, found) -> None:
        app = App.get_running_app()
        app.visit.guide = found
        app.go("guide")

    def forget(self) -> None:
        self.answers = {}
        self._guide = None
        self.show()
