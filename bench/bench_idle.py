"""Idle cost of the home screen and of the display board: CPU of every thread over a minute, frames drawn.

The real app runs in a subprocess under a display (``python bench/bench_idle.py kiosk|display DATA_DIR SECONDS``):
once started (for the kiosk: the screens built at start-up and the knowledge base loaded), it reads its own
``/proc/self/stat`` utime+stime, which counts all threads including llvmpipe's, waits, reads it
again and prints one JSON line. The machine is shared: the load average is in the note.
"""

from __future__ import annotations

import configparser
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_startup import display
from common import PROJECT_ROOT, Row

AREA = "idle"
SECONDS = 60
QUICK_SECONDS = 20
TARGET_PERCENT = 15.0  # of one core, all threads together (issue #17)
SETTLE_SECONDS = 3.0  # after start-up, before measuring: the last screen's first frame, the first poll


def _cpu_seconds() -> float:
    with open("/proc/self/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))


def drive(mode: str, data_dir: Path, seconds: float) -> None:
    """Start the app, let it settle, measure ``seconds`` of idling, print the figures and stop."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    from kiosk.foundation.logsetup import configure_logging
    from kiosk.foundation.runtime import open_runtime
    from kiosk.ui.bootstrap import prepare_kivy

    size = "1080x1920" if mode == "kiosk" else "1920x1080"
    shipped = configparser.ConfigParser(interpolation=None)
    shipped.read(PROJECT_ROOT / "config.ini", encoding="utf-8")
    config = data_dir.parent / f"idle-{mode}.ini"
    # The shipped notice is longer than a line: the ticker turns its pages while measured.
    centre = shipped["centre"]
    config.write_text(f"[display]\nfullscreen = no\nwindow_size = {size}\nidle_timeout = 3600\n"
                      f"[centre]\nnotice = {centre['notice']}\nnotice_en = {centre['notice_en']}\n", encoding="utf-8")
    runtime = open_runtime(config, data_dir)
    configure_logging(runtime.log_dir)
    prepare_kivy(runtime, fullscreen=False)
    from kivy.clock import Clock
    from kivy.core.window import Window

    if mode == "kiosk":
        from kiosk.ui.app import KioskApp

        app = KioskApp(runtime)
    else:
        from kiosk.ui.display.app import DisplayApp

        app = DisplayApp(runtime)
    flips: list[float] = []
    Window.bind(on_flip=lambda *_: flips.append(time.perf_counter()))

    def started() -> bool:
        return mode == "display" or (app.ready and app.library is not None)

    def wait(_dt: float) -> None:
        if not started():
            Clock.schedule_once(wait, 0.2)
            return
        Clock.schedule_once(begin, SETTLE_SECONDS)

    def begin(_dt: float) -> None:
        frames, cpu, wall = len(flips), _cpu_seconds(), time.perf_counter()

        def report(_dt: float) -> None:
            elapsed = time.perf_counter() - wall
            print(json.dumps({"cpu_percent": 100 * (_cpu_seconds() - cpu) / elapsed, "seconds": elapsed,
                              "frames": len(flips) - frames, "rss_mb": _rss_mb()}), flush=True)
            app.stop()

        Clock.schedule_once(report, seconds)

    Clock.schedule_once(wait, 0.5)
    app.run()


def _measure(mode: str, folder: Path, display_name: str, seconds: float) -> dict[str, float]:
    result = subprocess.run([sys.executable, str(Path(__file__).resolve()), mode, str(folder / mode), str(seconds)],
                            capture_output=True, text=True, timeout=seconds + 240, cwd=PROJECT_ROOT,
                            env={**os.environ, "DISPLAY": display_name})
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"idle driver ({mode}) failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(quick: bool) -> list[Row]:
    seconds = QUICK_SECONDS if quick else SECONDS
    rows = []
    with tempfile.TemporaryDirectory() as folder, display() as display_name:
        for mode, what in (("kiosk", "idle home screen, 1080x1920"), ("display", "idle display board, 1920x1080")):
            load = os.getloadavg()[0]
            found = _measure(mode, Path(folder), display_name, seconds)
            note = (f"{found['seconds']:.0f} s, all threads; load average {load:.1f} -> {os.getloadavg()[0]:.1f} "
                    f"on {os.cpu_count()} cores")
            rows += [Row(AREA, f"CPU, {what}", found["cpu_percent"], "% of a core", f"<= {TARGET_PERCENT:g}",
                         found["cpu_percent"] <= TARGET_PERCENT, note),
                     Row(AREA, f"frames drawn, {what}", found["frames"] / found["seconds"], "per s"),
                     Row(AREA, f"resident memory, {what}", found["rss_mb"], "MB")]
    return rows


if __name__ == "__main__":
    drive(sys.argv[1], Path(sys.argv[2]), float(sys.argv[3]))
