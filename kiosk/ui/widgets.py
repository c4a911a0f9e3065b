"""Widgets shared by the screens: big buttons, cards, the rolling notice and the number pad."""

import re
from collections.abc import Callable

from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.button import Button
from kivy.uix.gridlayout import GridLayout
from kivy.uix.stencilview import StencilView

from kiosk.ui.kvfiles import load_kv_beside

load_kv_beside(__file__)

NOTICE_PAGE_SECONDS = 6.0
# A run of letters, digits and Latin punctuation stays whole; any other character is a place to turn the page.
_PIECE = re.compile(r"[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+\s*|\S\s*|\s+")


def notice_pages(text: str, fits: Callable[[str], bool]) -> list[str]:
    """``text`` cut into lines that each ``fits`` the ticker, at spaces or between Chinese characters.

    A word too long for the ticker on its own gets a page to itself and is clipped.
    """
    pages: list[str] = []
    line = ""
    for piece in _PIECE.findall(text):
        if line and not fits((line + piece).rstrip()):
            pages.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    if line.strip():
        pages.append(line.rstrip())
    return pages


class NoticeTicker(StencilView):
    """The notice, one line-sized page at a time, turning every few seconds while it is on screen.

    A notice that scrolled made Kivy redraw the whole window 30 times a second, which on
    software GL took the main thread and both llvmpipe threads: a page that turns
    redraws once per turn, and a notice that fits on one line never moves.
    """

    text = StringProperty("")
    page = StringProperty("")  # what the line shows now

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._pages: list[str] = []
        self._turned = 0
        self._paginate = Clock.create_trigger(self._cut_pages, 0.1)
        self._turner = Clock.schedule_interval(self._turn, NOTICE_PAGE_SECONDS)
        self.bind(text=self._paginate, width=self._paginate)

    def on_kv_post(self, _base_widget) -> None:
        self.ids.line.bind(font_size=self._paginate)  # large text: fewer words to a page

    def _cut_pages(self, *_args) -> None:
        label = self.ids.line
        measure = CoreLabel(font_size=label.font_size, font_name=label.font_name, bold=label.bold)
        room = self.width - label.padding[0] - label.padding[2]
        self._pages = notice_pages(self.text, lambda line: measure.get_extents(line)[0] <= room) or [""]
        self._turned = 0
        self.page = self._pages[0]

    def _turn(self, _dt: float) -> None:
        # Off screen nothing turns: a hidden ticker costs nothing, and home shows the notice from its start.
        if self.get_root_window() is None:
            self._turned = 0
        else:
            self._turned += 1
        if self._pages:
            self.page = self._pages[self._turned % len(self._pages)]


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
