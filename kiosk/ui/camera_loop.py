"""The camera on its own thread, for any screen that reads codes: the health check, appointment check-in.

The thread takes each frame, hands it to the preview through the Kivy clock (skipping
frames while one is still waiting to be drawn), and asks ``read`` for a result; the
first result, or the loss of the camera, is handed back on the UI thread. A payload
``read`` sees stays in that thread's hands.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from kivy.clock import Clock

from kiosk.health.camera import ENDED, FAILED, STOPPED, Camera

log = logging.getLogger(__name__)


class CameraLoop:
    def __init__(self, source: str, width: int, height: int, read: Callable[[np.ndarray], Any],
                 found: Callable[[Any], None], preview: Callable[[np.ndarray], None], lost: Callable[[], None]):
        # A kiosk's camera never ends: a video or a folder of pictures (demo, tests) starts again.
        self._camera = Camera(source, width, height, realtime=True, loop=True)
        self._read, self._found, self._preview, self._lost = read, found, preview, lost
        self._stop = threading.Event()
        self._preview_pending = False

    def start(self) -> CameraLoop:
        self._camera.start()
        threading.Thread(target=self._run, name="camera-loop", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._camera.stop(timeout=1.0)

    def _run(self) -> None:
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
            self._offer_preview(frame.image)
            result = self._read(frame.image)
            if result is not None:
                if not stop.is_set():
                    Clock.schedule_once(lambda _dt, result=result: self._found(result))
                return

    def _offer_preview(self, image: np.ndarray) -> None:
        if self._preview_pending:
            return
        self._preview_pending = True

        def draw(_dt):
            self._preview_pending = False
            if not self._stop.is_set():
                self._preview(image)

        Clock.schedule_once(draw)
