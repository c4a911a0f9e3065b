"""The live camera picture with a frame that shows where to hold the phone.

On software GL every pixel drawn costs: the picture is drawn at half a 720p frame's
size into one reused texture, straight from the array, and nothing is drawn under it.
"""

import numpy as np
from kivy.graphics.texture import Texture
from kivy.properties import ListProperty, StringProperty
from kivy.uix.image import Image

from kiosk.ui.kvfiles import load_kv_beside

load_kv_beside(__file__)

# The picture is some 1000 px wide on the kiosk's screen; half a 720p frame looks the same there and is a
# quarter of the pixels to scale, convert and upload.
PREVIEW_WIDTH = 640


def preview_image(frame: np.ndarray) -> np.ndarray:
    """A BGR camera frame as the preview draws it: at most PREVIEW_WIDTH wide, RGBA.

    Meant for the capture thread, so that the main thread only uploads it.
    """
    import cv2  # with the first frame, not with the screens (OpenCV is some 50 MB)

    height, width = frame.shape[:2]
    if width > PREVIEW_WIDTH:
        frame = cv2.resize(frame, (PREVIEW_WIDTH, round(height * PREVIEW_WIDTH / width)),
                           interpolation=cv2.INTER_AREA)
    return cv2.cvtColor(frame, cv2.COLOR_BGR2RGBA)


class CameraView(Image):
    """Shows frames made by ``preview_image``, handed to it on the main thread; ``guide`` colours the phone frame."""

    guide = StringProperty("button")
    picture_size = ListProperty([0, 0])  # where the picture is drawn; (0, 0) while there is none

    def __init__(self, **kwargs):
        kwargs.setdefault("fit_mode", "contain")
        super().__init__(**kwargs)
        self.bind(size=self._place_picture, texture=self._place_picture)

    def _place_picture(self, *_args) -> None:
        self.picture_size = self.norm_image_size if self.texture is not None else [0, 0]

    def show_frame(self, frame: np.ndarray) -> None:
        """Draw one RGBA frame from ``preview_image``; call on the main thread."""
        height, width = frame.shape[:2]
        texture = self.texture
        if texture is None or texture.size != (width, height):
            texture = Texture.create(size=(width, height), colorfmt="rgba")
            texture.flip_vertical()
            self.texture = texture
        # The array's own memory, not a copy of it (frame.tobytes() was a copy per frame).
        texture.blit_buffer(frame.reshape(-1), colorfmt="rgba", bufferfmt="ubyte")
        self.canvas.ask_update()

    def clear(self) -> None:
        """Forget the picture (idle timeout, leaving the screen): nothing of a visitor stays."""
        self.texture = None
