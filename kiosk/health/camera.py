"""The camera: a capture thread that always offers the newest frame and never blocks a caller.

Sources: a device index ("0"), a video file, a folder of images, or a stream URL
("rtsp://...", "http://...", "file://..."). A device or stream that fails is
reopened with growing pauses; a file or folder simply ends.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import warnings
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff")
# A still image is refused above this many pixels, read from its header before any decoding:
# a 150 KB PNG of 30,000 x 30,000 pixels took 19 s and 3.2 GB. 24 megapixels holds any
# phone photo (6000 x 4000) and is 26 times a 720p frame.
MAX_IMAGE_PIXELS = 24_000_000

# Camera states as the health-check screen and the self-check see them.
STARTING, RUNNING, RECONNECTING, ENDED, FAILED, STOPPED = (
    "starting", "running", "reconnecting", "ended", "failed", "stopped")


@dataclass(frozen=True)
class Frame:
    image: np.ndarray
    number: int  # 1 for the first frame read from the source
    video_seconds: float  # position in the source's own time (frame number over frame rate)
    captured_at: float  # time.monotonic() when read


@dataclass(frozen=True)
class CameraStatus:
    state: str
    frames: int
    reconnects: int
    problem: str = ""


def source_kind(source: str) -> str:
    """"device", "stream", "folder", "image" or "file" (a video)."""
    if source.strip().isdigit():
        return "device"
    if "://" in source:
        return "stream"
    if Path(source).is_dir():
        return "folder"
    return "image" if Path(source).suffix.lower() in IMAGE_SUFFIXES else "file"


def image_size_problem(path: Path) -> str:
    """Why the image at ``path`` will not be decoded, from its header alone, or ""."""
    try:
        with warnings.catch_warnings():  # Pillow warns of a large image; ours is the one answer given
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except Image.DecompressionBombError:  # Pillow's own limit, far above ours
        return _too_large("")
    except (UnidentifiedImageError, OSError, ValueError):
        return "not a readable image"
    return _too_large(f"{width}x{height} pixels, ") if width * height > MAX_IMAGE_PIXELS else ""


def _too_large(size: str) -> str:
    return f"image too large: {size}over the limit of {MAX_IMAGE_PIXELS / 1e6:.0f} megapixels"


class _Images:
    """Still images read in name order, shaped like cv2.VideoCapture; ``problem`` says why the
    last one skipped was."""

    def __init__(self, files: list[Path]):
        self._files: Iterator[Path] = iter(files)
        self.problem = ""

    def isOpened(self) -> bool:
        return True

    def read(self) -> tuple[bool, np.ndarray | None]:
        import cv2

        for path in self._files:
            self.problem = image_size_problem(path)
            image = None if self.problem else cv2.imread(str(path), cv2.IMREAD_COLOR)
            if image is not None:
                return True, image
            self.problem = self.problem or "not a readable image"
            log.warning("camera: skipped an image (%s)", self.problem)
        return False, None

    def get(self, prop: int) -> float:
        return 0.0

    def release(self) -> None:
        pass


# Cameras still capturing when the interpreter exits: a daemon thread frozen inside OpenCV
# at shutdown aborts the process ("FATAL: exception not rethrown"), so they are stopped first.
_RUNNING: weakref.WeakSet[Camera] = weakref.WeakSet()


@atexit.register
def _stop_running_cameras() -> None:
    for camera in list(_RUNNING):
        camera.stop(timeout=2.0)


class Camera:
    """Reads ``source`` on its own thread; ``latest()`` returns the newest frame at once.

    ``lockstep`` (files and folders) waits until each frame was taken before reading the
    next, so a slow consumer still sees every frame: the scan command and benchmarks use it.
    ``realtime`` paces a file at its frame rate, as a live camera would deliver it.
    ``on_frame`` is called on the capture thread with every image read (a preview at the camera's own
    rate, whatever pace the frames are taken at); it must return quickly.
    """

    def __init__(self, source: str, width: int = 1280, height: int = 720, *, lockstep: bool = False,
                 realtime: bool = False, loop: bool = False, backoff: tuple[float, float] = (0.25, 5.0),
                 on_frame: Callable[[np.ndarray], None] | None = None):
        self.source = str(source)
        self.kind = source_kind(self.source)
        self.width, self.height = width, height
        self.lockstep, self.realtime, self.loop = lockstep, realtime, loop
        self.backoff = backoff
        self._on_frame = on_frame
        self._condition = threading.Condition()
        self._frame: Frame | None = None
        self._taken = True
        self._state = STARTING
        self._problem = ""
        self._frames = 0
        self._reconnects = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="camera", daemon=True)

    # --- the caller's side: never blocks longer than asked --------------------------

    def start(self) -> Camera:
        _RUNNING.add(self)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        with self._condition:
            self._condition.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def __enter__(self) -> Camera:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def status(self) -> CameraStatus:
        with self._condition:
            return CameraStatus(self._state, self._frames, self._reconnects, self._problem)

    def latest(self) -> Frame | None:
        """The newest frame not yet taken, or None; returns at once."""
        with self._condition:
            return self._take()

    def wait_frame(self, timeout: float) -> Frame | None:
        """The next new frame, waiting at most ``timeout`` seconds; None when none came or
        the source has ended."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while self._taken and self._state not in (ENDED, FAILED, STOPPED):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._condition.wait(remaining)
            return self._take()

    def frames(self, timeout: float = 5.0) -> Iterator[Frame]:
        """Every new frame until the source ends (or nothing came for ``timeout`` seconds)."""
        while True:
            frame = self.wait_frame(timeout)
            if frame is None:
                return
            yield frame

    def _take(self) -> Frame | None:
        if self._taken or self._frame is None:
            return None
        self._taken = True
        self._condition.notify_all()
        return self._frame

    # --- the capture thread ---------------------------------------------------------

    def _set_state(self, state: str, problem: str = "") -> None:
        with self._condition:
            if self._state != state:
                log.info("camera: %s%s", state, f" ({problem})" if problem else "")
            self._state, self._problem = state, problem
            self._condition.notify_all()

    def _open(self) -> tuple[object | None, str]:
        import cv2

        if self.kind == "folder":
            folder = Path(self.source)
            return _Images(sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)), ""
        if self.kind == "image":
            return (_Images([Path(self.source)]), "") if Path(self.source).is_file() else (None, "image not found")
        if self.kind == "file" and not Path(self.source).is_file():
            return None, "video file not found"
        capture = cv2.VideoCapture(int(self.source) if self.kind == "device" else self.source)
        if not capture.isOpened():
            capture.release()
            return None, "cannot open the camera" if self.kind == "device" else "cannot open the source"
        if self.kind == "device":
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
            capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # a stale frame is worse than none
        return capture, ""

    def _run(self) -> None:
        import cv2  # on the capture thread when the camera starts: OpenCV (some 50 MB) is not loaded with the screens

        live = self.kind in ("device", "stream")
        pause = self.backoff[0]
        position = 0
        while not self._stop.is_set():
            capture, problem = self._open()
            if capture is None:
                if not live:
                    self._set_state(FAILED, problem)
                    return
                self._reconnects += 1
                self._set_state(RECONNECTING, problem)
                self._stop.wait(pause)
                pause = min(pause * 2, self.backoff[1])
                continue
            fps = capture.get(cv2.CAP_PROP_FPS) or 15.0
            got_any = False
            try:
                for image in self._read(capture, fps):
                    got_any = True
                    pause = self.backoff[0]
                    position += 1
                    self._publish(image, position, fps)
                    if self._on_frame is not None:
                        self._on_frame(image)
            finally:
                capture.release()
            if self._stop.is_set():
                break
            if not live:
                if self.kind in ("folder", "image") and position == 0:
                    skipped = getattr(capture, "problem", "")
                    self._set_state(FAILED, skipped if self.kind == "image" and skipped else "no readable images")
                    return
                if self.loop and got_any:
                    continue
                self._set_state(ENDED)
                return
            self._reconnects += 1
            self._set_state(RECONNECTING, "the camera stopped delivering frames")
            self._stop.wait(pause)
            pause = min(pause * 2, self.backoff[1])
        self._set_state(STOPPED)

    def _read(self, capture: object, fps: float) -> Iterator[np.ndarray]:
        live = self.kind in ("device", "stream")
        started = time.monotonic()
        count = 0
        while not self._stop.is_set():
            ok, image = capture.read()  # type: ignore[attr-defined]
            if not ok or image is None:
                return
            count += 1
            if self.realtime and not live:
                self._stop.wait(max(0.0, started + count / fps - time.monotonic()))
            yield image

    def _publish(self, image: np.ndarray, number: int, fps: float) -> None:
        with self._condition:
            while self.lockstep and not self._taken and not self._stop.is_set():
                self._condition.wait(0.1)
            self._frame = Frame(image, number, number / fps, time.monotonic())
            self._taken = False
            self._frames = number
            if self._state != RUNNING:
                self._state, self._problem = RUNNING, ""
                log.info("camera: running")
            self._condition.notify_all()
