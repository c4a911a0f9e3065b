"""The terminal: the ticket in hand, the buttons, the queue behind it and today's counts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kivy.app import App
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from kiosk.queue import Ticket
from kiosk.queue.model import CALLED
from kiosk.ui.kvfiles import load_kv_beside

load_kv_beside(__file__)


NAME_SEPARATOR = {"zh_CN": "、", "en": ", "}  # between the services a counter serves


def minutes_since(moment: datetime | None, now: datetime) -> int:
    return max(0, int((now - moment).total_seconds() // 60)) if moment else 0


class QueueRow(BoxLayout):
    """One waiting ticket: number, service, priority mark, minutes waited."""

    number = StringProperty("")
    service = StringProperty("")
    mark = StringProperty("")
    wait = StringProperty("")


class TerminalScreen(Screen):
    counter_title = StringProperty("")
    services_text = StringProperty("")
    set_up = BooleanProperty(False)
    is_open = BooleanProperty(False)
    number = StringProperty("")
    service = StringProperty("")
    mark = StringProperty("")
    state = StringProperty("")
    times = StringProperty("")
    has_ticket = BooleanProperty(False)
    can_serve = BooleanProperty(False)
    queue_title = StringProperty("")
    queue_more = StringProperty("")
    today = StringProperty("")

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        app = App.get_running_app()
        # clock_text changes each minute: waits shown in minutes stay true without a store read.
        app.bind(view=self.refresh, language=self.refresh, clock_text=self.refresh)
        self.refresh()

    def refresh(self, *_args: Any) -> None:
        app = App.get_running_app()
        language, view, now = app.language, app.view, app.now()
        self.counter_title = app.t("counter.title", language, counter=app.counter_id)
        self.set_up = view is not None and view.counter is not None
        if not self.set_up:
            self.services_text = self.today = ""
            self._show_ticket(None, now)
            self._show_queue((), 0, 0, now)
            if view is not None:  # the store answered: there is no such counter yet
                self.state = app.t("counter.not_set_up", language, counter=app.counter_id)
            return
        counter = view.counter
        self.is_open = counter.open
        names = NAME_SEPARATOR[language].join(app.service_name(code, language) for code in counter.services)
        self.services_text = app.t("counter.services", language, names=names)
        self._show_ticket(view.in_hand, now)
        self._show_queue(view.queue, view.waiting, view.outside, now)
        self.today = app.t("counter.today", language, called=view.called, done=view.done, no_shows=view.no_shows)

    def _mark(self, ticket: Ticket) -> str:
        app = App.get_running_app()
        return f"★ {app.t(f'counter.priority.{ticket.priority}', app.language)}" if ticket.priority else ""

    def _show_ticket(self, ticket: Ticket | None, now: datetime) -> None:
        app = App.get_running_app()
        language = app.language
        self.has_ticket = ticket is not None
        self.can_serve = ticket is not None and ticket.status == CALLED
        if ticket is None:
            self.number = "—"
            self.service = self.mark = self.times = ""
            self.state = app.t("counter.no_ticket", language) if self.set_up else ""
            return
        self.number = ticket.label
        self.service = app.service_name(ticket.service, language)
        self.mark = self._mark(ticket)
        self.state = app.t(f"counter.state.{ticket.status}", language)
        self.times = app.t("counter.ticket_times", language, waited=minutes_since(ticket.issued_at, ticket.called_at),
                           called=f"{ticket.called_at:%H:%M}" if ticket.called_at else "—",
                           recalls=ticket.recalls, max_recalls=app.settings.queue.recalls_before_no_show)

    def _show_queue(self, queue: tuple[Ticket, ...], waiting: int, outside: int, now: datetime) -> None:
        app = App.get_running_app()
        language = app.language
        rows = self.ids.rows
        rows.clear_widgets()
        several = app.view is not None and app.view.counter is not None and len(app.view.counter.services) > 1
        for ticket in queue:
            rows.add_widget(QueueRow(number=ticket.label,
                                     service=app.service_name(ticket.service, language) if several else "",
                                     mark=self._mark(ticket), wait=app.t("counter.wait_minutes", language,
                                                                         minutes=minutes_since(ticket.issued_at, now))))
        self.queue_title = app.t("counter.queue_title", language, waiting=waiting)
        notes = []
        if waiting > len(queue):
            notes.append(app.t("counter.more", language, more=waiting - len(queue)))
        if outside:
            notes.append(app.t("counter.outside", language, outside=outside))
        if not waiting and self.set_up:
            notes.append(app.t("counter.nobody_waiting", language))
        self.queue_more = "\n".join(notes)
