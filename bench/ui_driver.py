"""Drives the real kiosk in its own main loop and prints one JSON object of UI timings.

Run by bench_ui.py in a subprocess with a display: ``python bench/ui_driver.py DATA_DIR CLIP``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")

from kiosk.foundation.logsetup import configure_logging
from kiosk.foundation.runtime import open_runtime
from kiosk.ui.bootstrap import prepare_kivy

# The clip's empty scene before the phone is held up: ten seconds of preview to count frames drawn over.
CODE_APPEARS_AFTER_FRAMES = 300
CLIP_FPS = 30.0  # a 720p webcam's own rate: at 15 the preview could never be drawn 20 times a second
TAPS = 10


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))


def _cpu_of(stat: str) -> float:
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def thread_cpu() -> dict[str, float]:
    """CPU seconds of the main thread (its id is the process's), of llvmpipe's threads and of all the rest
    (Python's threads carry no names of their own; the process's total counts threads that have ended)."""
    found = {"main": 0.0, "llvmpipe": 0.0}
    total = _cpu_of(Path("/proc/self/stat").read_text(encoding="ascii"))
    for task in Path("/proc/self/task").iterdir():
        try:
            stat = (task / "stat").read_text(encoding="ascii")
        except OSError:  # the thread ended meanwhile
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        if int(task.name) == os.getpid():
            found["main"] += _cpu_of(stat)
        elif name.startswith("llvmpipe"):
            found["llvmpipe"] += _cpu_of(stat)
    found["other"] = total - found["main"] - found["llvmpipe"]
    return found


def drawing_cpu(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """CPU seconds between two readings of thread_cpu."""
    return {kind: after[kind] - before[kind] for kind in after}


def main() -> None:
    data_dir, clip = Path(sys.argv[1]), sys.argv[2]
    config = data_dir.parent / "bench-config.ini"
    config.write_text(f"[display]\nfullscreen = no\nwindow_size = 1080x1920\nidle_timeout = 3600\n"
                      f"[camera]\nsource = {clip}\nwidth = 1280\nheight = 720\n", encoding="utf-8")
    runtime = open_runtime(config, data_dir)
    configure_logging(runtime.log_dir)
    prepare_kivy(runtime, fullscreen=False)
    from kivy.clock import Clock
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    from kiosk.ui.app import KioskApp

    app = KioskApp(runtime)
    results: dict[str, object] = {"tap_to_screen_s": []}
    flips: list[float] = []
    # Frames drawn that show a new camera picture: a flip after the preview's texture was filled.
    pictures: list[float] = []
    new_picture = [False]

    def flipped(*_args) -> None:
        flips.append(time.perf_counter())
        if new_picture[0]:
            new_picture[0] = False
            pictures.append(flips[-1])

    Window.bind(on_flip=flipped)

    def tap(widget) -> None:
        touch = UnitTestTouch(*widget.to_window(*widget.center))
        touch.touch_down()
        touch.touch_up()

    def screen_drawn_after(started: float, name: str, then) -> None:
        """When the screen has entered (its transition done) and the next frame is drawn, record and go on."""
        screen = app.root.get_screen(name)

        def entered(*_args):
            screen.unbind(on_enter=entered)
            entered_at = time.perf_counter()

            def drawn(*_args):
                Window.unbind(on_flip=drawn)
                then(time.perf_counter() - started)

            Window.bind(on_flip=drawn)
            Window.canvas.ask_update()
            assert entered_at >= started

        screen.bind(on_enter=entered)

    def tap_round(remaining: int) -> None:
        if remaining == 0:
            camera_phase()
            return
        app.root.current = "home"

        def go(_dt):
            if app.root.transition.is_active:  # a loaded machine may still be fading home in
                Clock.schedule_once(go, 0.1)
                return
            started = time.perf_counter()
            screen_drawn_after(started, "guides", lambda seconds: (results["tap_to_screen_s"].append(seconds),
                                                                   tap_round(remaining - 1)))
            tap(app.root.get_screen("home").ids.guides)
        Clock.schedule_once(go, 0.4)

    def camera_phase() -> None:
        app.root.current = "home"

        def start(_dt):
            started = time.perf_counter()
            tap(app.root.get_screen("home").ids.take_number)
            health = app.root.get_screen("health_check")
            view = health.ids.camera
            show_frame = view.show_frame

            def shown(frame) -> None:
                show_frame(frame)
                new_picture[0] = True

            view.show_frame = shown  # the screen hands frames to its view by this name
            # Counted from the first picture after the fade until the decision: the preview alone.
            preview: dict[str, object] = {}

            def watch(_dt):
                if not preview and health.ids.camera.texture is not None and not app.root.transition.is_active:
                    preview.update(flip=len(flips), picture=len(pictures), cpu=thread_cpu())
                if health.state == "result":
                    shown = time.perf_counter()
                    seconds = shown - started
                    results["code_to_decision_s"] = seconds - CODE_APPEARS_AFTER_FRAMES / CLIP_FPS
                    frames = flips[preview.get("flip", len(flips)):]
                    span = frames[-1] - frames[0] if len(frames) > 1 else 0
                    results["ui_fps_with_camera"] = (len(frames) - 1) / span if span else 0.0
                    drawn = pictures[preview.get("picture", len(pictures)):]
                    drawn_span = drawn[-1] - drawn[0] if len(drawn) > 1 else 0
                    results["pictures_drawn_per_s"] = (len(drawn) - 1) / drawn_span if drawn_span else 0.0
                    results["pictures_drawn"] = len(drawn)
                    results["preview_seconds"] = drawn_span
                    spent = drawing_cpu(preview.get("cpu", thread_cpu()), thread_cpu())
                    results["camera_frames"] = len(frames)
                    results["cpu_per_frame_ms"] = {name: 1000 * seconds / max(1, len(frames))
                                                   for name, seconds in spent.items()}
                    app.stop()
                    return
                if health.state in ("looking", "hint"):
                    results["rss_with_camera_mb"] = max(results.get("rss_with_camera_mb", 0), rss_mb())
                if time.perf_counter() - started > 60:
                    results["error"] = "no decision within 60 s"
                    app.stop()
                    return
                Clock.schedule_once(watch, 0)
            Clock.schedule_once(watch, 0)
        Clock.schedule_once(start, 1.0)

    def begin(_dt):
        results["rss_after_start_mb"] = rss_mb()
        tap_round(TAPS)

    # The knowledge base and jieba load on their own thread at start; measure after that.
    def wait_ready(_dt):
        if app.library is not None:
            Clock.schedule_once(begin, 0.5)
        else:
            Clock.schedule_once(wait_ready, 0.2)

    Clock.schedule_once(wait_ready, 0.5)
    app.run()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
