"""Widgets shared by the screens: big buttons, cards, the rolling notice and the number pad."""

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.button import Button
from kivy.uix.gridlayout import GridLayout
from kivy.uix.stencilview import StencilView

from kiosk.ui.kvfiles import load_kv_beside

load_kv_beside(__file__)

TICKER_PIXELS_PER_SECOND = 90


class NoticeTicker(StencilView):
    """A notice that rolls from right to left, again and again, while it is on screen.

    Each step of the roll redraws the whole window, which on software GL costs a good
    part of a core: a ticker on a screen that is not shown waits instead.
    """

    text = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._restart = Clock.create_trigger(self._roll, 0.1)
        self._look_again = Clock.create_trigger(self._roll, 1.0)
        self.bind(text=self._restart, size=self._restart, pos=self._restart)

    def _roll(self, *_args) -> None:
        label = self.ids.line
        Animation.cancel_all(label)
        if self.get_root_window() is None:
            self._look_again()
            return
        label.texture_update()
        label.x = self.right
        distance = self.width + label.texture_size[0]
        animation = Animation(x=self.x - label.texture_size[0], duration=distance / TICKER_PIXELS_PER_SECOND)
        animation.bind(on_progress=self._stop_when_hidden, on_complete=lambda *_: self._restart())
        animation.start(label)

    def _stop_when_hidden(self, animation: Animation, label, _progress: float) -> None:
        if self.get_root_window() is None:
            animation.cancel(label)
            self._look_again()


class NumberPad(GridLayout):
    """Digits 1-9, clear, 0, delete: big keys for typing a PIN or an appointment code."""

    __events__ = ("on_digit", "on_delete", "on_clear")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for label in ("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "delete"):
            key = PadKey(key=label)
            key.bind(on_release=self._pressed)
            self.add_widget(key)

    def _pressed(self, key) -> None:
        if key.key == "clear":
            self.dispatch("on_clear")
        elif key.key == "delete":
            self.dispatch("on_delete")
        else:
            self.dispatch("on_digit", key.key)

    def on_digit(self, digit: str) -> None:
        pass

    def on_delete(self) -> None:
        pass

    def on_clear(self) -> None:
        pass


class PadKey(Button):
    key = StringProperty("")


class ChoiceTile(Button):
    """A card to tap in a list of choices: a title and a line or two about it."""

    title = StringProperty("")
    detail = StringProperty("")
    available = BooleanProperty(True)


class BigButton(Button):
    """The kiosk's main button: at least 15 mm tall for any finger."""


class SuggestionButton(BigButton):
    """Another way to get help: an appointment, another service, the remote channels."""

    suggestion = StringProperty("")


def fill_tiles(container, tiles, on_release) -> None:
    """Replace what ``container`` lists by ``tiles``, each calling ``on_release(tile)`` when tapped."""
    container.clear_widgets()
    for tile in tiles:
        tile.bind(on_release=on_release)
        container.add_widget(tile)
