"""The capture thread over real OpenCV sources: video files, folders, a stream that vanishes."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np

from kiosk.demo.phone_screen import Degradation, clip_frames, render, sample_health_url, write_clip, write_demo_clip
from kiosk.health.camera import ENDED, FAILED, RECONNECTING, RUNNING, Camera, source_kind


def wait_for(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_source_kinds(tmp_path: Path) -> None:
    assert source_kind("0") == "device"
    assert source_kind("rtsp://10.0.0.5/stream") == "stream"
    assert source_kind(str(tmp_path)) == "folder"
    assert source_kind(str(tmp_path / "a.PNG")) == "image"
    assert source_kind(str(tmp_path / "clip.avi")) == "file"


def test_every_frame_of_a_video_in_lockstep_then_end(clips: dict[str, Path]) -> None:
    with Camera(str(clips["green"]), lockstep=True) as camera:
        frames = list(camera.frames(timeout=10.0))
        assert camera.status().state == ENDED
    assert [f.number for f in frames] == list(range(1, 17))
    assert frames[-1].video_seconds == 16 / 15
    assert frames[0].image.shape == (480, 640, 3)
    assert camera.wait_frame(0.05) is None  # ended: no waiting


def test_newest_frame_only_for_a_slow_reader(clips: dict[str, Path]) -> None:
    with Camera(str(clips["red"]), realtime=True, loop=True) as camera:
        assert camera.latest() is None or camera.latest() is None  # never blocks, even before frames
        assert wait_for(lambda: camera.status().state == RUNNING)
        numbers = []
        for _ in range(4):
            time.sleep(0.3)  # a reader slower than 15 frames a second
            frame = camera.latest()
            assert frame is not None
            numbers.append(frame.number)
            assert camera.latest() is None  # taken: nothing piles up
        started = time.monotonic()
        camera.latest()
        assert time.monotonic() - started < 0.05
    gaps = np.diff(numbers)
    assert (gaps > 1).all(), f"frames were queued instead of dropped: {numbers}"


def test_folder_of_images_in_name_order(tmp_path: Path) -> None:
    for i, colour in enumerate(("green", "red", "yellow")):
        cv2.imwrite(str(tmp_path / f"{i:02d}.png"), render(sample_health_url(), colour))
    (tmp_path / "notes.txt").write_text("not an image")
    (tmp_path / "99.png").write_bytes(b"broken")
    with Camera(str(tmp_path), lockstep=True) as camera:
        frames = list(camera.frames(timeout=5.0))
        assert camera.status().state == ENDED
    assert len(frames) == 3


def test_empty_folder_and_missing_sources_fail_with_a_reason(tmp_path: Path) -> None:
    for source, problem in ((tmp_path, "no readable images"), (tmp_path / "gone.avi", "video file not found"),
                            (tmp_path / "gone.png", "image not found")):
        with Camera(str(source)) as camera:
            assert wait_for(lambda camera=camera: camera.status().state == FAILED)
            assert camera.status().problem == problem
            assert camera.wait_frame(1.0) is None


def test_not_a_video_fails(tmp_path: Path) -> None:
    path = tmp_path / "clip.avi"
    path.write_bytes(b"this is not a video at all" * 100)
    with Camera(str(path)) as camera:
        assert wait_for(lambda: camera.status().state in (FAILED, ENDED))


def test_a_stream_that_vanishes_and_returns(tmp_path: Path) -> None:
    path = tmp_path / "live.avi"
    frames = list(clip_frames(sample_health_url(), "green", 6, degradation=Degradation()))
    write_clip(path, frames)
    with Camera(path.as_uri(), backoff=(0.05, 0.2)) as camera:
        assert wait_for(lambda: camera.status().frames >= 6)
        path.unlink()  # the camera is unplugged: the stream ends and cannot be reopened
        assert wait_for(lambda: camera.status().state == RECONNECTING)
        vanished_at = camera.status().reconnects
        assert wait_for(lambda: camera.status().reconnects >= vanished_at + 2)
        assert camera.status().state == RECONNECTING
        write_clip(path, frames)  # plugged back in
        assert wait_for(lambda: camera.status().frames >= 12)
        assert camera.latest() is not None
    assert camera.status().state == "stopped"


def test_demo_clip_loops_and_shows_a_green_code(tmp_path: Path) -> None:
    from kiosk.health.decoder import decode_frame

    clip = write_demo_clip(tmp_path / "demo.avi")
    with Camera(str(clip), lockstep=True, loop=True) as camera:
        frames = [camera.wait_frame(5.0) for _ in range(70)]
    assert all(f is not None for f in frames)
    assert frames[-1].number == 70  # past the 60 frames of the clip: it looped
    assert not decode_frame(frames[0].image)
    assert any(decode_frame(f.image) for f in frames[30:60])


def test_a_camera_left_running_does_not_abort_the_interpreter(clips: dict[str, Path]) -> None:
    import subprocess
    import sys

    script = ("import time\nfrom kiosk.health.camera import Camera\n"
              f"camera = Camera({str(clips['green'])!r}, loop=True).start()  # reading all the time\n"
              "time.sleep(0.5)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "FATAL" not in result.stderr
