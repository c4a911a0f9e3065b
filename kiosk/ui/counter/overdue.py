"""Overdue work orders (逾期工单) at the counter: how many, and each in words."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.ui.kvfiles import load_kv_beside
from kiosk.visitor.workorders import order_line

load_kv_beside(__file__)


class OverdueScreen(Screen):
    title = StringProperty("")
    lines = StringProperty("")

    def on_pre_enter(self, *_args: Any) -> None:
        app = App.get_running_app()
        app.bind(language=self.update_texts, overdue=self.update_texts)
        app.poll_overdue()
        self.update_texts()

    def on_leave(self, *_args: Any) -> None:
        App.get_running_app().unbind(language=self.update_texts, overdue=self.update_texts)

    def update_texts(self, *_args: Any) -> None:
        app = App.get_running_app()
        language, now = app.language, app.now()
        self.title = app.t("overdue.title", language, count=len(app.overdue))
        self.lines = "\n\n".join(order_line(order, now, language, app.zone) for order in app.overdue) or \
            app.t("overdue.none", language)
