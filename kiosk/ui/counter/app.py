"""CounterApp: the terminal at one counter (窗口), behind the staff PIN.

Staff call the next ticket, recall, start serving, mark a no-show, finish or transfer,
and see the ticket in hand, the queue behind it and today's counts. The terminal polls
the queue store twice a second on the queue worker, so a ticket a kiosk issues or a call
another counter makes shows within about a second. When the store does not answer, a
calm banner says so, the press in hand is kept and tried again by itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import FadeTransition, ScreenManager

from kiosk.queue import CounterView, QueueError, Ticket
from kiosk.queue.model import NO_SHOW
from kiosk.ui.base_app import CentreApp
from kiosk.visitor import QUEUE, service_name
from kiosk.visitor.counter import counter_view, press
from kiosk.visitor.demo import open_demo_centre
from kiosk.visitor.workorders import overdue_orders
from kiosk.wiring import Services, open_services

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5  # a read costs a few ms on the worker; a change shows within a second
RETRY_SECONDS = 3.0
OVERDUE_SECONDS = 30.0  # deadlines are in hours and days: a half-minute read is plenty


class CounterRoot(ScreenManager):
    """Sign-in, the terminal, the transfer choice, the hand-off to the platforms and the overdue orders."""


class CounterApp(CentreApp):
    mode = "counter"
    view: CounterView | None = ObjectProperty(None, allownone=True)
    signed_in = BooleanProperty(False)
    store_ok = BooleanProperty(True)
    busy = BooleanProperty(False)
    pending = StringProperty("")  # the press waiting for the store, kept until it goes through
    message = ObjectProperty(("", {}))  # key and fields, one property: kv must never see one without the other
    overdue = ListProperty([])  # open work orders past their deadline, as last read

    def __init__(self, runtime: Any, exit_after_first_frame: bool = False, **kwargs: Any):
        super().__init__(runtime, exit_after_first_frame, **kwargs)
        self.counter_id = str(getattr(self.options, "counter", None) or "1")
        self.staff_id = ""
        self._pending_service: str | None = None
        self._polling = False
        self._reading_overdue = False

    # --- set-up -----------------------------------------------------------------

    def load_kv(self, filename: str | None = None) -> bool:
        return True  # each screen loads the .kv beside it

    def build(self) -> CounterRoot:
        self.register_font()
        self.title = f"{self.settings.centre.name} · {self.counter_id}"
        import kiosk.ui.widgets  # noqa: F401  (after the font: its kv rules create labels)
        from kiosk.ui.counter.handoff import HandOffScreen
        from kiosk.ui.counter.overdue import OverdueScreen
        from kiosk.ui.counter.sign_in import CounterPinScreen
        from kiosk.ui.counter.terminal import TerminalScreen
        from kiosk.ui.counter.transfer import TransferScreen

        try:
            self.workers.queue.run_now(self._services)
        except Exception as error:  # the store is down at start: the terminal starts and retries by itself
            log.error("queue store failed at start: %s", error, exc_info=error)
            self.store_ok = False
        root = CounterRoot(transition=FadeTransition(duration=0.12))
        for screen in (CounterPinScreen(name="sign_in"), TerminalScreen(name="terminal"),
                       TransferScreen(name="transfer"), HandOffScreen(name="handoff"),
                       OverdueScreen(name="overdue")):
            root.add_widget(screen)
        root.current = "sign_in"
        return root

    def on_start(self) -> None:
        super().on_start()
        self._poller = Clock.schedule_interval(self.poll, POLL_SECONDS)
        self._retry = Clock.create_trigger(self._run_pending, RETRY_SECONDS)
        self._overdue_poller = Clock.schedule_interval(self.poll_overdue, OVERDUE_SECONDS)

    def on_stop(self) -> None:
        super().on_stop()
        self._poller.cancel()
        self._retry.cancel()
        self._overdue_poller.cancel()

    def show_error(self) -> None:
        """A fault in the screens: one calm line; the log has the traceback."""
        self.say("counter.fault")

    # --- staff ----------------------------------------------------------------------

    def sign_in(self, staff_id: str) -> None:
        self.staff_id = staff_id
        self.signed_in = True
        self.log_staff_action("signed in")
        self.root.current = "terminal"
        self.poll()
        self.poll_overdue()

    def lock(self) -> None:
        """Back to the PIN pad; a press still waiting for the store stays queued."""
        self.log_staff_action("locked the terminal")
        self.signed_in = False
        self.say("")
        self.root.get_screen("sign_in").typed = ""
        self.root.current = "sign_in"

    def log_staff_action(self, action: str, unusual: bool = False) -> None:
        """Every press goes to the log: the routine ones at INFO, what staff may need to look into (a
        refusal, a locked pad) as a warning."""
        log.log(logging.WARNING if unusual else logging.INFO, "counter %s (%s): %s", self.counter_id,
                self.staff_id or "not signed in", action)

    @property
    def who(self) -> str:
        """How the core's audit names the person at this terminal."""
        return f"counter {self.counter_id} ({self.staff_id})"

    def say(self, key: str, **fields: Any) -> None:
        """The line under the ticket in hand; kv translates it, so it follows the language switch."""
        self.message = (key, fields)

    # --- the store ---------------------------------------------------------------------

    def _services(self) -> Services:
        """The services, opening the store first when it was down at start (on the queue worker)."""
        if self.services is None:
            self.services = open_services(self.runtime)
            if self.runtime.demo:
                open_demo_centre(self.services, self.now())
        return self.services

    def resources(self) -> dict[str, Callable[[], Any]]:
        return {QUEUE: self._services}

    def poll(self, *_args: Any) -> None:
        """Read the counter's view on the worker, unless a read or a press is already under way."""
        if self._polling or self.busy or not self.signed_in:
            return
        self._polling = True
        self.act(counter_view, self.counter_id, self.now(), done=self._viewed, failed=self._view_failed)

    def _viewed(self, view: CounterView) -> None:
        self._polling = False
        self.view = view
        self.store_ok = not self.pending

    def _view_failed(self, _error: BaseException) -> None:
        self._polling = False
        self.store_ok = False

    def poll_overdue(self, *_args: Any) -> None:
        """Read the overdue work orders on the worker; the terminal's button counts them."""
        if self._reading_overdue or not self.signed_in:
            return
        self._reading_overdue = True
        self.act(overdue_orders, self.now(), done=self._overdue_read, failed=self._overdue_failed)

    def _overdue_read(self, orders: list) -> None:
        self._reading_overdue = False
        self.overdue = orders

    def _overdue_failed(self, _error: BaseException) -> None:
        self._reading_overdue = False  # the banner tells of a store that does not answer; read again later

    # --- presses -------------------------------------------------------------------------

    def press(self, action: str, service: str | None = None) -> None:
        """A button: call, recall, serve, no_show, done, transfer (to ``service``), open or close."""
        if self.busy or self.pending:
            return
        self.pending, self._pending_service = action, service
        self.log_staff_action(action if service is None else f"{action} to {service}")
        self._run_pending()

    def drop_pending(self) -> None:
        """Staff no longer want the press that waits for the store."""
        if self.pending and not self.busy:
            self.log_staff_action(f"dropped the waiting {self.pending}")
            self._retry.cancel()
            self.pending, self._pending_service = "", None
            self.store_ok = True
            self.say("")

    def _run_pending(self, *_args: Any) -> None:
        if not self.pending or self.busy:
            return
        action, service = self.pending, self._pending_service
        self.busy = True
        self.act(press, self.counter_id, action, service, self.who, self.now(),
                 done=lambda result: self._acted(action, result), failed=lambda error: self._failed(action, error))

    def _acted(self, action: str, result: Any) -> None:
        self.busy = False
        self.pending, self._pending_service = "", None
        self.store_ok = True
        if isinstance(result, Ticket):
            self.log_staff_action(f"{action}: {result.label} now {result.status}")
            gone = action == "recall" and result.status == NO_SHOW
            self.say("counter.done.recall_no_show" if gone else f"counter.done.{action}", number=result.label,
                     service=result.service)
        elif action == "call":
            self.say("counter.nobody_waiting")
        else:
            self.say(f"counter.done.{action}")
        self.poll()

    def _failed(self, action: str, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, QueueError):  # the core refused: a value for staff, not a fault
            self.pending, self._pending_service = "", None
            self.log_staff_action(f"{action} refused: {error}", unusual=True)
            self.say("counter.refused")
            self.poll()
            return
        self.store_ok = False  # the store did not answer: the banner says so; keep the press, try again
        self.say("")
        self._retry()

    def service_name(self, code: str, language: str) -> str:
        for service in self.view.services if self.view else ():
            if service.code == code:
                return service_name(service, language)
        return code

    def action_name(self, action: str, language: str) -> str:
        """A press as its button names it."""
        key = {"open": "counter.open_button", "close": "counter.close_button"}.get(action, f"counter.{action}")
        return self.t(key, language)

    def message_text(self, language: str, key: str, fields: dict[str, Any]) -> str:
        """The message line in ``language``; a service code among its fields is named in that language."""
        if not key:
            return ""
        if "service" in fields:
            fields = dict(fields, service=self.service_name(fields["service"], language))
        return self.t(key, language, **fields)
