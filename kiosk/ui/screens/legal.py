"""Legal lookup (法律查询): topic tiles, hot questions, plain answers and the articles they cite."""

from kivy.app import App
from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.utils import escape_markup

from kiosk.foundation.i18n import localised
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import ChoiceTile, fill_tiles
from kiosk.visitor import legal, tools
from kiosk.visitor.documents import document_for_answer
from kiosk.visitor.printouts import (
    SCREEN_QR_PX,
    answer_printout,
    answer_take_away,
    print_answer,
    print_outcome,
    printer_fitted,
)

load_kv_beside(__file__)


class TopicTile(ChoiceTile):
    topic = ObjectProperty(None)


class QuestionTile(ChoiceTile):
    summary = ObjectProperty(None)


class CiteTile(ChoiceTile):
    cite = ObjectProperty(None)


class LegalScreen(KioskScreen):
    """The topic tiles and the ways to search."""

    def on_pre_enter(self) -> None:
        App.get_running_app().act(legal.topics, done=self._show)

    def _show(self, topics) -> None:
        # Tiles word themselves in the visitor's language (legal.kv), and follow the switch.
        fill_tiles(self.ids.tiles, [TopicTile(topic=topic) for topic in topics], self.open_topic)

    def open_topic(self, tile: TopicTile) -> None:
        app = App.get_running_app()
        app.visit.topic = tile.topic
        app.go("topic")

    def forget(self) -> None:
        self.ids.tiles.clear_widgets()


class TopicScreen(KioskScreen):
    """A topic's hot questions (热点问答)."""

    topic = ObjectProperty(None, allownone=True)

    def on_pre_enter(self) -> None:
        app = App.get_running_app()
        self.topic = app.visit.topic
        app.act(legal.hot_questions, self.topic.code, done=self._show)

    def _show(self, summaries) -> None:
        fill_tiles(self.ids.tiles, [QuestionTile(summary=summary) for summary in summaries],
                   lambda tile: open_answer(tile.summary.id))

    def forget(self) -> None:
        self.topic = None
        self.ids.tiles.clear_widgets()


def open_answer(answer_id: str) -> None:
    App.get_running_app().act(legal.answer, answer_id, done=_show_answer)


def _show_answer(answer) -> None:
    app = App.get_running_app()
    app.visit.answer = answer
    app.go("answer")


class AnswerScreen(KioskScreen):
    """The answer in plain words, the articles it cites, and a QR code to take it away."""

    answer = ObjectProperty(None, allownone=True)
    calculator = ObjectProperty(None, allownone=True)  # the calculator the answer names (算一算), if any
    body = StringProperty("")
    take_away = StringProperty("")
    take_away_whole = BooleanProperty(True)  # False: the QR holds the key points, and the screen says so
    qr_side = NumericProperty(dp(SCREEN_QR_PX))
    can_print = BooleanProperty(True)  # without a printer the print button is not offered, and that is said
    print_text = StringProperty("")
    document = StringProperty("")  # the template this answer offers to draft ("生成申请书"), if any

    def on_kv_post(self, _base) -> None:
        App.get_running_app().bind(language=lambda _app, language: self.show(language))

    def on_pre_enter(self) -> None:
        app = App.get_running_app()
        self.can_print = printer_fitted(app.settings)
        self.answer = app.visit.answer

    def on_answer(self, _screen, answer) -> None:
        self.print_text = ""
        self.document = (document_for_answer(answer.id) or "") if answer else ""
        self.calculator = tools.calculator_for_answer(answer.id) if answer else None
        cites = self.ids.cites
        cites.clear_widgets()
        for cite in answer.cites if answer else ():
            tile = CiteTile(cite=cite)  # worded in the visitor's language by legal.kv
            tile.bind(on_release=self.open_article)
            cites.add_widget(tile)
        self.show(App.get_running_app().language)

    def show(self, language: str) -> None:
        """The answer's words and its take-away QR in ``language``."""
        answer = self.answer
        if answer is None:
            self.body = self.take_away = ""
            return
        note = localised(answer, "version_note", language)
        self.body = escape_markup(localised(answer, "answer", language)) + (
            f"\n\n[i]{escape_markup(note)}[/i]" if note else "")
        app = App.get_running_app()
        app.act(answer_take_away, answer, app.settings, language, self.qr_side,
                done=lambda taken: self._show_take_away(answer, taken))

    def _show_take_away(self, answer, taken) -> None:
        if answer is self.answer:  # not forgotten, nor another answer opened, meanwhile
            self.take_away, self.take_away_whole = taken.text, taken.whole

    def print_answer(self) -> None:
        app = App.get_running_app()
        paper = answer_printout(self.answer, app.settings, app.language, app.now())
        self.print_text = app.t("ticket.printing", app.language)
        app.act(print_answer, paper, done=self._printed, failed=lambda _error: self._printed(None))

    def _printed(self, result) -> None:
        app = App.get_running_app()
        key = print_outcome(result)
        self.print_text = app.t(key, app.language)
        if key == "legal.print_failed":
            app.call_staff(f"answer printing failed: {result.status if result else 'error'}")

    def take_number(self) -> None:
        """取号当面咨询: a number for legal consultation, through the health check as every number."""
        App.get_running_app().take_number("ticket", service="consultation")

    def draft_document(self) -> None:
        from kiosk.ui.screens.documents import open_document  # lazy: its kv loads with the screens

        open_document(self.document)

    def open_calculator(self) -> None:
        app = App.get_running_app()
        found, preset = self.calculator
        app.visit.calculator, app.visit.calculator_preset = found.code, preset
        app.go("calculator")

    def open_article(self, tile: CiteTile) -> None:
        app = App.get_running_app()
        app.visit.article = tile.cite
        app.go("article")

    def forget(self) -> None:
        self.answer = None


class ArticleScreen(KioskScreen):
    """One article with its law's status and effective date."""

    cite = ObjectProperty(None, allownone=True)

    def on_pre_enter(self) -> None:
        self.cite = App.get_running_app().visit.article

    def forget(self) -> None:
        self.cite = None
