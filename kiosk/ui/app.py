"""KioskApp: the visitor's screens, idle timeout, the staff corner and the faults a visitor may meet.

Start-up draws the home screen first: the camera, printer, health-check and legal
modules are imported and the other screens built only after the first frame.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.metrics import dp
from kivy.uix.screenmanager import Screen, ScreenManager

from kiosk.foundation.pid import remove_pid, write_pid
from kiosk.foundation.resources import kv_file
from kiosk.foundation.runtime import Runtime
from kiosk.queue import StoreError
from kiosk.ui.base_app import CentreApp, ignore, resident_megabytes
from kiosk.ui.screen_registry import BUILT_WHEN_ASKED, HOME, KIOSK_SCREENS, SCREEN_NAMES, screen_class
from kiosk.ui.screens.staff_watch import staff_watch
from kiosk.ui.theme import THEME
from kiosk.ui.transitions import ReleasingFade, freeze_built_objects
from kiosk.visitor import HEALTH, LEGAL, PRINTER, VOICE
from kiosk.visitor.demo import open_demo_centre
from kiosk.visitor.staff import record_staff_action
from kiosk.visitor.visit import Visit
from kiosk.wiring import Services, open_health_check, open_services

if TYPE_CHECKING:
    from concurrent.futures import Future

    from kiosk.health.check import HealthCheck
    from kiosk.legal.library import LegalLibrary
    from kiosk.printing import PrintResult, TicketPrinter
    from kiosk.ui.read_aloud import ReadingAloud
    from kiosk.visitor.queueing import Issued

log = logging.getLogger(__name__)

# The "more time?" question comes this long before the idle reset (a third of a short timeout).
IDLE_WARNING_SECONDS = 30


def idle_warning_seconds(timeout: float) -> float:
    return min(IDLE_WARNING_SECONDS, timeout / 3)


# Staff reach their screen by holding a finger in the top-left corner: no visitor does that by chance.
STAFF_CORNER_DP, STAFF_HOLD_SECONDS = 110, 3.0
# The screens that cut a visitor's words with jieba: its dictionaries (some 60 MB) load as one of them
# opens, while the visitor reads it, and are dropped when the visit ends; the idle kiosk does without them.
WORD_CUTTING_SCREENS = frozenset(("legal", "topic", "answer", "article", "pinyin"))


class KioskRoot(ScreenManager):
    """The one screen manager; a screen not built yet is built when it is first asked for."""

    def get_screen(self, name: str) -> Screen:
        if name in SCREEN_NAMES and not self.is_built(name):
            if name != HOME:
                App.get_running_app().open_devices()
            self.add_widget(screen_class(name)(name=name))
        return super().get_screen(name)

    def has_screen(self, name: str) -> bool:
        """Whether screen ``name`` can be shown: built, or one of the kiosk's that is built when asked for."""
        return name in SCREEN_NAMES or self.is_built(name)

    def is_built(self, name: str) -> bool:
        return super().has_screen(name)


class KioskApp(CentreApp):
    mode = "kiosk"
    stops_after_first_frame = False  # it reports when the screens built at start-up are, then stops
    # The visitors' screens are built one per frame after the first, so that the first tap on any of them
    # is answered at once; off, each is built when first asked for (the UI tests, which visit a few).
    builds_screens_ahead = True

    def __init__(self, runtime: Runtime, exit_after_first_frame: bool = False, **kwargs: Any):
        super().__init__(runtime, exit_after_first_frame, **kwargs)
        self.last_activity = time.monotonic()
        self.visit = Visit()
        self.history: list[str] = []
        self.resume_after_pause: Callable[[], None] | None = None
        self.ready = False
        self.printer: TicketPrinter | None = None
        self.health: HealthCheck | None = None
        self.library: LegalLibrary | None = None  # set on the UI thread once the knowledge base is ready
        self._library_opening: Future | None = None  # the legal worker's, which its jobs wait behind
        self.voice: ReadingAloud | None = None  # the 朗读 buttons' reader, made with the widgets

    # --- set-up -----------------------------------------------------------------

    def load_kv(self, filename: str | None = None) -> bool:
        path = str(kv_file())
        Builder.unload_file(path)  # a second app in one process (tests) must not add its rules twice
        Builder.load_file(path)
        return True

    def build(self) -> KioskRoot:
        self.register_font()
        import kiosk.ui.widgets  # noqa: F401  (after the font: its kv rules create labels)
        from kiosk.ui.read_aloud import ReadingAloud

        self.voice = ReadingAloud(self)

        try:
            self.services = self.workers.queue.run_now(lambda: open_services(self.runtime))
        except StoreError as error:  # the centre's server is down: start paused, retry by itself
            Clock.schedule_once(lambda _dt, error=error: self.store_failed(error))
        if self.runtime.demo and self.services is not None:
            self.workers.queue.run_now(lambda: open_demo_centre(self.services, self.now()))
        Window.clearcolor = THEME["background"]  # see kiosk.kv
        root = KioskRoot(transition=ReleasingFade(duration=0.15))
        root.bind(current=lambda *_: self.voice.leave())  # no reading goes on past its screen
        root.bind(current=self._load_words_for)
        from kiosk.ui.widgets import IdleWarning

        self._idle_warning = IdleWarning()
        root.get_screen(HOME)
        Window.bind(on_flip=self._after_first_frame)
        return root

    def _after_first_frame(self, *_args: Any) -> None:
        Window.unbind(on_flip=self._after_first_frame)
        Clock.schedule_once(self._finish_start)

    def _finish_start(self, _dt: float) -> None:
        self.open_devices()
        self._screens_to_build = [name for name, _ in KIOSK_SCREENS if self.builds_screens_ahead
                                  and name not in BUILT_WHEN_ASKED and not self.root.is_built(name)]
        Clock.schedule_once(self._build_next_screen)

    def open_devices(self) -> None:
        """The devices and modules the home screen does not need; opened once, before any other screen."""
        if self.health is not None:
            return
        import kiosk.ui.camera_view
        import kiosk.ui.qr_image  # noqa: F401  (their kv rules are used by the screens)
        from kiosk.printing import open_printer

        self.printer = open_printer(self.settings.printer, on_fault=self._printer_fault)
        self.voice.open()
        # Its outcome store belongs to the queue's worker, where the health check's work runs.
        self.health = self.workers.queue.run_now(lambda: open_health_check(self.runtime))
        # The knowledge base is built on first use and jieba takes a second to load:
        # both happen on their own thread while the home screen is already up.
        self._library_opening = self.workers[LEGAL].run(self._open_library, self._library_opened,
                                                        self.library_failed)

    def failure_handler(self, kind: str) -> Callable[[BaseException], None]:
        return self.library_failed if kind == LEGAL else super().failure_handler(kind)

    def resources(self) -> dict[str, Callable[[], Any]]:
        return {**super().resources(), HEALTH: lambda: self.health, PRINTER: lambda: self.printer,
                VOICE: lambda: self.voice.reader,
                # Legal work waits behind the opening on the same worker: the library is there or failed.
                LEGAL: lambda: self._library_opening.result()}

    def _build_next_screen(self, _dt: float) -> None:
        """One screen per frame, so that a tap on home is answered while the rest are built."""
        while self._screens_to_build:
            name = self._screens_to_build.pop(0)
            if not self.root.is_built(name):
                self.root.get_screen(name)
                Clock.schedule_once(self._build_next_screen)
                return
        self.ready = True
        freeze_built_objects()
        log.info("kiosk ready: the visitors' screens built, resident memory %.0f MB", resident_megabytes())
        if self.exit_after_first_frame:
            print(json.dumps({"ready": True, "rss_mb": resident_megabytes()}), flush=True)
            self.stop()

    def on_start(self) -> None:
        super().on_start()
        Window.bind(on_touch_down=self._note_activity)
        Window.bind(on_touch_down=self._start_staff_hold, on_touch_move=self._follow_staff_hold,
                    on_touch_up=self._end_staff_hold)
        self._staff_hold = Clock.create_trigger(self._open_staff_pin, STAFF_HOLD_SECONDS)
        staff_watch(self)  # staff's settings from any process, and overdue rounds
        write_pid(self.runtime.data_dir)

    def release_devices(self) -> None:
        if self.voice is not None:
            self.voice.stop()
        # No capture thread may outlive the app (OpenCV aborts the process at exit otherwise).
        if self.root is not None:
            for screen in self.root.screens:
                screen.release_devices()
        if self.health is not None:  # the camera modules are imported with the health check
            from kiosk.ui.camera_loop import CameraLoop

            CameraLoop.stop_all()

    def on_stop(self) -> None:
        self.release_devices()
        super().on_stop()
        Window.unbind(on_flip=self._after_first_frame)
        Window.unbind(on_touch_down=self._note_activity)
        Window.unbind(on_touch_down=self._start_staff_hold, on_touch_move=self._follow_staff_hold,
                      on_touch_up=self._end_staff_hold)
        self._staff_hold.cancel()
        staff_watch(self).stop()
        remove_pid(self.runtime.data_dir)

    # --- idle timeout and faults ---------------------------------------------------

    def every_second(self, dt: float) -> None:
        super().every_second(dt)
        self.check_idle()

    def _note_activity(self, *_args: Any) -> None:
        self.last_activity = time.monotonic()

    def check_idle(self) -> None:
        """Shortly before the idle timeout, ask whether the visitor needs more time; after it, forget
        the visitor and go home."""
        timeout = self.settings.display.idle_timeout
        idle = time.monotonic() - self.last_activity
        resets = self.root.current != "home" or self._visitor_changed_preferences()
        warning = self._idle_warning
        if idle >= timeout:
            warning.dismiss(animation=False)
            if resets:
                log.info("idle timeout: forgetting the visitor")
                self.forget_visitor()
            self.last_activity = time.monotonic()
        elif resets and idle >= timeout - idle_warning_seconds(timeout):
            warning.seconds_left = math.ceil(timeout - idle)
            if not warning.showing:
                warning.open(animation=False)
        elif warning.showing:
            warning.dismiss(animation=False)

    def keep_visitor(self) -> None:
        """The visitor asked for more time: the idle time starts again."""
        self.last_activity = time.monotonic()
        self._idle_warning.dismiss(animation=False)

    def forget_visitor(self, keep_preferences: bool = False) -> None:
        """Drop everything the visitor entered or chose and show the home screen.

        ``keep_preferences``: the same visitor starts again (home button, a new ticket), so their
        language and large text stay; the idle timeout and a finished visit reset them.
        """
        for screen in self.root.screens:
            screen.forget()
        self.visit = Visit()
        self.history.clear()
        if not keep_preferences:
            self._reset_visitor_preferences()
            self._drop_words()
        self.root.current = "home"

    # --- navigation -------------------------------------------------------------------

    def go(self, screen: str, remember: bool = True) -> None:
        """Show the next step; ``remember`` lets the visitor come back to this one."""
        if remember:
            if screen == self.root.current:
                return  # a double tap on a tile: one step, so one Back returns
            self.history.append(self.root.current)
        else:
            self.history.clear()
        self.root.current = screen

    def go_back(self) -> None:
        if self.root.current_screen.step_back():
            return
        if self.history:
            self.root.current = self.history.pop()
        else:  # back past the first step ends the visit
            self.forget_visitor()

    def take_number(self, purpose: str = "ticket", service: str = "") -> None:
        """Every ticket, a checked-in appointment's too, starts with the health check; ``service`` (a
        code) is the one the visitor already chose, offered at once after the check."""
        self.forget_visitor(keep_preferences=True)
        self.visit.purpose = purpose
        self.visit.wanted_service = service
        self.go("health_check")

    def _open_library(self) -> LegalLibrary:
        """On the legal worker: the knowledge base, built if need be; jieba waits for a visitor who asks."""
        from kiosk.legal.library import LegalLibrary  # the index loads here, off the first frame

        library = LegalLibrary.for_runtime(self.runtime, clock=self.now)
        library.prepare()
        library.segmenter.release()  # loaded only where the first start built the knowledge base
        return library

    def _load_words_for(self, _root: ScreenManager, screen: str) -> None:
        """Load jieba on the legal worker as a screen that cuts words opens (a search waits behind it)."""
        if screen in WORD_CUTTING_SCREENS and self._library_opening is not None:
            self.workers[LEGAL].run(lambda: self._library_opening.result().warm_up(), ignore, ignore)

    def _drop_words(self) -> None:
        if self._library_opening is not None:
            self.workers[LEGAL].run(lambda: self._library_opening.result().segmenter.release(), ignore, ignore)

    def _library_opened(self, library: LegalLibrary) -> None:
        self.library = library
        log.info("legal knowledge base ready")

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

    def resume_store(self, done: Callable[[], None], failed: Callable[[BaseException], None]) -> None:
        """Check that the store takes a ticket again, opening it first if it could not be opened at
        start-up; then ``done()``, or ``failed(error)``."""
        from kiosk.visitor.queueing import resume_issuing

        def resumed(services: Services) -> None:
            self.services = services
            done()

        self.act(resume_issuing, self.runtime, done=resumed, failed=failed)

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
            # A long frame (screens still being built) can hold the timer back past the release:
            # then the finger's own time decides.
            held = time.time() - touch.time_start
            if held >= self._staff_hold.timeout and self._in_staff_corner(touch) and self.root.current != "staff_pin":
                self.open_staff_pin()

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

    def show_ticket(self, issued: Issued) -> None:
        """A ticket was issued (a number, a checked-in appointment): show it and print it."""
        visit = self.visit
        visit.ticket, visit.ahead, visit.service, visit.qr_payload = (issued.ticket, issued.ahead, issued.service,
                                                                      issued.qr_payload)
        self.go("ticket", remember=False)

    def call_staff(self, why: str) -> None:
        """A visitor needs a member of staff at the kiosk."""
        log.warning("staff called to %s: %s", self.settings.centre.kiosk_id, why)

    def camera_source(self) -> str:
        """The configured camera; in demo mode without one, a clip of a phone showing a green code."""
        source = self.settings.camera.source
        if source or not self.runtime.demo:
            return source
        from kiosk.demo.phone_screen import clip_frames, sample_health_url, write_clip

        clip = self.runtime.data_dir / "demo-camera.avi"
        if not clip.exists():
            write_clip(clip, clip_frames(sample_health_url(), "green", frames=45, empty_frames=15))
        return str(clip)

    def log_staff_action(self, action: str) -> Future | None:
        """Staff actions go to the log and to the store's audit (on the queue worker); the audit's write,
        if the store is open."""
        log.warning("staff action on %s: %s", self.settings.centre.kiosk_id, action)
        if self.services is None:
            return None
        from kiosk.ui.screens.staff_widgets import staff_who

        return self.act(record_staff_action, staff_who(), action, self.now(), failed=ignore)
