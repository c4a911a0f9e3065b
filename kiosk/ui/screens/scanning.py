"""A screen that reads a QR with the camera while it is shown, as check-in and rating do."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import BooleanProperty

from kiosk.health.decoder import Decoder
from kiosk.ui.camera_loop import CameraLoop
from kiosk.ui.screens.base import KioskScreen


class ScanningScreen(KioskScreen):
    """Reads codes that ``wanted`` accepts from entering until one is read, the screen is left, or the
    app stops; a read code goes to ``_scanned``. Without a camera the screen works by its pad alone."""

    scanning = BooleanProperty(False)
    _loop: CameraLoop | None = None

    def wanted(self, text: str) -> bool:
        raise NotImplementedError

    def _scanned(self, payload: str) -> None:
        raise NotImplementedError

    def on_enter(self) -> None:
        app = App.get_running_app()
        source = app.camera_source()
        if not source:
            return
        camera = app.settings.camera
        decoder = Decoder(camera.fallback_every, width=camera.decode_width)

        def read(image):
            found = decoder.decode(image)
            return found.text if found is not None and self.wanted(found.text) else None

        self._loop = CameraLoop(source, camera.width, camera.height, read, self._scanned,
                                self.ids.camera.show_frame, self._stop_scanning).start()
        self.scanning = True

    def _stop_scanning(self) -> None:
        if self._loop is not None:
            self._loop.stop()
            self._loop = None
        self.scanning = False
        self.ids.camera.clear()

    def release_devices(self) -> None:
        self._stop_scanning()

    def on_leave(self) -> None:
        self._stop_scanning()
