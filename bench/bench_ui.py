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
from ui_driver import CLIP_FPS, CODE_APPEARS_AFTER_FRAMES

DRIVER = Path(__file__).resolve().parent / "ui_driver.py"
FPS_TARGET = 20  # issue #17


def make_clip(folder: Path) -> Path:
    from kiosk.demo.phone_screen import clip_frames, sample_health_url, write_clip

    frames = clip_frames(sample_health_url(), "green", frames=CODE_APPEARS_AFTER_FRAMES + 120, size=(1280, 720),
                         empty_frames=CODE_APPEARS_AFTER_FRAMES)
    return write_clip(folder / "camera-720p.avi", frames, fps=CLIP_FPS)


def run(quick: bool) -> list[Row]:
    load = os.getloadavg()[0]
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
    cpu = found["cpu_per_frame_ms"]
    capacity = min(CLIP_FPS, 1000 * os.cpu_count() / max(sum(cpu.values()), 1e-3))
    return [
        Row("ui", "tap to next screen drawn (median)", median(taps), "s", "", None,
            f"{len(taps)} taps, home to guides, incl. 0.15 s fade"),
        Row("ui", "tap to next screen drawn (p95)", percentile(taps, 0.95), "s"),
        Row("ui", "UI frame rate, camera at 720p", found["pictures_drawn_per_s"], "fps", f">= {FPS_TARGET}",
            found["pictures_drawn_per_s"] >= FPS_TARGET,
            f"camera pictures drawn a second: {found['pictures_drawn']} in {found['preview_seconds']:.1f} s, "
            f"{CLIP_FPS:g} fps clip through OpenCV, Kivy window under Xvfb, software GL (llvmpipe); "
            f"2 cores shared with decoding and other work: load average {load:.1f}"),
        Row("ui", "window frames drawn, camera at 720p", found["ui_fps_with_camera"], "fps", "", None,
            "every flip, a new picture or not"),
        Row("ui", "CPU per preview frame drawn, main thread", cpu["main"], "ms", "", None,
            f"{found['camera_frames']} frames; wall-clock rate aside, the main thread could draw "
            f"{1000 / max(cpu['main'], 1e-3):.0f} a second"),
        Row("ui", "CPU per preview frame drawn, llvmpipe threads", cpu["llvmpipe"], "ms"),
        Row("ui", "CPU per preview frame drawn, other threads", cpu["other"], "ms", "", None,
            "capture, preview scaling and decoding"),
        Row("ui", "frame rate the CPU allows, camera at 720p", capacity, "fps", f">= {FPS_TARGET}",
            capacity >= FPS_TARGET, f"{os.cpu_count()} cores over the CPU per frame of every thread, at most the "
                                    f"clip's {CLIP_FPS:g}: what an unloaded machine would draw"),
        Row("ui", "code in the video to decision shown", found["code_to_decision_s"], "s", "<= 2",
            found["code_to_decision_s"] <= 2),
        Row("ui", "memory after start, knowledge base ready", found["rss_after_start_mb"], "MB", "", None,
            "on a first start: the knowledge base was just built"),
        Row("ui", "memory with the camera running", found["rss_with_camera_mb"], "MB"),
    ]
