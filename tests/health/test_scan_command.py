"""kiosk-admin scan over generated videos, images and folders: fields and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.admin import main
from kiosk.health.phone_screen import render, sample_health_url, write_clip


def scan(capsys, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--data-dir", str(tmp_path / "data"), "scan", *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(("colour", "decision", "reason"), [
    ("green", "admit", "green"), ("yellow", "refer", "yellow"), ("red", "refer", "red"),
    ("black", "refer", "no_colour"),
])
def test_scan_a_video(capsys, tmp_path, clips, colour, decision, reason) -> None:
    status, out, _ = scan(capsys, tmp_path, str(clips[colour]), "--json")
    report = json.loads(out)
    assert status == 0
    assert {k: report[k] for k in ("kind", "colour", "decision", "reason")} == {
        "kind": "health_code_url", "colour": "none" if colour == "black" else colour,
        "decision": decision, "reason": reason}
    assert 5 <= report["frames"] <= 16  # four empty frames come first
    assert report["seconds"] == pytest.approx(report["frames"] / 15, abs=0.01)
    assert not (tmp_path / "data" / "kiosk.db").exists()  # a test scan stores nothing


def test_scan_an_image_and_a_folder(capsys, tmp_path) -> None:
    image = tmp_path / "code.png"
    cv2.imwrite(str(image), render("https://example.com/menu", "black"))
    status, out, _ = scan(capsys, tmp_path, str(image), "--json")
    assert status == 0 and json.loads(out)["kind"] == "not_health_code"
    folder = tmp_path / "frames"
    folder.mkdir()
    cv2.imwrite(str(folder / "1.png"), np.full((480, 640, 3), 90, np.uint8))
    cv2.imwrite(str(folder / "2.png"), render(sample_health_url(), "green"))
    status, out, _ = scan(capsys, tmp_path, str(folder))
    assert status == 0 and out.startswith("admit: green") and "after 2 frame(s)" in out


def test_nothing_found_is_exit_1(capsys, tmp_path) -> None:
    clip = write_clip(tmp_path / "empty.avi", [np.full((480, 640, 3), 90, np.uint8)] * 5)
    status, out, _ = scan(capsys, tmp_path, str(clip), "--json")
    report = json.loads(out)
    assert status == 1
    assert (report["kind"], report["decision"], report["frames"]) == ("none", None, 5)


def test_unreadable_paths_are_one_line_and_exit_2(capsys, tmp_path) -> None:
    status, _, err = scan(capsys, tmp_path, str(tmp_path / "missing.avi"))
    assert status == 2 and "no such file or folder" in err
    empty = tmp_path / "nothing"
    empty.mkdir()
    status, _, err = scan(capsys, tmp_path, str(empty))
    assert status == 2 and "no readable images" in err and len(err.strip().splitlines()) == 1


def test_the_installed_command(tmp_path, clips) -> None:
    result = subprocess.run([sys.executable, "-m", "kiosk.admin", "scan", str(clips["yellow"]), "--json",
                             "--data-dir", str(tmp_path / "d")], capture_output=True, text=True, timeout=120,
                            env={**os.environ})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["decision"] == "refer"
