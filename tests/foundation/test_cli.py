"""The kiosk and kiosk-admin commands: start-up errors are one line and exit status 2."""

import json
import os
import subprocess
import sys
from datetime import datetime

import pytest

from kiosk import __version__


def run(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd, env={**os.environ, **(env or {})})


def test_version():
    result = run("kiosk", "--version")
    assert result.returncode == 0 and result.stdout.strip() == f"kiosk {__version__}"


@pytest.mark.parametrize("command", [("kiosk",), ("kiosk.admin", "check")])
def test_a_wrong_config_value_stops_start_up_with_one_line(tmp_path, command):
    config = tmp_path / "bad.ini"
    config.write_text("[display]\nidle_timeout = forever\n", encoding="utf-8")
    result = run(*command, "--config", str(config), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(config) in lines[0] and "[display] idle_timeout" in lines[0] and "expected a whole number" in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_a_data_folder_that_cannot_be_created_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run("kiosk", "--data-dir", str(blocker / "data"))
    assert result.returncode == 2
    assert "cannot create or write the data folder" in result.stderr and "Traceback" not in result.stderr


def test_a_counter_terminal_must_be_told_its_counter():
    result = run("kiosk", "--mode", "counter")
    assert result.returncode == 2
    assert "--counter ID" in result.stderr and "Traceback" not in result.stderr


def test_the_data_folder_is_created_on_first_run_in_the_per_user_place(tmp_path):
    result = run("kiosk.admin", "check", "--json", cwd=tmp_path, env={"XDG_DATA_HOME": str(tmp_path / "xdg")})
    report = json.loads(result.stdout)
    folder = tmp_path / "xdg" / "legal-kiosk"
    assert (folder / "logs").is_dir()
    assert report["checks"][0] == {"name": "data directory", "status": "ok", "detail": f"{folder} is writable"}


def test_check_reports_each_part_and_fails_for_a_broken_camera(tmp_path):
    config = tmp_path / "config.ini"
    config.write_text(f"[camera]\nsource = {tmp_path / 'no-such-video.mp4'}\n", encoding="utf-8")
    result = run("kiosk.admin", "check", "--json", "--config", str(config), "--data-dir", str(tmp_path / "d"))
    report = json.loads(result.stdout)
    statuses = {check["name"]: check["status"] for check in report["checks"]}
    assert statuses == {"data directory": "ok", "sqlite fts5": "ok", "font": "ok",
                        "camera": "failed", "printer": "not configured"}
    assert result.returncode == 1 and report["ok"] is False


def test_check_passes_with_a_camera_that_gives_pictures_and_a_printer_that_answers(tmp_path):
    import socket

    import cv2
    import numpy as np

    video = tmp_path / "camera.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 10, (64, 48))
    for _ in range(3):
        writer.write(np.zeros((48, 64, 3), np.uint8))
    writer.release()
    with socket.socket() as printer:
        printer.bind(("127.0.0.1", 0))
        printer.listen()
        config = tmp_path / "config.ini"
        config.write_text(f"[camera]\nsource = {video}\n[printer]\nkind = network\nhost = 127.0.0.1\n"
                          f"port = {printer.getsockname()[1]}\n", encoding="utf-8")
        result = run("kiosk.admin", "check", "--config", str(config), "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "camera          ok" in result.stdout and "printer         ok" in result.stdout


def test_an_unreadable_eu_trust_list_stops_start_up_with_one_line(tmp_path):
    config = tmp_path / "config.ini"
    config.write_text(f"[health_check]\neu_trust_list = {tmp_path / 'missing.json'}\n", encoding="utf-8")
    result = run("kiosk", "--config", str(config), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2
    assert "[health_check] eu_trust_list" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_kiosk_admin_output_piped_into_a_reader_that_stops_early_is_no_failure(tmp_path):
    """``kiosk-admin ... | head``: the closed pipe is neither a failure nor a traceback."""
    process = subprocess.Popen([sys.executable, "-m", "kiosk.admin", "--data-dir", str(tmp_path / "data"), "check",
                                "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the first line is written
    _, err = process.communicate(timeout=120)
    assert b"Traceback" not in err and b"failed" not in err and b"Exception ignored" not in err, err
    assert process.returncode in (0, 1)  # check's own verdict (no camera here), not a crash
    log = (tmp_path / "data" / "logs" / "kiosk-admin.log").read_text(encoding="utf-8")
    assert "BrokenPipeError" not in log


def display_free_env(**extra):
    """The environment without any display, as on a console or over ssh without X forwarding."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    return {**env, **extra}


@pytest.mark.parametrize("mode", [("--demo",), ("--demo", "--mode", "counter"), ("--mode", "display")])
def test_without_a_display_start_up_says_so_in_one_line(tmp_path, mode):
    result = subprocess.run([sys.executable, "-m", "kiosk", *mode, "--data-dir", str(tmp_path / "data")],
                            capture_output=True, text=True, timeout=120, env=display_free_env())
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "DISPLAY is not set" in lines[0] and "xvfb-run" in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_display_that_cannot_be_opened_is_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(tmp_path / "data")],
                            capture_output=True, text=True, timeout=120, env=display_free_env(DISPLAY=":4711"))
    assert result.returncode == 1
    assert result.stderr.strip() == ("kiosk: cannot open the display :4711 "
                                     "(no X server there, or no permission to use it)")


@pytest.mark.parametrize(("options", "complaint"), [
    (("--window", "12x5"), "expected WIDTHxHEIGHT such as 1080x1920, got '12x5'"),
    (("--orientation", "sideways"), "invalid choice: 'sideways'"),
    (("--orientation", "landscape", "--window", "1280x800"), "not allowed with argument"),
])
def test_a_wrong_window_option_is_a_usage_error(tmp_path, options, complaint):
    result = run("kiosk", *options, "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2 and complaint in result.stderr and "Traceback" not in result.stderr


def test_kiosk_admin_demo_uses_the_demo_data_folder(tmp_path):
    result = run("kiosk.admin", "--demo", "check", "--json", env={"XDG_DATA_HOME": str(tmp_path / "xdg")})
    report = json.loads(result.stdout)
    folder = tmp_path / "xdg" / "legal-kiosk-demo"
    assert report["checks"][0]["detail"] == f"{folder} is writable"
    after_the_command = run("kiosk.admin", "check", "--demo", "--json", env={"XDG_DATA_HOME": str(tmp_path / "xdg")})
    assert json.loads(after_the_command.stdout)["checks"][0]["detail"] == f"{folder} is writable"


def test_the_demo_pin_lives_in_the_demo_process_only(tmp_path):
    from kiosk.cli import with_demo_pin
    from kiosk.demo import DEMO_PIN
    from kiosk.foundation.runtime import open_runtime
    from kiosk.staff.pin import PinGuard, hash_pin

    config = tmp_path / "config.ini"
    config.write_text("[display]\nlanguage = zh_CN\n", encoding="utf-8")
    runtime = open_runtime(config, tmp_path / "data", demo=True)
    demo = with_demo_pin(runtime)
    assert PinGuard.for_staff(demo.settings.staff).try_pin(DEMO_PIN, datetime.now()).accepted
    assert config.read_text(encoding="utf-8") == "[display]\nlanguage = zh_CN\n"
    assert not any(DEMO_PIN in path.read_text(errors="replace") for path in (tmp_path / "data").rglob("*.ini"))
    # A demo run with a PIN of its own keeps it, and the demo PIN does not open it.
    config.write_text(f"[staff]\npin_hash = {hash_pin('97531864')}\n", encoding="utf-8")
    own = with_demo_pin(open_runtime(config, tmp_path / "data", demo=True))
    assert not PinGuard.for_staff(own.settings.staff).try_pin(DEMO_PIN, datetime.now()).accepted
