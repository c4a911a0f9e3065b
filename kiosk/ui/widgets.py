"""Widgets shared by the screens: big buttons, cards and the rolling notice."""

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.properties import StringProperty
from kivy.uix.stencilview import StencilView

from kiosk.ui.kvfiles import load_kv_beside

load_kv_beside(__file__)

TICKER_PIXELS_PER_SECOND = 90


class NoticeTicker(StencilView):
    """A notice that rolls from right to left, again and again."""

    text = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._restart = Clock.create_trigger(self._roll, 0.1)
        self.bind(text=self._restart, size=self._restart, pos=self._restart)

    def _roll(self, *_args) -> None:
        label = self.ids.line
        Animation.cancel_all(label)
        label.texture_update()
        label.x = self.right
        distance = self.width + label.texture_size[0]
        animation = Animation(x=self.x - label.texture_size[0], duration=distance / TICKER_PIXELS_PER_SECOND)
        animation.bind(on_complete=lambda *_: self._restart())
        animation.start(label)
