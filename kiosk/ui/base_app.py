"""What every window of the centre shares: the kiosk, a counter terminal and the display board.

The Simplified Chinese default font, the language and large-text switches, the clock,
lock-down (Escape, F1 and window close do nothing), the calm error screen for any
exception, stopping on a signal, and the first-frame report the start-up benchmark reads.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from kivy.app import App
from kivy.base import ExceptionHandler, ExceptionManager
from kivy.clock import Clock
from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.core.window import Window
from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from kiosk.foundation.fonts import FontFiles, FontNotFound, find_font
from kiosk.foundation.i18n import day_text, localised, translate
from kiosk.foundation.runtime import Runtime
from kiosk.ui.background import Workers
from kiosk.ui.theme import THEME
from kiosk.visitor import HEALTH, QUEUE
from kiosk.wiring import Services

log = logging.getLogger(__name__)

LARGE_TEXT_SCALE = 1.3
KEY_ESCAPE, KEY_F1 = 27, 282


class _ShowErrorScreen(ExceptionHandler):
    """Logs any exception raised in the UI and shows the calm error screen instead of quitting."""

    def __init__(self, app: CentreApp):
        super().__init__()
        self.app = app

    def handle_exception(self, exception: BaseException) -> int:
        if isinstance(exception, (KeyboardInterrupt, SystemExit)):
            return ExceptionManager.RAISE
        log.error("unexpected error in the %s screens", self.app.mode, exc_info=exception)
        self.app.show_error()
        return ExceptionManager.PASS


class CentreApp(App):
    """Base of the three apps; a subclass builds its screens and says how it shows an error."""

    mode = "kiosk"
    stops_after_first_frame = True
    language = StringProperty("zh_CN")
    large_text = BooleanProperty(False)
    font_scale = NumericProperty(1.0)
    clock_text = StringProperty("")
    date_text = StringProperty("")
    theme = THEME

    def __init__(self, runtime: Runtime, exit_after_first_frame: bool = False,
                 options: argparse.Namespace | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.options = options or argparse.Namespace()  # the command line (a counter's --counter ...)
        self.runtime = runtime
        self.settings = runtime.settings
        self.zone = ZoneInfo(self.settings.centre.timezone)
        self.exit_after_first_frame = exit_after_first_frame
        self.title = self.settings.centre.name
        self._exception_handler = _ShowErrorScreen(self)
        self.language = self.settings.display.language
        self.large_text = self.settings.display.large_text
        self.workers: Workers | None = None  # created when the app starts, stopped on every way out
        self.services: Services | None = None  # opened on the queue worker; None while the store is down
        self.fonts: FontFiles | None = None  # the Chinese face, for documents drawn as pages

    # --- work off the UI thread ---------------------------------------------------------

    def _run_prepare(self) -> None:
        self.workers = Workers(self.mode)
        try:
            super()._run_prepare()
        except BaseException:
            self.stop_workers()
            raise

    def stop_workers(self) -> None:
        """Close the services on their worker, then let every worker end; safe to call twice."""
        workers, self.workers = self.workers, None
        if workers is None:
            return
        services, self.services = self.services, None
        if services is not None:
            workers.queue.run(services.close, ignore, ignore)
        workers.stop()

    def resources(self) -> dict[str, Callable[[], Any]]:
        """What each kind of work is done with, read on its worker when the work runs."""
        return {QUEUE: lambda: self.services}

    def act(self, use_case: Callable[..., Any], *args: Any, done: Callable[[Any], None] | None = None,
            failed: Callable[[BaseException], None] | None = None) -> Future:
        """Run ``use_case(resource, *args)`` on the worker for its kind of work (:mod:`kiosk.visitor`);
        ``done(result)`` or ``failed(error)`` follow on the UI thread. Without ``failed``, a fault of
        the store pauses as :meth:`store_failed` says, any other is only logged."""
        kind = use_case.runs_on
        resource = self.resources().get(kind)
        worker = self.workers[QUEUE if kind == HEALTH else kind]
        if failed is None:
            failed = self.failure_handler(kind)
        if resource is None:
            return worker.run(lambda: use_case(*args), done or ignore, failed)
        return worker.run(lambda: use_case(resource(), *args), done or ignore, failed)

    def failure_handler(self, kind: str) -> Callable[[BaseException], None]:
        """What follows a fault of ``kind`` of work when the screen gives no handler of its own."""
        return self.store_failed if kind in (QUEUE, HEALTH) else ignore

    def store_failed(self, error: BaseException) -> None:
        """The queue store did not answer (logged by the worker)."""

    def get_application_config(self, defaultpath: str = "") -> str:
        # Kivy would otherwise write an .ini into the installed package.
        return str(self.runtime.data_dir / "kivy" / f"{self.mode}.ini")

    def register_font(self) -> None:
        """The Simplified Chinese face as Kivy's default font; call before any label is built."""
        try:
            fonts = find_font(self.settings.display.font, self.runtime.data_dir / "fonts")
        except FontNotFound as error:
            log.critical("Chinese text cannot be shown: %s", error)
            return
        self.fonts = fonts
        LabelBase.register(DEFAULT_FONT, str(fonts.regular), fn_bold=str(fonts.bold))
        # The file names the face; its family name would take fontTools (some 3 MB) into every start.
        log.info("default font: %s, bold %s", fonts.regular, fonts.bold)

    def on_start(self) -> None:
        ExceptionManager.add_handler(self._exception_handler)
        Window.bind(on_request_close=self._refuse_close, on_keyboard=self._swallow_leaving_keys)
        self._ticker = Clock.schedule_interval(self.every_second, 1.0)
        self.every_second(0)
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._stop_on_signal)
        if self.exit_after_first_frame:
            Window.bind(on_flip=self._report_first_frame)

    def run(self) -> None:
        try:
            super().run()
        finally:
            # An exception out of the main loop skips on_stop: what the app holds open is released all the same.
            self.release_devices()
            self.stop_workers()

    def release_devices(self) -> None:
        """Stop the app's devices (the camera threads); called on every way out, more than once."""

    def on_stop(self) -> None:
        ExceptionManager.remove_handler(self._exception_handler)
        Window.unbind(on_request_close=self._refuse_close, on_keyboard=self._swallow_leaving_keys)
        self._ticker.cancel()
        self.stop_workers()

    def show_error(self) -> None:
        """The calm screen for any fault."""
        raise NotImplementedError

    # --- text -------------------------------------------------------------------

    def t(self, key: str, language: str, **fields: Any) -> str:
        """Translated text; kv passes ``app.language`` so that labels follow the switch."""
        return translate(key, language, **fields)

    @property
    def is_english(self) -> bool:
        return self.language == "en"

    def centre_name(self, language: str) -> str:
        return localised(self.settings.centre, "name", language)

    def notice(self, language: str) -> str:
        return localised(self.settings.centre, "notice", language)

    def toggle_language(self) -> None:
        self.language = "zh_CN" if self.is_english else "en"

    def on_large_text(self, _app: CentreApp, value: bool) -> None:
        self.font_scale = LARGE_TEXT_SCALE if value else 1.0

    def on_language(self, _app: CentreApp, language: str) -> None:
        log.info("language: %s", language)
        if self.root is not None:
            self.every_second(0)

    # --- time -------------------------------------------------------------------

    def now(self) -> datetime:
        return datetime.now(self.zone)

    def every_second(self, _dt: float) -> None:
        now = self.now()
        self.clock_text = f"{now:%H:%M}"
        self.date_text = day_text(now.date(), self.language)

    # --- lock-down ----------------------------------------------------------------

    def _refuse_close(self, *_args: Any, **_kwargs: Any) -> bool:
        log.info("window close refused: leaving is a staff action")
        return True

    def _swallow_leaving_keys(self, _window: Any, key: int, *_args: Any) -> bool:
        return key in (KEY_ESCAPE, KEY_F1)

    def open_settings(self, *_args: Any) -> bool:
        return False

    def _stop_on_signal(self, signum: int, _frame: Any) -> None:
        log.info("stopping on signal %d", signum)
        Clock.schedule_once(lambda _dt: self.stop())

    def _report_first_frame(self, *_args: Any) -> None:
        Window.unbind(on_flip=self._report_first_frame)
        print(json.dumps({"first_frame": True, "rss_mb": resident_megabytes(), "window": list(Window.system_size)}),
              flush=True)
        if self.stops_after_first_frame:
            Clock.schedule_once(lambda _dt: self.stop())


def ignore(_result: Any) -> None:
    """For work whose outcome the screen does not wait for (a fault is logged by the worker)."""


def resident_megabytes() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0
