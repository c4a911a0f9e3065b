"""The running kiosk follows staff's changes from any process, and tells staff of an overdue round.

Every few seconds it reads, on the queue worker, the settings staff changed
(health-check policy, idle timeout) and the disinfection log. A changed setting
takes effect at once; a round that has become overdue is logged as a warning,
and the staff screen shows it in red. Visitors are never told.
"""

from __future__ import annotations

import logging
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.event import EventDispatcher
from kivy.properties import ListProperty

from kiosk.staff.centre_setup import POLICY_FIELDS, POLL_SECONDS
from kiosk.visitor.staff import Watched, watch

log = logging.getLogger(__name__)


class StaffWatch(EventDispatcher):
    """Started by the kiosk app; ``statuses`` is each kind of round as last read."""

    statuses = ListProperty([])

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._busy = False
        self._event = Clock.schedule_interval(self.poll, POLL_SECONDS)
        self.poll()

    def stop(self) -> None:
        self._event.cancel()

    def poll(self, *_args: Any) -> None:
        app = App.get_running_app()
        if app.services is None or self._busy:  # the store is down (the app retries), or the last read still runs
            return
        self._busy = True
        app.act(watch, app.runtime.settings, app.now(), done=self._apply, failed=self._failed)

    def _failed(self, _error: BaseException) -> None:
        self._busy = False  # logged by the worker; the next poll tries again

    def _apply(self, found: Watched) -> None:
        self._busy = False
        settings, statuses = found.settings, found.rounds
        app = App.get_running_app()
        if settings != app.settings:
            changed = {key: field.config_text(settings) for key, field in POLICY_FIELDS.items()
                       if field.config_text(settings) != field.config_text(app.settings)}
            log.info("staff settings now in force on %s: %s", settings.centre.kiosk_id, changed)
            app.settings = settings
            if app.health is not None:
                app.health.settings = settings
        was_overdue = {status.kind for status in self.statuses if status.overdue}
        for status in statuses:
            if status.overdue and status.kind not in was_overdue:
                last = f"{status.last.at:%m-%d %H:%M}" if status.last else "none recorded"
                log.warning("%s round overdue on %s (last: %s)", status.kind, settings.centre.kiosk_id, last)
        self.statuses = statuses



def staff_watch(app: Any) -> StaffWatch:
    """The app's watch, started on first use; the kiosk app starts it at start-up."""
    watch = getattr(app, "staff_watch", None)
    if watch is None:
        watch = app.staff_watch = StaffWatch()
    return watch
