"""The display board: time from a counter's call (another process, ``call_next`` on the same store) to the
frame the board draws with the number, on SQLite and on PostgreSQL; and the cost of one look at the store.

The board runs in its own process and main loop (this file with ``--board``); a counter process (this file
with ``--counter``) calls tickets at uneven intervals and prints the moment each call was committed
(``time.monotonic``, one clock for every process on the machine). The board notes the first frame in which
its big number shows each ticket. Target: p95 within 1 s. The chime and the pause before the words take
1.8 s, so the number is on the board before the voice says it; and a visitor who looks up on hearing the
chime finds it there.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from common import PROJECT_ROOT, Row, median, percentile  # noqa: E402

AREA = "display"
TARGET_S = 1.0
IDLE_SECONDS = 5.0
EVERY_DAY = "".join(f"{day} = 00:00-23:59\n" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
CONFIG = (f"[display]\nfullscreen = no\nwindow_size = 1920x1080\n[hours]\n{EVERY_DAY}"
          "[queue]\nlast_ticket_margin_minutes = 0\n[announcements]\nspeech = no\n")


# --- the counter process -------------------------------------------------------------


def counter(config: str, data_dir: str, calls: int) -> None:
    """Issue ``calls`` tickets, then call them one by one at counter 1, printing ``LABEL MONOTONIC``."""
    from kiosk.foundation.runtime import open_runtime
    from kiosk.queue import open_desk
    from kiosk.queue.model import SERVICE_CODES

    runtime = open_runtime(Path(config), Path(data_dir))
    desk = open_desk(runtime)
    now = datetime.now(ZoneInfo(runtime.settings.centre.timezone))
    desk.set_counter("1", SERVICE_CODES, True, "bench", now)
    for _ in range(calls):
        desk.issue_ticket("consultation", None, now)
    print("ready", flush=True)
    pace = random.Random(7)
    for _ in range(calls):
        time.sleep(pace.uniform(0.6, 1.2))  # uneven, as at a counter, and never in step with the board's polls
        ticket = desk.call_next("1", datetime.now(now.tzinfo))
        print(ticket.label, time.monotonic(), flush=True)
        desk.done("1", datetime.now(now.tzinfo))


# --- the board process -----------------------------------------------------------------


def board(config: str, data_dir: str, calls: int) -> None:
    """Run the real board; start the counter; print one JSON object of seconds from call to frame."""
    from kiosk.foundation.logsetup import configure_logging
    from kiosk.foundation.runtime import open_runtime
    from kiosk.ui.bootstrap import prepare_kivy

    runtime = open_runtime(Path(config), Path(data_dir))
    configure_logging(runtime.log_dir)
    prepare_kivy(runtime, fullscreen=False)
    from kivy.clock import Clock
    from kivy.core.window import Window

    from kiosk.ui.display.app import DisplayApp

    app = DisplayApp(runtime)
    called: dict[str, float] = {}
    drawn: dict[str, float] = {}
    ready = threading.Event()

    def read_counter(process: subprocess.Popen) -> None:
        for line in process.stdout:
            if line.strip() == "ready":
                ready.set()
                continue
            label, moment = line.split()
            called[label] = float(moment)

    def on_flip(*_args) -> None:
        shown = app.root.ids.newest.text
        if shown not in drawn and shown != "—":
            drawn[shown] = time.monotonic()

    def finish(_dt: float) -> None:
        if (len(called) == calls and all(label in drawn for label in called)) or time.monotonic() > deadline:
            app.stop()

    def cpu_seconds() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    idle: dict[str, float] = {}

    def start_idle(_dt: float) -> None:
        idle.update(cpu=cpu_seconds(), wall=time.monotonic())
        Clock.schedule_once(start, IDLE_SECONDS)

    def start(_dt: float) -> None:
        idle["share"] = (cpu_seconds() - idle["cpu"]) / (time.monotonic() - idle["wall"])
        process = subprocess.Popen([sys.executable, __file__, "--counter", config, data_dir, str(calls)],
                                   stdout=subprocess.PIPE, text=True)
        threading.Thread(target=read_counter, args=(process,), daemon=True).start()
        Window.bind(on_flip=on_flip)
        Clock.schedule_interval(finish, 0.2)

    deadline = time.monotonic() + 60 + 2 * calls
    Clock.schedule_once(start_idle, 1.0)
    app.run()
    seconds = [drawn[label] - moment for label, moment in called.items() if label in drawn]
    print(json.dumps({"seconds": seconds, "missing": sorted(set(called) - set(drawn)), "idle_cpu": idle["share"]}),
          flush=True)


# --- the rows ----------------------------------------------------------------------------


def call_to_frame(url: str, calls: int, display_name: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "config.ini"
        config.write_text(CONFIG + (f"[database]\nurl = {url}\n" if url else ""), encoding="utf-8")
        done = subprocess.run([sys.executable, __file__, "--board", str(config), str(Path(folder) / "data"),
                               str(calls)], capture_output=True, text=True, timeout=300, cwd=PROJECT_ROOT,
                              env={**os.environ, "DISPLAY": display_name})
    if done.returncode != 0:
        raise RuntimeError(f"board driver failed: {done.stderr[-2000:]}")
    found = json.loads(done.stdout.strip().splitlines()[-1])
    if found["missing"]:
        raise RuntimeError(f"the board never showed {found['missing']}")
    return found


def board_rows(store: str, found: dict) -> list[Row]:
    seconds = found["seconds"]
    p95 = percentile(seconds, 0.95)
    return [
        Row(AREA, f"call to board frame, {store} (p50)", median(seconds), "s", "", None,
            f"{len(seconds)} calls from another process; poll 0.25 s"),
        Row(AREA, f"call to board frame, {store} (p95)", p95, "s", f"<= {TARGET_S:g}", p95 <= TARGET_S),
        Row(AREA, f"board CPU with no calls, {store}", 100 * found["idle_cpu"], "% of a core", "", None,
            f"{IDLE_SECONDS:g} s: polls, clock, notice turning; software GL"),
    ]


def look_cost(quick: bool) -> Row:
    """One look at an unchanged SQLite store: what the board spends four times a second all day."""
    from kiosk.display.board import BoardFollower
    from kiosk.foundation.runtime import open_runtime
    from kiosk.wiring import open_services

    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "config.ini"
        config.write_text(CONFIG, encoding="utf-8")
        runtime = open_runtime(config, Path(folder) / "data")
        follower = BoardFollower(lambda: open_services(runtime), runtime.queue_db_path, 8, refresh_seconds=1e9)
        now = datetime.now(ZoneInfo("Asia/Shanghai"))
        follower.poll(now)
        timings = []
        for _ in range(500 if quick else 5000):
            started = time.perf_counter()
            assert follower.poll(now) is None
            timings.append((time.perf_counter() - started) * 1e6)
        follower.close()
    return Row(AREA, "one look at an unchanged store, SQLite (p95)", percentile(timings, 0.95), "µs", "", None,
               "PRAGMA data_version on the board's own connection")


def run(quick: bool) -> list[Row]:
    from bench_startup import display

    calls = 10 if quick else 20
    rows = [look_cost(quick)]
    with display() as display_name:
        rows += board_rows("SQLite", call_to_frame("", calls, display_name))
        from local_cluster import LocalCluster, find_pg_bin

        bin_dir = find_pg_bin()
        if bin_dir is not None:
            cluster = LocalCluster(bin_dir)
            try:
                cluster.start()
                rows += board_rows("PostgreSQL", call_to_frame(cluster.create_database(), calls, display_name))
            finally:
                cluster.stop()
    return rows


if __name__ == "__main__":
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    role, *arguments = sys.argv[1:]
    {"--counter": counter, "--board": board}[role](arguments[0], arguments[1], int(arguments[2]))
