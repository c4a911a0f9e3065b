"""Documents drafted by touch: the list of documents, one question at a time, and the draft page by page.

Nothing is typed: choices are buttons, dates are turned with − and +, amounts come from a number pad;
names, ID numbers and addresses stay blank lines on paper. The answers live in ``app.visit`` only.
"""

from __future__ import annotations

import calendar
from datetime import date
from io import BytesIO
from typing import Any

from kivy.app import App
from kivy.core.image import Image as CoreImage
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty

from kiosk.documents import Question, Template
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import BigButton, ChoiceTile
from kiosk.visitor.documents import (
    answer_problem,
    document_template,
    document_templates,
    preview,
    print_document,
    print_fault_message,
    questions_to_ask,
)

load_kv_beside(__file__)

CHOSEN, NOT_CHOSEN = "● ", "○ "  # a mark in the words, not colour alone


def open_document(name: str) -> None:
    """Start drafting the template ``name`` (from the list, or from an answer's link)."""
    app = App.get_running_app()
    app.visit.document, app.visit.document_answers, app.visit.document_preview = name, {}, None
    app.go("document_questions")


class DocumentTile(ChoiceTile):
    name = StringProperty("")


class DocumentOption(BigButton):
    key = StringProperty("")
    chosen = BooleanProperty(False)  # outlined, besides the ● in its words


class DocumentDateStep(BigButton):
    part = StringProperty("")  # year, month or day
    step = NumericProperty(1)


class DocumentsScreen(KioskScreen):
    """The documents a visitor can draft here, with what each is for."""

    _templates: tuple[Template, ...] = ()

    def on_kv_post(self, _base) -> None:
        App.get_running_app().bind(language=lambda *_: self.show())

    def on_pre_enter(self) -> None:
        App.get_running_app().act(document_templates, done=self._listed)

    def _listed(self, found: tuple[Template, ...]) -> None:
        self._templates = found
        self.show()

    def show(self) -> None:
        language = App.get_running_app().language
        box = self.ids.documents
        box.clear_widgets()
        for found in self._templates:
            tile = DocumentTile(name=found.name, title=found.title.get(language), detail=found.summary.get(language))
            tile.bind(on_release=lambda tile: open_document(tile.name))
            box.add_widget(tile)


class DocumentQuestionScreen(KioskScreen):
    """One question of the template at a time; the last one leads to the preview."""

    template = ObjectProperty(None, allownone=True)
    question = ObjectProperty(None, allownone=True)
    position = StringProperty("")
    value_text = StringProperty("")
    problem = StringProperty("")
    last = BooleanProperty(False)
    busy = BooleanProperty(False)

    def on_kv_post(self, _base) -> None:
        App.get_running_app().bind(language=lambda *_: self.show())
        # The date steps and the number pad are in the tree only when the question needs them:
        # a hidden button would still take the touches meant for the options over it.
        self._tools = {"date": self.ids.dates.__self__, "number": self.ids.pad_row.__self__}  # held, not proxied
        self.ids.tools.clear_widgets()

    def on_pre_enter(self) -> None:
        app = App.get_running_app()
        if self.template is None or self.template.name != app.visit.document:
            self.template, self.question = None, None
            app.act(document_template, app.visit.document, done=self._opened)
            return
        if not self.answers:  # printed, so dropped: start again from the first question
            self.question = self._asked()[0]
        self.show()

    def _opened(self, found: Template) -> None:
        self.template = found
        self.question = self._asked()[0]
        self.show()

    def _asked(self) -> list[Question]:
        return questions_to_ask(self.template, App.get_running_app().visit.document_answers)

    @property
    def answers(self) -> dict[str, Any]:
        return App.get_running_app().visit.document_answers

    def show(self) -> None:
        """Draw the current question's input: option buttons, a date to turn, or a number pad."""
        if self.template is None or self.question is None:
            return
        app = App.get_running_app()
        language = app.language
        asked = self._asked()
        keys = [q.key for q in asked]
        if self.question.key not in keys:  # the answers it followed from were dropped (printed, or changed)
            self.question = asked[0]
        index = keys.index(self.question.key)
        self.position = app.t("doc.position", language, number=index + 1, total=len(asked))
        self.last = index == len(asked) - 1
        box = self.ids.input
        box.clear_widgets()
        kind = self.question.kind
        tools = self.ids.tools
        tools.clear_widgets()
        if kind in ("date", "amount", "percent"):
            tools.add_widget(self._tools["date" if kind == "date" else "number"])
        value = self.answers.get(self.question.key)
        if kind in ("choice", "multi"):
            chosen = value if isinstance(value, list) else [value]
            for option in self.question.options:
                mark = "" if kind == "choice" else (CHOSEN if option.key in chosen else NOT_CHOSEN)
                button = DocumentOption(key=option.key, text=mark + option.label.get(language),
                                      chosen=option.key in chosen)
                button.bind(on_release=self._option)
                box.add_widget(button)
            self.value_text = ""
        elif kind == "date":
            if value is None:
                self.answers[self.question.key] = self._default_day().isoformat()
            self.value_text = self._day_text(date.fromisoformat(self.answers[self.question.key]), language)
        else:
            self.value_text = str(value or "")

    def _default_day(self) -> date:
        after = self.answers.get(self.question.after) if self.question.after else None
        return date.fromisoformat(after) if isinstance(after, str) else App.get_running_app().now().date()

    @staticmethod
    def _day_text(day: date, language: str) -> str:
        return day.strftime("%d %b %Y") if language == "en" else f"{day.year}年{day.month}月{day.day}日"

    def _option(self, button: DocumentOption) -> None:
        if self.question.kind == "choice":
            self.answers[self.question.key] = button.key
            self.next()
            return
        chosen = list(self.answers.get(self.question.key) or [])
        chosen = [key for key in chosen if key != button.key] if button.key in chosen else [*chosen, button.key]
        self.answers[self.question.key] = chosen
        self.show()

    def turn(self, part: str, step: int) -> None:
        """Move the date's year, month or day by ``step``; the day stays inside its month."""
        day = date.fromisoformat(self.answers[self.question.key])
        year, month, number = day.year, day.month, day.day
        if part == "year":
            year += step
        elif part == "month":
            month = (month - 1 + step) % 12 + 1
        else:
            number = (number - 1 + step) % calendar.monthrange(year, month)[1] + 1
        number = min(number, calendar.monthrange(year, month)[1])
        self.answers[self.question.key] = date(year, month, number).isoformat()
        self.problem = ""
        self.show()

    def digit(self, digit: str) -> None:
        text = self.value_text
        whole, _, cents = text.partition(".")
        if digit == "." and ("." in text or not text):
            return
        if digit != "." and (len(cents) >= 2 if "." in text else len(whole) >= 9):
            return  # cents at most; nine figures reach every template's maximum
        self._set_number(text + digit)

    def delete(self) -> None:
        self._set_number(self.value_text[:-1])

    def clear(self) -> None:
        self._set_number("")

    def _set_number(self, text: str) -> None:
        self.value_text, self.problem = text, ""
        if text:
            self.answers[self.question.key] = text
        else:
            self.answers.pop(self.question.key, None)

    def next(self) -> None:
        app = App.get_running_app()
        found = answer_problem(self.template, self.answers, self.question.key, app.now().date())
        if found is not None:
            self.problem = found.message(app.language)
            return
        self.problem = ""
        asked = self._asked()
        index = [q.key for q in asked].index(self.question.key)
        if index + 1 < len(asked):
            self.question = asked[index + 1]
            self.show()
            return
        self.busy = True
        app.act(preview, self.template.name, dict(self.answers), app.now().date(), app.fonts,
                done=self._drafted, failed=self._not_drafted)

    def previous(self) -> None:
        asked = self._asked()
        index = [q.key for q in asked].index(self.question.key)
        self.problem = ""
        if index == 0:
            App.get_running_app().go_back()
            return
        self.question = asked[index - 1]
        self.show()

    def _drafted(self, shown) -> None:
        self.busy = False
        app = App.get_running_app()
        app.visit.document_preview = shown
        app.go("document_preview")

    def _not_drafted(self, error: BaseException) -> None:
        self.busy = False
        message = getattr(error, "message", None)
        app = App.get_running_app()
        self.problem = message(app.language) if callable(message) else app.t("doc.not_drafted", app.language)

    def forget(self) -> None:
        self.template = self.question = None
        self.problem = self.value_text = ""


class DocumentPreviewScreen(KioskScreen):
    """The draft page by page, then print; when it cannot print, why, and the QR to take instead."""

    shown = ObjectProperty(None, allownone=True)
    page = NumericProperty(0)
    pages = NumericProperty(0)
    texture = ObjectProperty(None, allownone=True)
    status = StringProperty("")
    qr_text = StringProperty("")
    printing = BooleanProperty(False)
    printed = BooleanProperty(False)

    def on_pre_enter(self) -> None:
        self.printed = self.printing = False
        self.status = self.qr_text = ""
        self.shown = App.get_running_app().visit.document_preview
        self.pages = len(self.shown.pages) if self.shown else 0
        self.turn_to(0)

    def turn_to(self, page: int) -> None:
        if not self.shown or not 0 <= page < self.pages:
            return
        self.page = page
        self.texture = CoreImage(BytesIO(self.shown.pages[page]), ext="png").texture

    def print_document(self) -> None:
        app = App.get_running_app()
        if not self.shown or self.printing:
            return
        self.printing, self.qr_text = True, ""
        self.status = app.t("doc.printing", app.language)
        app.act(print_document, self.shown.draft, app.fonts, app.settings.documents,
                done=self._printed, failed=self._fault)

    def _printed(self, _job: str) -> None:
        app = App.get_running_app()
        self.printing, self.printed = False, True
        self.status = app.t("doc.printed", app.language)
        self._let_go()

    def _fault(self, error: BaseException) -> None:
        app = App.get_running_app()
        self.printing = False
        self.status = print_fault_message(error, app.language)
        self.qr_text = self.shown.qr_text if self.shown else ""

    def _let_go(self) -> None:
        """Printed: the draft and the answers are dropped from the visit and the screen."""
        visit = App.get_running_app().visit
        visit.document_answers, visit.document_preview = {}, None
        self.shown, self.texture, self.pages, self.qr_text = None, None, 0, ""

    def forget(self) -> None:
        self._let_go()
        self.status = ""
