"""The visitor's screens: tap to the next screen drawn, UI frame rate and code-to-decision with the camera at
720p, and memory while the camera runs. The real app runs in its own main loop (bench/ui_driver.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_startup import display
from common import PROJECT_ROOT, Row, median, percentile

DRIVER = Path(__file__).resolve().parent / "ui_driver.py"


def make_clip(folder: Path) -> Path:
    from kiosk.demo.phone_screen import clip_frames, sample_health_url, write_clip

    frames = clip_frames(sample_health_url(), "green", frames=90, size=(1280, 720), empty_frames=30)
    return write_clip(folder / "camera-720p.avi", frames)


def run(quick: bool) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder, display() as display_name:
        clip = make_clip(Path(folder))
        result = subprocess.run([sys.executable, str(DRIVER), str(Path(folder) / "data"), str(clip)],
                                capture_output=True, text=True, timeout=300, cwd=PROJECT_ROOT,
                                env={**os.environ, "DISPLAY": display_name})
    if result.returncode != 0:
        raise RuntimeError(f"ui driver failed: {result.stderr[-2000:]}")
    found = json.loads(result.stdout.strip().splitlines()[-1])
    if "error" in found:
        raise RuntimeError(found["error"])
    taps = found["tap_to_screen_s"]
    return [
        Row("ui", "tap to next screen drawn (median)", median(taps), "s", "", None,
            f"{len(taps)} taps, home to guides, incl. 0.15 s fade"),
        Row("ui", "tap to next screen drawn (p95)", percentile(taps, 0.95), "s"),
        Row("ui", "UI frame rate, camera at 720p", found["ui_fps_with_camera"], "fps", "", None,
            "software GL (llvmpipe), 2 cores shared with decoding"),
        Row("ui", "code in the video to decision shown", found["code_to_decision_s"], "s", "<= 2",
            found["code_to_decision_s"] <= 2),
        Row("ui", "memory after start, knowledge base ready", found["rss_after_start_mb"], "MB", "", None,
            "jieba's dictionary included"),
        Row("ui", "memory with the camera running", found["rss_with_camera_mb"], "MB"),
    ]
