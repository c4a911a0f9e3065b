"""KioskApp: screens, the default font, idle timeout, lock-down and the calm error screen."""

from __future__ import annotations

import json
import logging
import signal
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from kivy.app import App
from kivy.base import ExceptionHandler, ExceptionManager
from kivy.clock import Clock
from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.screenmanager import FadeTransition, ScreenManager

from kiosk.fonts import FontNotFound, find_font
from kiosk.health.check import HealthCheck
from kiosk.i18n import translate
from kiosk.legal.library import LegalLibrary
from kiosk.printing import PrintResult, TicketSigner, open_printer
from kiosk.printouts import signed_qr
from kiosk.queue import QueueDesk, Service, StoreError, Ticket, open_desk
from kiosk.resources import kv_file
from kiosk.runtime import Runtime
from kiosk.ui.background import legal_worker, run_on_worker_now
from kiosk.ui.theme import THEME
from kiosk.ui_pid import pid_file, write_pid
from kiosk.visit import Visit

log = logging.getLogger(__name__)

LARGE_TEXT_SCALE = 1.3
KEY_ESCAPE, KEY_F1 = 27, 282
# Staff reach their screen by holding a finger in the top-left corner: no visitor does that by chance.
STAFF_CORNER_DP, STAFF_HOLD_SECONDS = 110, 3.0


class KioskRoot(ScreenManager):
    """The one screen manager; every screen is one .py with its own .kv."""


class _ShowErrorScreen(ExceptionHandler):
    """Logs any exception raised in the UI and shows the calm error screen instead of quitting."""

    def __init__(self, app: KioskApp):
        super().__init__()
        self.app = app

    def handle_exception(self, exception: BaseException) -> int:
        if isinstance(exception, (KeyboardInterrupt, SystemExit)):
            return ExceptionManager.RAISE
        log.error("unexpected error in the kiosk screens", exc_info=exception)
        self.app.show_error()
        return ExceptionManager.PASS


class KioskApp(App):
    language = StringProperty("zh_CN")
    large_text = BooleanProperty(False)
    font_scale = NumericProperty(1.0)
    clock_text = StringProperty("")
    date_text = StringProperty("")
    theme = THEME

    def __init__(self, runtime: Runtime, exit_after_first_frame: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.runtime = runtime
        self.settings = runtime.settings
        self.zone = ZoneInfo(self.settings.centre.timezone)
        self.exit_after_first_frame = exit_after_first_frame
        self.last_activity = time.monotonic()
        self.title = self.settings.centre.name
        self._exception_handler = _ShowErrorScreen(self)
        self.visit = Visit()
        self.history: list[str] = []
        self.resume_after_pause: Callable[[], None] | None = None
        self._reset_visitor_preferences()

    # --- set-up -----------------------------------------------------------------

    def get_application_config(self, defaultpath: str = "") -> str:
        # Kivy would otherwise write kiosk.ini into the installed package.
        return str(self.runtime.data_dir / "kivy" / "app.ini")

    def load_kv(self, filename: str | None = None) -> bool:
        path = str(kv_file())
        Builder.unload_file(path)  # a second app in one process (tests) must not add its rules twice
        Builder.load_file(path)
        return True

    def build(self) -> KioskRoot:
        self._register_font()
        # Imported after the font is registered: their kv rules create labels.
        import kiosk.ui.camera_view
        import kiosk.ui.qr_image
        import kiosk.ui.widgets  # noqa: F401  (loads the shared widget rules)
        from kiosk.ui.screens.appointment import AppointmentScreen, CheckInScreen
        from kiosk.ui.screens.error import ErrorScreen
        from kiosk.ui.screens.guides import GuideScreen, GuidesScreen
        from kiosk.ui.screens.health_check import HealthCheckScreen
        from kiosk.ui.screens.home import HomeScreen
        from kiosk.ui.screens.legal import AnswerScreen, ArticleScreen, LegalScreen, TopicScreen
        from kiosk.ui.screens.legal_aid_check import LegalAidCheckScreen
        from kiosk.ui.screens.mask import MaskScreen
        from kiosk.ui.screens.paused import PausedScreen
        from kiosk.ui.screens.pinyin import PinyinScreen
        from kiosk.ui.screens.priority import PriorityScreen
        from kiosk.ui.screens.refusal import RefusalScreen
        from kiosk.ui.screens.remote import RemoteScreen
        from kiosk.ui.screens.services import ServiceChoiceScreen
        from kiosk.ui.screens.staff import StaffScreen
        from kiosk.ui.screens.staff_pin import StaffPinScreen
        from kiosk.ui.screens.ticket import TicketScreen

        try:
            self.desk = run_on_worker_now(lambda: open_desk(self.runtime))
        except StoreError as error:  # the centre's server is down: start paused, retry by itself
            self.desk = None
            Clock.schedule_once(lambda _dt, error=error: self.store_failed(error))
        if self.runtime.demo and self.desk is not None:
            run_on_worker_now(self._open_demo_day)
        self.signer = TicketSigner.for_runtime(self.runtime)
        self.printer = open_printer(self.settings.printer, on_fault=self._printer_fault)
        self.health = run_on_worker_now(
            lambda: HealthCheck.from_settings(self.settings, self.runtime.queue_db_path))
        # The knowledge base is built on first use and jieba takes a second to load:
        # both happen on their own thread while the home screen is already up.
        legal_worker.run(self._open_library, lambda _library: None, self.library_failed)
        root = KioskRoot(transition=FadeTransition(duration=0.15))
        for screen in (HomeScreen(name="home"), HealthCheckScreen(name="health_check"), MaskScreen(name="mask"),
                       ServiceChoiceScreen(name="services"),
                       PriorityScreen(name="priority"), TicketScreen(name="ticket"), RefusalScreen(name="refusal"),
                       GuidesScreen(name="guides"), GuideScreen(name="guide"), RemoteScreen(name="remote"),
                       LegalScreen(name="legal"), TopicScreen(name="topic"), AnswerScreen(name="answer"),
                       ArticleScreen(name="article"), PinyinScreen(name="pinyin"),
                       LegalAidCheckScreen(name="legal_aid_check"), AppointmentScreen(name="appointment"),
                       CheckInScreen(name="checkin"), PausedScreen(name="paused"),
                       ErrorScreen(name="error"), StaffPinScreen(name="staff_pin"), StaffScreen(name="staff")):
            root.add_widget(screen)
        return root

    def _register_font(self) -> None:
        try:
            fonts = find_font(self.settings.display.font, self.runtime.data_dir / "fonts")
        except FontNotFound as error:
            log.critical("Chinese text cannot be shown: %s", error)
            return
        LabelBase.register(DEFAULT_FONT, str(fonts.regular), fn_bold=str(fonts.bold))
        log.info("default font: %s (%s)", fonts.family, fonts.regular)

    def on_start(self) -> None:
        ExceptionManager.add_handler(self._exception_handler)
        Window.bind(on_touch_down=self._note_activity, on_request_close=self._refuse_close,
                    on_keyboard=self._swallow_leaving_keys)
        Window.bind(on_touch_down=self._start_staff_hold, on_touch_move=self._follow_staff_hold,
                    on_touch_up=self._end_staff_hold)
        self._staff_hold = Clock.create_trigger(self._open_staff_pin, STAFF_HOLD_SECONDS)
        self._ticker = Clock.schedule_interval(self._every_second, 1.0)
        self._every_second(0)
        write_pid(self.runtime.data_dir)
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._stop_on_signal)
        if self.exit_after_first_frame:
            Window.bind(on_flip=self._report_first_frame)

    def on_stop(self) -> None:
        # No capture thread may outlive the app (OpenCV aborts the process at exit otherwise).
        for screen in self.root.screens:
            screen.release_devices()
        ExceptionManager.remove_handler(self._exception_handler)
        Window.unbind(on_touch_down=self._note_activity, on_request_close=self._refuse_close,
                      on_keyboard=self._swallow_leaving_keys)
        Window.unbind(on_touch_down=self._start_staff_hold, on_touch_move=self._follow_staff_hold,
                      on_touch_up=self._end_staff_hold)
        self._staff_hold.cancel()
        self._ticker.cancel()
        pid_file(self.runtime.data_dir).unlink(missing_ok=True)

    # --- text -------------------------------------------------------------------

    def t(self, key: str, language: str, **fields: Any) -> str:
        """Translated text; kv passes ``app.language`` so that labels follow the switch."""
        return translate(key, language, **fields)

    @property
    def is_english(self) -> bool:
        return self.language == "en"

    def centre_name(self, language: str) -> str:
        centre = self.settings.centre
        return centre.name_en if language == "en" else centre.name

    def notice(self, language: str) -> str:
        centre = self.settings.centre
        return centre.notice_en if language == "en" else centre.notice

    def toggle_language(self) -> None:
        self.language = "zh_CN" if self.is_english else "en"

    def on_large_text(self, _app: KioskApp, value: bool) -> None:
        self.font_scale = LARGE_TEXT_SCALE if value else 1.0

    def on_language(self, _app: KioskApp, language: str) -> None:
        log.info("language: %s", language)
        self._every_second(0)

    # --- time, idle timeout and faults --------------------------------------------

    def now(self) -> datetime:
        return datetime.now(self.zone)

    def _every_second(self, _dt: float) -> None:
        now = self.now()
        self.clock_text = f"{now:%H:%M}"
        weekday = self.t(f"weekday.{now.weekday()}", self.language)
        self.date_text = self.t("date", self.language, day=now.day, weekday=weekday,
                                month_name=self.t(f"month.{now.month}", self.language))
        self.check_idle()

    def _note_activity(self, *_args: Any) -> None:
        self.last_activity = time.monotonic()

    def check_idle(self) -> None:
        """After the idle timeout, forget the visitor and go home."""
        if time.monotonic() - self.last_activity < self.settings.display.idle_timeout:
            return
        if self.root.current != "home" or self._visitor_changed_preferences():
            log.info("idle timeout: forgetting the visitor")
            self.forget_visitor()
        self.last_activity = time.monotonic()

    def forget_visitor(self) -> None:
        """Drop everything the visitor entered or chose and show the home screen."""
        for screen in self.root.screens:
            screen.forget()
        self.visit = Visit()
        self.history.clear()
        self._reset_visitor_preferences()
        self.root.current = "home"

    # --- navigation -------------------------------------------------------------------

    def go(self, screen: str, remember: bool = True) -> None:
        """Show the next step; ``remember`` lets the visitor come back to this one."""
        if remember:
            self.history.append(self.root.current)
        else:
            self.history.clear()
        self.root.current = screen

    def go_back(self) -> None:
        if self.history:
            self.root.current = self.history.pop()
        else:  # back past the first step ends the visit
            self.forget_visitor()

    def take_number(self, purpose: str = "ticket") -> None:
        """Every ticket, a checked-in appointment's too, starts with the health check."""
        self.forget_visitor()
        self.visit.purpose = purpose
        self.go("health_check")

    def _open_demo_day(self) -> None:
        """A demo can be walked through on any day: today gets reception hours of its own."""
        today = self.now().date().isoformat()
        if today not in self.desk.hours_table():
            self.desk.set_hours(today, "07:00-22:00", "demo", self.now())

    def _open_library(self) -> LegalLibrary:
        library = LegalLibrary.for_runtime(self.runtime, clock=self.now)
        library.prepare()
        library.warm_up()
        self.library = library
        log.info("legal knowledge base ready")
        return library

    def library_failed(self, error: BaseException) -> None:
        log.error("legal knowledge base failed: %s", error)
        self.show_error()

    def store_failed(self, error: BaseException, resume: Callable[[], None] | None = None) -> None:
        """The queue store did not answer: tickets pause, the kiosk retries and comes back by itself.

        ``resume`` repeats what the visitor was doing (with the same request id) once the store answers.
        """
        log.error("queue store failed: %s", error)
        self.resume_after_pause = resume
        if resume is None:
            for screen in self.root.screens:
                screen.forget()
            self.history.clear()
        self.root.current = "paused"

    def reopen_desk(self) -> QueueDesk:
        """The desk, opening the store first if it could not be opened at start-up (on the queue worker)."""
        if self.desk is None:
            self.desk = open_desk(self.runtime)
        return self.desk

    def _reset_visitor_preferences(self) -> None:
        self.language = self.settings.display.language
        self.large_text = self.settings.display.large_text

    def _visitor_changed_preferences(self) -> bool:
        display = self.settings.display
        return self.language != display.language or self.large_text != display.large_text

    def show_error(self) -> None:
        """The calm screen for any fault; it returns home by itself."""
        try:
            for screen in self.root.screens:
                screen.forget()
            self.root.current = "error"
        except Exception:
            log.exception("the error screen itself failed")

    # --- staff ----------------------------------------------------------------------

    def _in_staff_corner(self, touch: Any) -> bool:
        corner = dp(STAFF_CORNER_DP)
        return touch.x <= corner and touch.y >= Window.height - corner

    def _start_staff_hold(self, _window: Any, touch: Any) -> None:
        if self._in_staff_corner(touch):
            touch.ud["staff_hold"] = True
            self._staff_hold()

    def _follow_staff_hold(self, _window: Any, touch: Any) -> None:
        if touch.ud.get("staff_hold") and not self._in_staff_corner(touch):
            self._staff_hold.cancel()

    def _end_staff_hold(self, _window: Any, touch: Any) -> None:
        if touch.ud.get("staff_hold"):
            self._staff_hold.cancel()

    def _open_staff_pin(self, _dt: float) -> None:
        self.open_staff_pin()

    def open_staff_pin(self, on_success: Callable[[str], None] | None = None) -> None:
        """The PIN pad; on the right PIN, ``on_success(staff_id)`` or the staff screen."""
        pad = self.root.get_screen("staff_pin")
        pad.on_success = on_success
        self.go("staff_pin")

    def _printer_fault(self, result: PrintResult) -> None:
        """Called on the printer's thread: staff must refill paper or close the cover."""
        self.call_staff(f"printer {result.status}: {result.detail}")

    def show_ticket(self, ticket: Ticket, ahead: int, service: Service) -> None:
        """A ticket was issued (a number, a checked-in appointment): sign it, show it, print it."""
        self.visit.ticket, self.visit.ahead, self.visit.service = ticket, ahead, service
        self.visit.qr_payload = signed_qr(self.signer, ticket)
        self.go("ticket", remember=False)

    def call_staff(self, why: str) -> None:
        """A visitor needs a member of staff at the kiosk."""
        log.warning("staff called to %s: %s", self.settings.centre.kiosk_id, why)

    def camera_source(self) -> str:
        """The configured camera; in demo mode without one, a clip of a phone showing a green code."""
        source = self.settings.camera.source
        if source or not self.runtime.demo:
            return source
        from kiosk.health.phone_screen import clip_frames, sample_health_url, write_clip

        clip = self.runtime.data_dir / "demo-camera.avi"
        if not clip.exists():
            write_clip(clip, clip_frames(sample_health_url(), "green", frames=45, empty_frames=15))
        return str(clip)

    def log_staff_action(self, action: str) -> None:
        """Staff actions go to the log; the store's audit table takes them once it exists."""
        log.warning("staff action on %s: %s", self.settings.centre.kiosk_id, action)

    # --- lock-down ----------------------------------------------------------------

    def _refuse_close(self, *_args: Any, **_kwargs: Any) -> bool:
        log.info("window close refused: leaving the kiosk is a staff action")
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
        print(json.dumps({"first_frame": True, "rss_mb": _resident_megabytes()}), flush=True)
        Clock.schedule_once(lambda _dt: self.stop())


def _resident_megabytes() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0
