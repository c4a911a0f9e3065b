"""The camera on its own thread, for any screen that reads codes: the health check, appointment check-in.

The capture thread hands every frame to the preview, scaled down there, through the Kivy clock
(skipping frames while one is still waiting to be drawn), so that the picture moves at the
camera's rate; the loop's own thread asks ``read`` for a result at the decoder's pace, always
on the newest frame. The first result, or the loss of the camera, is handed back on the UI
thread. A payload ``read`` sees stays in that thread's hands.

No loop may outlive the interpreter: a decoding thread whose OpenCV call returns while
Python is finalising aborts the process ("terminate called without an active exception").
Every loop stays registered until its thread has ended, and ``stop_all`` (the app's stop,
and an exit handler for any other way out) stops and joins them.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np
from kivy.clock import Clock

from kiosk.health.camera import ENDED, FAILED, STOPPED, Camera
from kiosk.ui.camera_view import preview_image

log = logging.getLogger(__name__)

# A frame's decoding is bounded by the decoder's time budget; a huge still image can take longer.
JOIN_SECONDS = 5.0


class CameraLoop:
    _running: ClassVar[set[CameraLoop]] = set()
    _running_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, source: str, width: int, height: int, read: Callable[[np.ndarray], Any],
                 found: Callable[[Any], None], preview: Callable[[np.ndarray], None], lost: Callable[[], None]):
        # A kiosk's camera never ends: a video or a folder of pictures (demo, tests) starts again.
        self._camera = Camera(source, width, height, realtime=True, loop=True, on_frame=self._offer_preview)
        self._read, self._found, self._preview, self._lost = read, found, preview, lost
        self._stop = threading.Event()
        self._preview_pending = False
        self._thread = threading.Thread(target=self._run, name="camera-loop", daemon=True)

    def start(self) -> CameraLoop:
        with CameraLoop._running_lock:
            CameraLoop._running.add(self)
        self._camera.start()
        self._thread.start()
        return self

    def stop(self) -> None:
        """Ask the loop to end and release the camera; the frame being decoded is finished on its thread."""
        self._stop.set()
        self._camera.stop(timeout=1.0)

    def join(self, timeout: float = JOIN_SECONDS) -> bool:
        """Wait until the loop's thread has ended; whether it has."""
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    @classmethod
    def stop_all(cls, timeout: float = JOIN_SECONDS) -> None:
        """Stop every loop and wait for its thread: before the app's window closes and at exit."""
        with cls._running_lock:
            loops = list(cls._running)
        for loop in loops:
            loop.stop()
        for loop in loops:
            if not loop.join(timeout):
                log.error("camera loop still decoding after %.0f s at stop", timeout)
            loop._camera.stop(timeout=timeout)

    def _run(self) -> None:
        try:
            self._loop()
        finally:
            with CameraLoop._running_lock:
                CameraLoop._running.discard(self)

    def _loop(self) -> None:
        camera, stop = self._camera, self._stop
        while not stop.is_set():
            frame = camera.wait_frame(0.5)
            if frame is None:
                status = camera.status()
                if status.state in (ENDED, FAILED, STOPPED) and not stop.is_set():
                    log.warning("camera %s: %s", status.state, status.problem)
                    Clock.schedule_once(lambda _dt: self._lost())
                    return
                continue
            result = self._read(frame.image)
            if result is not None:
                if not stop.is_set():
                    Clock.schedule_once(lambda _dt, result=result: self._found(result))
                return

    def _offer_preview(self, frame: np.ndarray) -> None:
        """On the capture thread: scale the frame for the preview unless the last one is still waiting."""
        if self._preview_pending or self._stop.is_set():
            return
        self._preview_pending = True
        image = preview_image(frame)

        def draw(_dt):
            self._preview_pending = False
            if not self._stop.is_set():
                self._preview(image)

        Clock.schedule_once(draw)


# Registered after kiosk.health.camera's own handler, so it runs first (exit handlers run last-in
# first-out): the decoding threads end before their cameras are stopped.
atexit.register(CameraLoop.stop_all)
