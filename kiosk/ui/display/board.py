"""The board's one screen: the call being made, the recent calls, waiting per service, the hours, the notices.

Readable from across a hall: the newest number is the largest thing on the
screen and is highlighted for ``[announcements] highlight_seconds``. Landscape
puts the calls left and the hall's figures right; portrait stacks them.

Nothing moves between changes: the notice turns from one language to the other
every few seconds instead of scrolling. On software GL a scrolling line redraws
the whole 1920x1080 window about 8 times a second, two thirds of a core all day,
and a new call then waits for the frame in progress; a still board draws a frame
only when something changed.
"""

from __future__ import annotations

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.display.board import BoardView
from kiosk.foundation.i18n import LANGUAGES
from kiosk.queue.hours import reception_state, sessions_text
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.theme import THEME
from kiosk.visitor import service_name

load_kv_beside(__file__)

NOTICE_SECONDS = 8.0


class BoardCard(BoxLayout):
    """A white card; ``fill`` turns it into the highlight."""

    fill = ColorProperty(THEME["card"])


class CallRow(BoxLayout):
    """One recent call: the number and its counter."""

    label = StringProperty("")
    counter = StringProperty("")
    recall = BooleanProperty(False)


class WaitingRow(BoxLayout):
    """One service and how many people wait for it."""

    service = StringProperty("")
    waiting = NumericProperty(0)


class BoardScreen(BoxLayout):
    """The whole board; :meth:`show` puts a view from the store on it."""

    view = ObjectProperty(None, allownone=True)
    highlight = BooleanProperty(False)
    trouble = StringProperty("")  # a calm line while the store cannot be read; empty when all is well
    hours_text = StringProperty("")
    reception_state = StringProperty("")  # empty until the store has been read
    notice_text = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._end_highlight = Clock.create_trigger(lambda _dt: setattr(self, "highlight", False),
                                                   App.get_running_app().settings.announcements.highlight_seconds)
        app = App.get_running_app()
        app.bind(language=self._refresh, clock_text=self._refresh_hours)
        self._notice_page = 0
        self._turn_notice(0)
        self._notice_turner = Clock.schedule_interval(self._turn_notice, NOTICE_SECONDS)

    def _turn_notice(self, _dt: float) -> None:
        """The notice in the board's language, then in the other one, and so on."""
        app = App.get_running_app()
        other = next(language for language in LANGUAGES if language != app.language)
        self.notice_text = app.notice((app.language, other)[self._notice_page % 2])
        self._notice_page += 1

    def show(self, view: BoardView) -> None:
        self.view = view
        self.trouble = ""
        if view.fresh:
            self.highlight = True
            self._end_highlight.cancel()
            self._end_highlight()
        self._refresh()

    def _refresh(self, *_args) -> None:
        app = App.get_running_app()
        language = app.language
        view = self.view
        calls = list(view.calls[1:]) if view else []
        rows = self.ids.recent
        rows.clear_widgets()
        for call in calls:
            rows.add_widget(CallRow(label=call.label, counter=app.t("display.counter", language, counter=call.counter),
                                    recall=call.is_recall))
        waiting = self.ids.waiting
        waiting.clear_widgets()
        for line in view.waiting if view else ():
            waiting.add_widget(WaitingRow(service=service_name(line, language), waiting=line.waiting))
        self._refresh_hours()

    def _refresh_hours(self, *_args) -> None:
        if self.view is None:
            return
        sessions = self.view.hours.sessions
        app = App.get_running_app()
        self.hours_text = sessions_text(sessions) or app.t("home.day_closed", app.language)
        self.reception_state = reception_state(sessions, app.now()).value
