"""A QR code drawn crisp at any size, for tickets, answers and the remote channels."""

from kivy.graphics.texture import Texture
from kivy.properties import StringProperty
from kivy.uix.image import Image

from kiosk.foundation.qr_matrix import qr_luminance


class QrImage(Image):
    data = StringProperty("")

    def __init__(self, **kwargs):
        kwargs.setdefault("fit_mode", "contain")
        super().__init__(**kwargs)

    def on_data(self, _widget, data: str) -> None:
        if not data:
            self.texture = None
            return
        side, pixels = qr_luminance(data)
        texture = Texture.create(size=(side, side), colorfmt="luminance")
        texture.blit_buffer(pixels, colorfmt="luminance", bufferfmt="ubyte")
        texture.flip_vertical()
        # One module per texel, scaled up without blurring the edges a phone must find.
        texture.mag_filter = "nearest"
        texture.min_filter = "nearest"
        self.texture = texture
