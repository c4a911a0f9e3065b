"""kiosk-admin scan over generated videos, images and folders: fields and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.admin import main
from kiosk.demo.phone_screen import render, sample_health_url, write_clip


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


def huge_png(path: Path, width: int = 30_000, height: int = 30_000) -> Path:
    """A grey PNG of ``width`` x ``height`` pixels, all black: about 900 MB of pixels in well under 1 MB."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(9)
    row = bytes(width + 1)  # filter byte and the row's pixels
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return path


def test_an_image_over_the_pixel_budget_is_refused_before_decoding(capsys, tmp_path) -> None:
    """A 30,000 x 30,000 PNG once took 19 s and 3.2 GB in scan (issue #18): refused from its header."""
    import resource

    image = huge_png(tmp_path / "huge.png")
    assert image.stat().st_size < 1_000_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    status, _, err = scan(capsys, tmp_path, str(image))
    assert time.monotonic() - started < 3.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB: no 900 MB decode
    assert status == 2 and "image too large" in err and "24 megapixels" in err
    assert len(err.strip().splitlines()) == 1


def test_the_pixel_budget_reads_the_size_from_the_header(tmp_path) -> None:
    from kiosk.health.camera import MAX_IMAGE_PIXELS, image_size_problem

    wide = huge_png(tmp_path / "wide.png", width=6001, height=4000)
    assert MAX_IMAGE_PIXELS < 6001 * 4000
    assert image_size_problem(wide) == "image too large: 6001x4000 pixels, over the limit of 24 megapixels"
    assert image_size_problem(huge_png(tmp_path / "photo.png", width=6000, height=4000)) == ""
    (tmp_path / "junk.png").write_bytes(b"not an image")
    assert image_size_problem(tmp_path / "junk.png") == "not a readable image"
