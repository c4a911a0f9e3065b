"""``kiosk --demo`` as a newcomer starts it: a window of the size asked for, a counter, the staff PIN, the
statutes its answers cite; and a second kiosk on one data folder, refused in one line."""

import json
import os
import subprocess
import sys
import time

import pytest

from kiosk.demo import DEMO_COUNTER, DEMO_PIN
from kiosk.foundation.resources import shared_laws_folder

pytestmark = pytest.mark.ui


def command(*args, xdg, timeout=180):
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "XDG_DATA_HOME": str(xdg)})


def reports(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_the_demo_starts_with_a_counter_a_pin_and_the_statutes_it_cites(tmp_path):
    xdg = tmp_path / "xdg"
    first = command("kiosk", "--demo", "--orientation", "landscape", "--exit-after-first-frame", xdg=xdg)
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr
    assert first.stdout.count(f"demo staff PIN {DEMO_PIN}") == 1
    assert reports(first)[0]["window"] == [1920, 1080]
    if shared_laws_folder().is_dir():
        assert "importing the" in first.stdout and str(shared_laws_folder()) in first.stdout
    else:
        assert "no statute corpus at" in first.stdout
    folder = xdg / "legal-kiosk-demo"
    assert not any("pin_hash" in path.read_text(errors="replace") for path in folder.rglob("*.ini"))

    # The demo's counter serves every service, so a counter terminal starts without being told which.
    counters = command("kiosk.admin", "--demo", "counter", "list", "--json", xdg=xdg)
    listed = json.loads(counters.stdout)
    counter = next(c for c in listed["counters"] if c["id"] == DEMO_COUNTER)
    assert counter["open"] and len(counter["services"]) >= 6
    terminal = command("kiosk", "--demo", "--mode", "counter", "--window", "1280x800", "--exit-after-first-frame",
                       xdg=xdg)
    assert terminal.returncode == 0, terminal.stderr
    assert reports(terminal)[0]["window"] == [1280, 800]
    assert terminal.stdout.count(f"demo staff PIN {DEMO_PIN}") == 1

    if shared_laws_folder().is_dir():
        # A cited article now reads in full, and a second start imports nothing more.
        shown = command("kiosk.admin", "--demo", "kb", "show", "劳动合同法#82", xdg=xdg)
        assert shown.returncode == 0 and "二倍" in shown.stdout, shown.stdout + shown.stderr
        again = command("kiosk", "--demo", "--windowed", "--exit-after-first-frame", xdg=xdg)
        assert again.returncode == 0 and "importing" not in again.stdout, again.stdout
        assert reports(again)[0]["window"] == [1080, 1920]  # config.ini's size when none is asked for


def test_a_second_kiosk_on_the_same_data_folder_is_refused_and_leaves_the_first_running(tmp_path):
    xdg = tmp_path / "xdg"
    folder = xdg / "legal-kiosk-demo"
    first = subprocess.Popen([sys.executable, "-m", "kiosk", "--demo"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env={**os.environ, "XDG_DATA_HOME": str(xdg)})
    try:
        deadline = time.monotonic() + 120
        while not (folder / "kiosk.pid").exists():
            assert first.poll() is None, first.stderr.read()
            assert time.monotonic() < deadline, "the first kiosk never started"
            time.sleep(0.2)
        second = command("kiosk", "--demo", xdg=xdg, timeout=60)
        assert second.returncode == 2
        assert second.stderr.strip() == (f"kiosk: a kiosk is already running on {folder} (pid {first.pid}); "
                                         "stop it first (kiosk-admin stop)")
        assert "demo staff PIN" not in second.stdout, "a refused kiosk starts nothing"
        assert (folder / "kiosk.pid").read_text() == str(first.pid) and first.poll() is None
        stop = command("kiosk.admin", "--demo", "stop", xdg=xdg, timeout=60)
        assert stop.returncode == 0, stop.stderr
        assert first.wait(timeout=30) == 0
    finally:
        if first.poll() is None:
            first.kill()
