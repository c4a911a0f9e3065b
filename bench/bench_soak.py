"""Soak: the real kiosk through 200 visitor cycles, resident memory after each, plotted as a PNG.

A cycle is what a visitor does to take a number: tap 取号 on home, the health check reads a green
code from the camera (a generated 720p clip), the kiosk moves on to the mask step, and the visitor
is forgotten and home is shown again. The app runs in a subprocess under a display
(``python bench/bench_soak.py DATA_DIR CLIP CYCLES``) and prints one JSON line with every sample.
The plot goes to ``bench/soak-rss.png``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_startup import display
from common import PROJECT_ROOT, Row

AREA = "soak"
CYCLES = 200
QUICK_CYCLES = 20
IDLE_TARGET_MB = 250  # start-up done, idle on home (issue #17)
GROWTH_TARGET_MB = 10  # "no growth": cycle 10 to the last, allowing for allocator noise
PLOT = Path(__file__).resolve().parent / "soak-rss.png"
CYCLE_TIMEOUT_S = 60


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))


def drive(data_dir: Path, clip: str, cycles: int) -> None:
    """Run ``cycles`` visitor cycles in the real app; print {"idle_mb", "samples": [[cycle, seconds, MB]]}."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    from kiosk.foundation.logsetup import configure_logging
    from kiosk.foundation.runtime import open_runtime
    from kiosk.ui.bootstrap import prepare_kivy

    config = data_dir.parent / "soak-config.ini"
    config.write_text("[display]\nfullscreen = no\nwindow_size = 1080x1920\nidle_timeout = 3600\n"
                      f"[camera]\nsource = {clip}\nwidth = 1280\nheight = 720\n", encoding="utf-8")
    runtime = open_runtime(config, data_dir)
    configure_logging(runtime.log_dir)
    prepare_kivy(runtime, fullscreen=False)
    from kivy.clock import Clock
    from kivy.tests.common import UnitTestTouch

    from kiosk.ui.app import KioskApp

    app = KioskApp(runtime)
    found: dict[str, object] = {"samples": []}
    started = time.perf_counter()

    def tap(widget) -> None:
        touch = UnitTestTouch(*widget.to_window(*widget.center))
        touch.touch_down()
        touch.touch_up()

    def settled() -> bool:
        return app.root.current == "home" and not app.root.transition.is_active

    def cycle(number: int) -> None:
        if number > cycles:
            app.stop()
            return
        began = time.perf_counter()
        tap(app.root.get_screen("home").ids.take_number)

        def watch(_dt: float) -> None:
            if app.root.current == "mask" and not app.root.transition.is_active:
                app.forget_visitor()
                Clock.schedule_once(home, 0)
            elif time.perf_counter() - began > CYCLE_TIMEOUT_S:
                found["error"] = f"cycle {number}: still on {app.root.current} after {CYCLE_TIMEOUT_S} s"
                app.stop()
            else:
                Clock.schedule_once(watch, 0.05)

        def home(_dt: float) -> None:
            if not settled():
                Clock.schedule_once(home, 0.05)
                return
            found["samples"].append([number, round(time.perf_counter() - started, 2), round(_rss_mb(), 1)])
            Clock.schedule_once(lambda _dt: cycle(number + 1), 0.2)

        Clock.schedule_once(watch, 0.05)

    def wait_ready(_dt: float) -> None:
        if not (app.ready and app.library is not None and settled()):
            Clock.schedule_once(wait_ready, 0.2)
            return

        def begin(_dt: float) -> None:
            found["idle_mb"] = _rss_mb()
            found["samples"].append([0, round(time.perf_counter() - started, 2), round(found["idle_mb"], 1)])
            cycle(1)

        Clock.schedule_once(begin, 2.0)

    Clock.schedule_once(wait_ready, 0.5)
    app.run()
    print(json.dumps(found))


def _clip(folder: Path) -> Path:
    from kiosk.demo.phone_screen import clip_frames, sample_health_url, write_clip

    # The code shows after a few empty frames: each check decides within a second or so.
    frames = clip_frames(sample_health_url(), "green", frames=40, size=(1280, 720), empty_frames=5)
    return write_clip(folder / "soak-720p.avi", frames)


def _plot(samples: list[list[float]], idle_mb: float) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(9, 4.5), dpi=100)
    axes.plot([cycle for cycle, _, _ in samples], [mb for _, _, mb in samples], marker=".", linewidth=1)
    axes.axhline(IDLE_TARGET_MB, color="tab:red", linestyle="--", label=f"target {IDLE_TARGET_MB} MB idle")
    axes.set_xlabel("visitor cycle (take a number, health check, back home)")
    axes.set_ylabel("resident memory (MB)")
    axes.set_title(f"Kiosk RSS over {samples[-1][0]} cycles, 1080x1920, software GL; idle after start {idle_mb:.0f} MB")
    axes.set_ylim(0, max(mb for _, _, mb in samples) * 1.15)
    axes.grid(alpha=0.3)
    axes.legend(loc="lower right")
    figure.tight_layout()
    figure.savefig(PLOT)
    pyplot.close(figure)


def run(quick: bool) -> list[Row]:
    cycles = QUICK_CYCLES if quick else CYCLES
    with tempfile.TemporaryDirectory() as folder, display() as display_name:
        clip = _clip(Path(folder))
        result = subprocess.run([sys.executable, str(Path(__file__).resolve()), str(Path(folder) / "data"),
                                 str(clip), str(cycles)],
                                capture_output=True, text=True, timeout=cycles * CYCLE_TIMEOUT_S + 300,
                                cwd=PROJECT_ROOT, env={**os.environ, "DISPLAY": display_name})
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"soak driver failed: {result.stderr[-2000:]}")
    found = json.loads(result.stdout.strip().splitlines()[-1])
    if "error" in found:
        raise RuntimeError(found["error"])
    samples = found["samples"]
    _plot(samples, found["idle_mb"])
    by_cycle = {cycle: mb for cycle, _, mb in samples}
    last = samples[-1][0]
    growth = by_cycle[last] - by_cycle[10]
    return [
        Row(AREA, "resident memory idle on home, start-up done", found["idle_mb"], "MB",
            f"<= {IDLE_TARGET_MB}", found["idle_mb"] <= IDLE_TARGET_MB, "before the first cycle"),
        Row(AREA, "resident memory at cycle 10", by_cycle[10], "MB"),
        Row(AREA, f"resident memory at cycle {last}", by_cycle[last], "MB", note=f"plot: bench/{PLOT.name}"),
        Row(AREA, f"growth, cycle 10 to {last}", growth, "MB", f"<= {GROWTH_TARGET_MB}", growth <= GROWTH_TARGET_MB,
            f"{samples[-1][1] / 60:.0f} min"),
    ]


if __name__ == "__main__":
    drive(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]))
