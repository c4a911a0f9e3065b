"""Runs the real counter terminal and measures how soon a ticket another process issues shows in its list.

Run by bench_counter.py with a display: ``python bench/counter_driver.py DATA_DIR COUNT``; it starts
itself again as the issuing process (``... issue DATA_DIR START COUNT``), which prints each ticket's
number and the wall-clock time of its commit. Prints one JSON object: seconds from commit to the frame
that first shows the number.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")

from kiosk.foundation.runtime import open_runtime

START = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday, inside reception hours


def config_path(data_dir: Path) -> Path:
    return data_dir.parent / "counter-bench.ini"


def issue(data_dir: Path, start: datetime, count: int) -> None:
    """The other process: a kiosk issuing ``count`` tickets at uneven intervals."""
    from kiosk.wiring import open_queue

    desk = open_queue(open_runtime(config_path(data_dir), data_dir))
    began = time.monotonic()
    for _ in range(count):
        time.sleep(random.uniform(0.4, 1.1))  # not in step with the terminal's one-second poll
        ticket = desk.tickets.issue_ticket("consultation", None, start + timedelta(seconds=time.monotonic() - began))
        print(json.dumps({"number": ticket.ticket.label, "at": time.time()}), flush=True)


def main(data_dir: Path, count: int) -> None:
    config_path(data_dir).write_text("[display]\nfullscreen = no\nwindow_size = 1920x1080\n", encoding="utf-8")
    runtime = open_runtime(config_path(data_dir), data_dir)
    from kiosk.wiring import open_queue

    open_queue(runtime).centre.set_counter("1", ("consultation",), True, "bench", START)
    from kiosk.foundation.logsetup import configure_logging
    from kiosk.ui.bootstrap import prepare_kivy

    configure_logging(runtime.log_dir)
    prepare_kivy(runtime, fullscreen=False)
    import argparse

    from kivy.clock import Clock
    from kivy.core.window import Window

    from kiosk.ui.counter.app import CounterApp

    app = CounterApp(runtime, options=argparse.Namespace(counter="1"))
    began = time.monotonic()
    app.now = lambda: START + timedelta(seconds=time.monotonic() - began)
    issued: dict[str, float] = {}
    shown: dict[str, float] = {}
    lock = threading.Lock()

    def read_issuer(process: subprocess.Popen) -> None:
        for line in process.stdout:
            found = json.loads(line)
            with lock:
                issued[found["number"]] = found["at"]

    def on_flip(*_args) -> None:
        view = app.view
        if view is None:
            return
        now = time.time()
        for ticket in view.queue:
            shown.setdefault(ticket.label, now)
        if len(shown) >= count:
            Clock.schedule_once(lambda _dt: app.stop())

    def start(_dt) -> None:
        app.sign_in("bench")
        process = subprocess.Popen([sys.executable, __file__, "issue", str(data_dir), START.isoformat(), str(count)],
                                   stdout=subprocess.PIPE, text=True)
        threading.Thread(target=read_issuer, args=(process,), daemon=True).start()
        Window.bind(on_flip=on_flip)
        Clock.schedule_once(lambda _dt: app.stop(), 30 + 2 * count)  # a guard, never the normal end

    Clock.schedule_once(start, 0.5)
    app.run()
    with lock:
        delays = [shown[number] - at for number, at in issued.items() if number in shown]
    print(json.dumps({"issue_to_shown_s": delays, "issued": len(issued)}))


if __name__ == "__main__":
    if sys.argv[1] == "issue":
        issue(Path(sys.argv[2]), datetime.fromisoformat(sys.argv[3]), int(sys.argv[4]))
    else:
        main(Path(sys.argv[1]), int(sys.argv[2]))
