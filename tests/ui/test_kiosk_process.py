"""The real ``kiosk`` command in its own process: first frame, staff stop, and a real X click."""

import json
import os
import shutil
import subprocess
import sys
import time

import child_processes
import pytest

pytestmark = pytest.mark.ui


def kiosk_command(tmp_path, *extra):
    config = tmp_path / "config.ini"
    config.write_text("[display]\nfullscreen = no\nwindow_size = 1080x1920\n", encoding="utf-8")
    return [sys.executable, "-m", "kiosk", "--config", str(config), "--data-dir", str(tmp_path / "data"), *extra]


def test_starts_draws_its_first_frame_and_reports_memory(tmp_path):
    result = child_processes.run(kiosk_command(tmp_path, "--exit-after-first-frame"), timeout=120)
    assert result.returncode == 0, result.stderr
    first_frame, ready = (json.loads(line) for line in result.stdout.strip().splitlines()[-2:])
    assert first_frame["first_frame"] is True and first_frame["rss_mb"] > 50
    # The other screens are built after the first frame, so the kiosk grows once it is ready.
    assert ready["ready"] is True and ready["rss_mb"] > first_frame["rss_mb"]
    assert "Traceback" not in result.stderr


def test_staff_stop_the_kiosk_with_kiosk_admin(tmp_path):
    process = child_processes.start(kiosk_command(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        pid_file = tmp_path / "data" / "kiosk.pid"
        deadline = time.monotonic() + 60
        while not pid_file.exists():
            assert process.poll() is None, process.stderr.read()
            assert time.monotonic() < deadline, "the kiosk never started"
            time.sleep(0.1)
        stop = subprocess.run([sys.executable, "-m", "kiosk.admin", "stop", "--data-dir", str(tmp_path / "data")],
                              capture_output=True, text=True, timeout=60)
        assert stop.returncode == 0, stop.stderr
        assert process.wait(timeout=20) == 0
        assert not pid_file.exists()
    finally:
        child_processes.stop(process)


def test_stop_when_no_kiosk_runs_says_so(tmp_path):
    stop = subprocess.run([sys.executable, "-m", "kiosk.admin", "stop", "--data-dir", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert stop.returncode == 1 and "no kiosk is running" in stop.stderr


@pytest.mark.skipif(not (os.environ.get("DISPLAY") and shutil.which("xdotool") and shutil.which("import")),
                    reason="needs an X display with xdotool and ImageMagick (the CI set-up installs them)")
def test_a_real_click_on_the_language_switch_turns_the_screen_english(tmp_path):
    """The real input path: an X pointer click reaches the app and the header changes."""
    process = child_processes.start(kiosk_command(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        log = tmp_path / "data" / "logs" / "kiosk.log"
        window = _wait_for_window(process.pid)
        _wait_for_log(log, "legal knowledge base ready")
        _wait_for_log(log, "kiosk ready")
        before = _steady_grab(tmp_path / "before.png", window)
        # The language switch: 36 dp header padding, then the first switch, under the two header lines.
        subprocess.run(["xdotool", "mousemove", "--window", window, "110", "175", "click", "1"], check=True)
        _wait_for_log(log, "language: en")
        deadline = time.monotonic() + 60
        while _grab(tmp_path / "after.png", window) == before:
            assert time.monotonic() < deadline, "the click changed nothing on screen within 60 s"
            time.sleep(0.2)
    finally:
        child_processes.stop(process, grace=20)


def _wait_for_log(path, text: str) -> None:
    """Poll the kiosk's log until ``text`` appears in it."""
    deadline = time.monotonic() + 90
    while not (path.exists() and text in path.read_text(encoding="utf-8")):
        assert time.monotonic() < deadline, f"the kiosk never logged {text!r} within 90 s"
        time.sleep(0.2)


def _wait_for_window(pid: int) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = subprocess.run(["xdotool", "search", "--pid", str(pid)], capture_output=True, text=True)
        if found.stdout.strip():
            return found.stdout.split()[0]
        time.sleep(0.2)
    raise AssertionError("the kiosk window never appeared within 60 s")


def _steady_grab(path, window) -> bytes:
    """The header once it has stopped changing: two grabs in a row alike (its first frames have drawn)."""
    deadline = time.monotonic() + 60
    previous, current = None, _grab(path, window)
    while current != previous:
        assert time.monotonic() < deadline, "the kiosk's header never stopped changing within 60 s"
        time.sleep(0.3)
        previous, current = current, _grab(path, window)
    return current


def _grab(path, window) -> bytes:
    subprocess.run(["import", "-window", window, "-crop", "1080x260+0+0", str(path)], check=True, timeout=30)
    return subprocess.run(["convert", str(path), "rgb:-"], capture_output=True, check=True).stdout
