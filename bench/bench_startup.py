"""Cold start of the kiosk to the first drawn frame of the home screen, and memory after start."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import Row, median

RUNS = 5
START_TARGET_S = 2.0
MEMORY_TARGET_MB = 200


@contextlib.contextmanager
def display():
    """The current X display, or a private Xvfb for the benchmark."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    number = f":{90 + os.getpid() % 100}"
    server = subprocess.Popen(["Xvfb", number, "-screen", "0", "1920x1920x24"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    try:
        yield number
    finally:
        server.terminate()
        server.wait()


def start_once(data_dir: Path, config: Path, display_name: str) -> tuple[float, float, float, float]:
    """Seconds from spawning ``kiosk`` to its first frame and to the screens built at start-up, and its
    resident memory at each."""
    command = [sys.executable, "-m", "kiosk", "--config", str(config), "--data-dir", str(data_dir),
               "--exit-after-first-frame"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env={**os.environ, "DISPLAY": display_name})
    first_frame = json.loads(process.stdout.readline())
    elapsed = time.perf_counter() - started
    ready = json.loads(process.stdout.readline())
    ready_after = time.perf_counter() - started
    process.wait(timeout=60)
    return elapsed, first_frame["rss_mb"], ready_after, ready["rss_mb"]


def run(quick: bool) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder, display() as display_name:
        config = Path(folder) / "config.ini"
        config.write_text("[display]\nfullscreen = no\nwindow_size = 1080x1920\n", encoding="utf-8")
        data_dir = Path(folder) / "data"
        first_ever = start_once(data_dir, config, display_name)[0]  # extracts the font once
        results = [start_once(data_dir, config, display_name) for _ in range(2 if quick else RUNS)]
    start, memory, ready, ready_memory = (median([run[i] for run in results]) for i in range(4))
    return [
        Row("startup", "cold start to first frame (median)", start, "s", f"<= {START_TARGET_S}",
            start <= START_TARGET_S, f"{len(results)} runs, 1080x1920"),
        Row("startup", "first start on a new data folder", first_ever, "s", note="includes font extraction"),
        Row("startup", "resident memory at first frame", memory, "MB", f"<= {MEMORY_TARGET_MB}",
            memory <= MEMORY_TARGET_MB),
        Row("startup", "cold start to the start-up screens built (median)", ready, "s",
            note="camera, printer, health check opened; knowledge base still loading"),
        Row("startup", "resident memory with the start-up screens built", ready_memory, "MB",
            note="screens few visitors reach are built when first opened: bench_memory"),
    ]
