"""The live camera picture with a frame that shows where to hold the phone."""

from kivy.graphics.texture import Texture
from kivy.properties import StringProperty
from kivy.uix.image import Image

from kiosk.ui.kvfiles import load_kv_beside

load_kv_beside(__file__)


class CameraView(Image):
    """Shows BGR frames handed to it on the main thread; ``guide`` colours the phone frame."""

    guide = StringProperty("button")

    def __init__(self, **kwargs):
        kwargs.setdefault("fit_mode", "contain")
        super().__init__(**kwargs)

    def show_frame(self, frame) -> None:
        """Draw one BGR frame (a numpy array) from the capture thread; call on the main thread."""
        height, width = frame.shape[:2]
        texture = self.texture
        if texture is None or texture.size != (width, height):
            texture = Texture.create(size=(width, height), colorfmt="bgr")
            texture.flip_vertical()
        texture.blit_buffer(frame.tobytes(), colorfmt="bgr", bufferfmt="ubyte")
        self.texture = texture
        self.canvas.ask_update()

    def clear(self) -> None:
        """Forget the picture (idle timeout, leaving the screen): nothing of a visitor stays."""
        self.texture = None
