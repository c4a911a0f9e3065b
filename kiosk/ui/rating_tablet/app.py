"""RatingTabletApp: ``kiosk --mode rating --counter ID``, a small screen at a counter facing the visitor.

It shows an idle prompt until the counter finishes a ticket, then the rating of that visit only: the five
levels and, for the two lowest, reasons. Once rated, or left alone for ``[display] idle_timeout``, it thanks
or simply returns to the prompt. It reads the queue store on the queue worker once a second; a ticket left
unrated is not asked about again.
"""

from __future__ import annotations

import logging
from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ObjectProperty
from kivy.uix.screenmanager import FadeTransition, ScreenManager

from kiosk.queue import Ticket
from kiosk.ui.base_app import CentreApp
from kiosk.visitor import QUEUE
from kiosk.visitor.workorders import awaiting_rating
from kiosk.wiring import Services, open_services

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0  # a visit ends, the tablet asks within about a second


class TabletRoot(ScreenManager):
    """The idle prompt and the rating of the visit just ended."""


class RatingTabletApp(CentreApp):
    mode = "rating"
    ticket: Ticket | None = ObjectProperty(None, allownone=True)  # the visit being rated
    store_ok = BooleanProperty(True)

    def __init__(self, runtime: Any, exit_after_first_frame: bool = False, **kwargs: Any):
        super().__init__(runtime, exit_after_first_frame, **kwargs)
        self.counter_id = str(getattr(self.options, "counter", None) or "1")
        self._skipped: set[int] = set()  # tickets shown and left unrated, or rated here
        self._polling = False

    def load_kv(self, filename: str | None = None) -> bool:
        return True  # each screen loads the .kv beside it

    def build(self) -> TabletRoot:
        self.register_font()
        self.title = f"{self.settings.centre.name} · {self.counter_id}"
        import kiosk.ui.widgets  # noqa: F401  (after the font: its kv rules create labels)
        from kiosk.ui.rating_tablet.idle import TabletIdleScreen
        from kiosk.ui.rating_tablet.rate import TabletRateScreen

        root = TabletRoot(transition=FadeTransition(duration=0.12))
        root.add_widget(TabletIdleScreen(name="idle"))
        root.add_widget(TabletRateScreen(name="rate"))
        root.current = "idle"
        return root

    def on_start(self) -> None:
        super().on_start()
        self._poller = Clock.schedule_interval(self.poll, POLL_SECONDS)
        self.poll()

    def on_stop(self) -> None:
        super().on_stop()
        self._poller.cancel()

    def _services(self) -> Services:
        """The services, opened on the queue worker (again after the store was down)."""
        if self.services is None:
            self.services = open_services(self.runtime)
        return self.services

    def resources(self) -> dict[str, Any]:
        return {QUEUE: self._services}

    def store_failed(self, error: BaseException) -> None:
        self.store_ok = False

    def poll(self, *_args: Any) -> None:
        """Ask, while idle, whether the counter has just finished a visit that is not rated yet."""
        if self._polling or self.root is None or self.root.current != "idle":
            return
        self._polling = True
        self.act(awaiting_rating, self.counter_id, frozenset(self._skipped), self.now(), done=self._found,
                 failed=self._poll_failed)

    def _found(self, ticket: Ticket | None) -> None:
        self._polling = False
        self.store_ok = True
        if ticket is not None and self.root.current == "idle":
            log.info("counter %s: asking for the rating of %s", self.counter_id, ticket.label)
            self.ticket = ticket
            self.root.current = "rate"

    def _poll_failed(self, _error: BaseException) -> None:
        self._polling = False
        self.store_ok = False  # the idle prompt says so; the next poll tries again

    def back_to_idle(self) -> None:
        """The visit is rated or left: forget it, in the centre's language, and wait for the next one."""
        if self.ticket is not None:
            self._skipped.add(self.ticket.id)
        self.ticket = None
        self.language = self.settings.display.language
        self.root.current = "idle"

    def show_error(self) -> None:
        """A fault in the screens: back to the prompt; the log has the traceback."""
        if self.root is not None:
            self.back_to_idle()
