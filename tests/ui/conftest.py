"""A headless harness for the real Kivy window: start the app, tap, wait, take screenshots.

The tests run under Xvfb (.ci/test starts it) or SDL's offscreen driver. The app
is prepared as ``App.run()`` does, and frames are pumped by hand; exceptions go
through Kivy's ExceptionManager exactly as in ``EventLoop.mainloop``.
"""

from __future__ import annotations

import argparse
import inspect
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path

import pytest

from kiosk.foundation.fonts import find_font
from kiosk.foundation.runtime import open_runtime

SCREENSHOT_DIR = Path(os.environ.get("KIOSK_SCREENSHOTS", Path(__file__).resolve().parents[2] / "screenshots"))
PORTRAIT, LANDSCAPE = (1080, 1920), (1920, 1080)
# How long a wait may take before it gives up. A calm machine needs a second or two; a loaded one
# (two cores shared by a CPU hog, other test workers and software OpenGL) can need twenty times that.
# A generous bound costs nothing when the condition comes true early: it only decides when to fail.
PATIENCE = 60.0


def _per_worker(tmp_path_factory, name: str) -> tuple[Path, bool]:
    """A folder ``name`` in this test process's (xdist worker's) temporary root, and whether it is
    new. Other conftests load this module under names of their own (tests/display), so their session
    fixtures are distinct objects; a fixed folder lets them all share one build per worker."""
    folder = tmp_path_factory.getbasetemp() / f"shared-{name}"
    try:
        folder.mkdir()
    except FileExistsError:
        return folder, False
    return folder, True


@pytest.fixture(scope="session")
def font_cache(tmp_path_factory) -> Path:
    """Extract the SC face once per worker; each test's data folder links to it."""
    folder, new = _per_worker(tmp_path_factory, "fonts")
    if new:
        find_font(None, folder)
    return folder


@pytest.fixture(scope="session")
def health_clips(tmp_path_factory) -> dict[str, Path]:
    """Short videos of a phone showing a health code, per colour, made here for the camera thread."""
    from kiosk.demo.phone_screen import clip_frames, sample_health_url, write_clip

    folder = tmp_path_factory.mktemp("clips")
    # Two seconds of an empty scene first, as when a visitor is still reaching for the phone.
    return {colour: write_clip(folder / f"{colour}.avi", clip_frames(sample_health_url(), colour, frames=60,
                                                                      empty_frames=30))
            for colour in ("green", "red", "yellow")}


@pytest.fixture(scope="session")
def knowledge_base(tmp_path_factory) -> Path:
    """The default legal content built once per worker (a build takes 5-15 s); each test's data
    folder gets a copy."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from kiosk.legal.library import LegalLibrary

    folder, new = _per_worker(tmp_path_factory, "kb")
    path = folder / "legal.db"
    if new:
        library = LegalLibrary(path, lambda: datetime.now(ZoneInfo("Asia/Shanghai")))
        library.prepare()
        library.close()
    return path


@pytest.fixture(scope="session")
def printing_helpers():
    """The printing tests' stand-in printer and ESC/POS reader (tests/printing/conftest.py)."""
    import importlib.util
    import sys

    path = Path(__file__).resolve().parents[1] / "printing" / "conftest.py"
    spec = importlib.util.spec_from_file_location("printing_helpers", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def kivy_window():
    if not os.environ.get("DISPLAY") and not os.environ.get("SDL_VIDEODRIVER"):
        os.environ["SDL_VIDEODRIVER"] = "offscreen"
    from kivy.config import Config

    Config.set("graphics", "width", str(PORTRAIT[0]))
    Config.set("graphics", "height", str(PORTRAIT[1]))
    Config.set("graphics", "multisamples", "0")
    Config.set("kivy", "exit_on_escape", "0")
    from kivy.base import EventLoop

    EventLoop.ensure_window()
    return EventLoop.window


class BackgroundWork:
    """Counts the jobs handed to the app's workers whose result has not yet reached the UI thread, so
    that a wait can tell "the screen is entered" from "the screen shows its data"."""

    # Speech plays on after the tap that starts it, for as long as it lasts: a tap does not wait for it.
    PLAYS_ON = ("-voice",)

    def __init__(self):
        self._lock = threading.Lock()
        self.pending = 0
        self.playing = 0  # of the pending jobs, those on a worker that plays on

    @property
    def answering(self) -> int:
        """The pending jobs whose outcome a screen shows when they end (all but speech)."""
        return self.pending - self.playing

    def track(self, run: Callable) -> Callable:
        """Wrap ``Worker.run`` so that each job counts until its ``done`` or ``failed`` has run."""

        def tracked(worker, work, done, failed):
            plays_on = worker.name.endswith(self.PLAYS_ON)
            with self._lock:
                self.pending += 1
                self.playing += plays_on

            def finish(callback):
                def call(value):
                    try:
                        callback(value)
                    finally:
                        with self._lock:
                            self.pending -= 1
                            self.playing -= plays_on
                return call

            return run(worker, work, finish(done), finish(failed))

        return tracked


def _described(condition: Callable[[], bool]) -> str:
    """The source of a waited-for condition (a lambda's line), for the message when the wait gives up."""
    try:
        return inspect.getsource(condition).strip()
    except (OSError, TypeError):
        return repr(condition)


class KioskHarness:
    """Drives one running KioskApp through the real window."""

    TURNS_TO_LAY_OUT = 2

    def __init__(self, app, window, data_dir: Path, background: BackgroundWork):
        self.app = app
        self.window = window
        self.data_dir = data_dir
        self.background = background
        self._drawing = False  # see pump

    def pump(self, frames: int = 1) -> None:
        """Run ``frames`` turns of the app's loop. A frame is drawn only while a test waits for one
        (``drawn``, ``screenshot``): on software GL drawing the window costs more than everything else
        a turn does, and layout, text, touches and clocks do not depend on it."""
        from kivy.base import EventLoop, ExceptionManager

        for _ in range(frames):
            try:
                if self._drawing:
                    EventLoop.idle()
                else:
                    self._turn_without_drawing(EventLoop)
            except (pytest.fail.Exception, KeyboardInterrupt):
                raise  # pytest's timeout or a Ctrl-C: the app's fault handler must not swallow them
            except BaseException as error:
                if ExceptionManager.handle_exception(error) == ExceptionManager.RAISE:
                    raise

    @staticmethod
    def _turn_without_drawing(loop) -> None:
        """What ``EventLoop.idle`` does, up to its drawing: clocks, input, rules, the clock's
        before-draw callbacks (layouts and label textures are made there)."""
        from kivy.clock import Clock
        from kivy.lang import Builder

        Clock.tick()
        loop.dispatch_input()
        Builder.sync()
        Clock.tick_draw()
        Builder.sync()

    def let_time_pass(self, seconds: float) -> None:
        """Keep the app running for ``seconds`` of wall time. Only for what needs time itself to pass
        (a finger held down, a timer that must *not* fire yet); to wait for the UI, use ``run_until``."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.pump()
            time.sleep(1 / 60)

    def state(self) -> str:
        """Where the app is, for the message of a wait that gave up."""
        root = self.app.root
        transition = "in a transition" if root.transition.is_active else "no transition"
        return f"screen {root.current!r}, {transition}, {self.background.pending} background job(s) pending"

    def run_until(self, condition: Callable[[], bool], timeout: float = PATIENCE, what: str | None = None) -> None:
        """Run the app until ``condition()`` holds; give up after ``timeout`` seconds, saying what was
        awaited (``what``, or the condition's source) and where the app was."""
        end = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > end:
                raise AssertionError(f"gave up after {timeout} s waiting for {what or _described(condition)}; "
                                     f"{self.state()}")
            self.pump()
            time.sleep(1 / 60)

    def drawn(self, what: str, timeout: float = PATIENCE) -> None:
        """Wait until a frame has been drawn and flipped after everything so far."""
        flipped: list[bool] = []

        def flip(*_args):
            flipped.append(True)

        self.window.bind(on_flip=flip)
        self.window.canvas.ask_update()
        self._drawing = True
        try:
            self.run_until(lambda: bool(flipped), timeout, what=f"a frame drawn with {what}")
        finally:
            self._drawing = False
            self.window.unbind(on_flip=flip)

    def show(self, name: str) -> None:
        """Switch to a screen and wait until it is settled (see ``settle``)."""
        self.app.root.current = name
        self.settle(name)

    def screen(self, name: str | None = None):
        manager = self.app.root
        return manager.get_screen(name) if name else manager.current_screen

    def widget(self, widget_id: str, screen: str | None = None):
        return self.screen(screen).ids[widget_id]

    def tap(self, widget, wait: bool = True) -> None:
        """A finger's tap at the widget's centre, through Kivy's input dispatch; with ``wait``, until the
        work it handed to the app's workers has come back to the screen (a test then sees its outcome,
        as the visitor does once the screen changes)."""
        from kivy.tests.common import UnitTestTouch

        assert widget.get_root_window() is not None, f"{widget} is not on screen"
        touch = UnitTestTouch(*widget.to_window(*widget.center))
        touch.touch_down()
        self.pump(2)
        touch.touch_up()
        self.pump(3)
        if wait:
            self.run_until(lambda: not self.background.answering,
                           what="the work the tap set off back on the screen")
            self.pump(self.TURNS_TO_LAY_OUT)

    def hold(self, x: float, y: float, seconds: float) -> None:
        """A finger held still at window position (x, y)."""
        from kivy.tests.common import UnitTestTouch

        touch = UnitTestTouch(x, y)
        touch.touch_down()
        self.let_time_pass(seconds)
        touch.touch_up()
        self.pump(3)

    def type_digits(self, pad, digits: str) -> None:
        keys = {key.key: key for key in pad.children}
        for digit in digits:
            self.tap(keys[digit])

    def settle(self, screen: str, timeout: float = PATIENCE) -> None:
        """Wait until ``screen`` is shown, its transition has finished, the data its workers were asked
        for has reached it, and the layouts and texts that triggered have run. Nothing is drawn: a
        test that looks at pixels takes a ``screenshot``, which draws the frame it reads."""
        manager = self.app.root
        self.run_until(lambda: manager.current == screen and not manager.transition.is_active
                       and not self.background.pending, timeout, what=f"screen {screen!r} entered with its data")
        # What entering and the data triggered runs on the next turns' clock (a layout that resizes a
        # child triggers the child's own layout once more).
        self.pump(self.TURNS_TO_LAY_OUT)

    def pass_health_check(self) -> None:
        """From home through a green code and the mask confirmation to the service choice."""
        self.settle("home")  # a visitor just forgotten is still on the way home
        self.tap(self.widget("take_number", "home"))
        self.settle("mask", timeout=60)
        self.tap(self.screen("mask").ids.mask_confirm)
        self.tap(self.screen("mask").ids.go_on)
        self.settle("services")

    def resize(self, size: tuple[int, int]) -> None:
        self.window.size = size
        self.run_until(lambda: tuple(self.app.root.size) == tuple(self.window.size),
                       what=f"the screens laid out at {size}")
        self.drawn(f"the window at {size}")

    def screenshot(self, name: str) -> Path:
        """Save what the window shows as screenshots/<name>.png.

        The pixels are read back as Kivy's own screenshot does (in on_flip, before the buffers swap), but
        written by OpenCV at the fastest PNG compression: SDL's writer took 0.17 s a shot on software GL,
        and the tours take a hundred and more."""
        import cv2
        import numpy
        from kivy.graphics.opengl import GL_RGB, GL_UNSIGNED_BYTE, glReadPixels

        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        final = SCREENSHOT_DIR / f"{name}.png"
        saved: list[bool] = []

        def grab(*_args):
            if saved:
                return
            width, height = (int(side) for side in self.window.size)
            pixels = numpy.frombuffer(glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE), numpy.uint8)
            # GL rows run bottom to top and may be padded to four bytes.
            stride = len(pixels) // height
            image = pixels.reshape(height, stride)[:, :width * 3].reshape(height, width, 3)
            written = cv2.imwrite(str(final), cv2.cvtColor(image[::-1], cv2.COLOR_RGB2BGR),
                                  [cv2.IMWRITE_PNG_COMPRESSION, 1])
            assert written, f"could not write {final}"
            saved.append(True)

        self.window.bind(on_flip=grab)
        self.window.canvas.ask_update()
        self._drawing = True
        try:
            self.run_until(lambda: bool(saved), what=f"screenshot {name}")
        finally:
            self._drawing = False
            self.window.unbind(on_flip=grab)
        return final


@pytest.fixture
def start_app(tmp_path, kivy_window, font_cache, knowledge_base,
              monkeypatch) -> Iterator[Callable[..., KioskHarness]]:
    """Start one of the centre's real apps (kiosk, counter terminal, display board) on the data folder
    ``tmp_path / "data"`` with ``config_text`` as its config.ini; ``options`` is its command line;
    ``fade`` keeps the app's own fade between screens; ``build_ahead`` the kiosk's building of its
    screens after the first frame (otherwise each is built when first shown)."""
    from kiosk.ui.background import Worker

    started: list[KioskHarness] = []
    background = BackgroundWork()
    monkeypatch.setattr(Worker, "run", background.track(Worker.run))

    def start(app_class: str = "kiosk.ui.app:KioskApp", config_text: str = "", size: tuple[int, int] = PORTRAIT,
              options: argparse.Namespace | None = None, fade: bool = False,
              build_ahead: bool = False) -> KioskHarness:
        module, _, name = app_class.partition(":")
        app_type = getattr(import_module(module), name)
        config = tmp_path / "config.ini"
        config.write_text(config_text, encoding="utf-8")
        data_dir = tmp_path / "data"
        (data_dir / "fonts").mkdir(parents=True, exist_ok=True)
        for font in font_cache.iterdir():
            if not (data_dir / "fonts" / font.name).exists():
                (data_dir / "fonts" / font.name).symlink_to(font)
        if not (data_dir / "legal.db").exists():
            shutil.copy(knowledge_base, data_dir / "legal.db")
        runtime = open_runtime(config, data_dir)
        from kiosk.foundation.logsetup import configure_logging

        configure_logging(runtime.log_dir)
        kivy_window.size = size
        app = app_type(runtime, options=options)
        if not build_ahead and hasattr(app, "builds_screens_ahead"):
            # Building the forty screens a test does not visit took a fifth of the UI tests' time (and each
            # built screen is laid out again when a test changes the language or the text size); a test
            # asks for the kiosk's own way with ``build_ahead``; the tour visits every screen.
            app.builds_screens_ahead = False
        app._run_prepare()
        if not fade:
            # Each fade draws two window-sized frame buffers for several frames, about a quarter of a UI
            # test's CPU on software GL. Tests see screens change at once; the fade itself is tested by
            # test_transitions.py and the flows that start with ``fade=True``.
            from kivy.uix.screenmanager import NoTransition

            app.root.transition = NoTransition()
        harness = KioskHarness(app, kivy_window, data_dir, background)
        started.append(harness)
        harness.run_until(lambda: tuple(app.root.size) == tuple(kivy_window.size) and not background.pending,
                          what="the first screen laid out with its data")
        harness.drawn("the first screen")
        harness.pump(harness.TURNS_TO_LAY_OUT)  # what the app does once its first frame is up
        return harness

    yield start
    from kivy.app import App
    from kivy.clock import Clock

    for harness in started:
        harness.app.dispatch("on_stop")
        for child in list(kivy_window.children):
            kivy_window.remove_widget(child)
        App._running_app = None
    # The clock is global: events this app's screens scheduled must not fire into the next test's app.
    for event in Clock.get_events():
        event.cancel()


@pytest.fixture
def start_kiosk(start_app) -> Callable[..., KioskHarness]:
    """Start the real KioskApp on a fresh data folder with ``config_text`` as its config.ini."""

    def start(config_text: str = "", size: tuple[int, int] = PORTRAIT, fade: bool = False,
              build_ahead: bool = False) -> KioskHarness:
        return start_app("kiosk.ui.app:KioskApp", patient_idle(config_text), size, fade=fade,
                         build_ahead=build_ahead)

    return start


def patient_idle(config_text: str) -> str:
    """``config_text`` with an hour's idle timeout unless it sets one: on a loaded machine the shipped
    120 s can pass between two steps of a test, and the kiosk would go home in the middle of it. Tests
    of the idle timeout set their own and move ``last_activity`` back instead of waiting."""
    if "idle_timeout" in config_text:
        return config_text
    if "[display]\n" in config_text:
        return config_text.replace("[display]\n", "[display]\nidle_timeout = 3600\n", 1)
    return config_text + "\n[display]\nidle_timeout = 3600\n"
