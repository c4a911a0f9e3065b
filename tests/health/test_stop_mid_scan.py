"""Stopping the kiosk while the health check reads the camera (issue #18, item 7).

A folder of images with no code keeps the decoder busy on every frame (the fallback on
each one); each way the kiosk stops must end the capture threads and release the camera
before the interpreter exits. Before the fix the decoding thread was never joined: when
one of its OpenCV calls returned while the interpreter was finalising, the process aborted
("terminate called without an active exception", exit 134), in about two runs of three.
The driver names any capture thread still alive after the exit handlers, which decides
the test every time.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import child_processes
import cv2
import numpy as np
import pytest

pytestmark = pytest.mark.ui

DRIVER = Path(__file__).with_name("midscan_kiosk.py")
ABORTED = (134, -signal.SIGABRT)


@pytest.fixture
def codeless_folder(tmp_path: Path) -> Path:
    """Camera-sized pictures of a desk with no code on it: the decoder tries its hardest on each."""
    folder = tmp_path / "no-code"
    folder.mkdir()
    rng = np.random.default_rng(7)
    for number in range(6):
        image = rng.integers(0, 255, (720, 1280, 3), dtype=np.uint8)
        cv2.imwrite(str(folder / f"{number:02d}.png"), cv2.GaussianBlur(image, (0, 0), 3))
    return folder


def start_mid_scan(tmp_path: Path, folder: Path, mode: str) -> subprocess.Popen:
    config = tmp_path / "config.ini"
    config.write_text(f"[display]\nfullscreen = no\nwindow_size = 1080x1920\n[camera]\nsource = {folder}\n"
                      "fallback_every = 1\n", encoding="utf-8")
    process = child_processes.start([sys.executable, str(DRIVER), mode, "--config", str(config),
                                     "--data-dir", str(tmp_path / "data")],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    line = ""
    while "scanning" not in line:
        assert time.monotonic() < deadline, "the kiosk never reached the health check"
        line = process.stdout.readline()
        assert line or process.poll() is None, process.stderr.read()
    return process


@pytest.mark.parametrize("mode", ["signal", "admin", "leave", "exception"])
def test_stopping_mid_scan_releases_the_camera_and_exits_cleanly(tmp_path, codeless_folder, mode):
    process = start_mid_scan(tmp_path, codeless_folder, mode)
    try:
        if mode == "signal":
            process.send_signal(signal.SIGTERM)
        elif mode == "admin":
            stop = subprocess.run([sys.executable, "-m", "kiosk.admin", "stop", "--data-dir", str(tmp_path / "data")],
                                  capture_output=True, text=True, timeout=60)
            assert stop.returncode == 0, stop.stderr
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode not in ABORTED, stderr
    assert "terminate called" not in stderr and "FATAL" not in stderr, stderr
    assert "alive at exit" not in stderr, stderr
    if mode != "exception":
        assert process.returncode == 0, stderr
    log = (tmp_path / "data" / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "camera: stopped" in log, "the capture thread was not stopped before the exit"
