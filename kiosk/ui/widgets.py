"""Widgets shared by the screens: big buttons, cards, the rolling notice and the number pad."""

import re
from collections.abc import Callable
from itertools import pairwise

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.button import Button
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.modalview import ModalView
from kivy.uix.stencilview import StencilView
from kivy.utils import get_hex_from_color

from kiosk.foundation.linebreak import Fitted, fit, line_spans
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


# The same label text laid out in the same room comes back on every visit, language switch and layout pass.
FITTED_CACHE_SIZE = 4096
_FITTED: dict[tuple, Fitted] = {}


class FitText:
    """Mixed into a Label: its text fits the width it is given (``text_size``), and with ``fit_height``
    its height too. The font shrinks down to ``min_font_ratio`` of ``font_size`` to stay on one line or
    within the height, then the text wraps between whole words, by the Chinese rules (禁则).

    Only what is drawn changes: ``text`` and ``font_size`` stay as set, ``fitted_font_size`` says
    what the text is drawn at.
    """

    fit_height = BooleanProperty(False)
    min_font_ratio = NumericProperty(0.72)
    fitted_font_size = NumericProperty(0)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The width comes through text_size; the height counts only where the text must keep inside it.
        self.fbind("height", self._height_changed)
        self.fbind("fit_height", self._trigger_texture)

    def _height_changed(self, *_args) -> None:
        if self.fit_height:
            self._trigger_texture()

    def room(self) -> tuple[float, float | None] | None:
        """The width (and height, with ``fit_height``) the text must keep inside; None: it may grow."""
        width = self.text_size[0]
        if width is None or width <= 0:
            return None
        height = None
        if self.fit_height:  # a little air above and below the text
            height = (self.text_size[1] if self.text_size[1] is not None else self.height - dp(16))
            height -= self.padding[1] + self.padding[3]
        return width - self.padding[0] - self.padding[2], height

    def fitted(self, width: float, height: float | None) -> Fitted:
        """The size and lines the text takes in ``width`` x ``height`` (markup: the lines with their tags)."""
        key = (self.text, round(width, 1), height if height is None else round(height, 1), self.font_size,
               self.min_font_ratio, self.font_name, self.bold, self.italic, self.line_height, self.markup)
        fitted = _FITTED.get(key)
        if fitted is None:
            if len(_FITTED) >= FITTED_CACHE_SIZE:
                _FITTED.clear()
            fitted = _FITTED[key] = self._fit(width, height)
        return fitted

    def _fit(self, width: float, height: float | None) -> Fitted:
        label = self._label
        base, bold = label.options["font_size"], label.options["bold"]
        # Kivy sums a line word by word; a little room keeps it from breaking a line laid out here again.
        width = width * 0.98 - 4
        text, places = (plain_markup(self.text) if self.markup else (self.text, None))
        if places is not None and "[b]" in self.text:
            label.options["bold"] = True  # measured bold throughout: a bold word never overflows
        # Measured in the face it will be drawn in: Kivy picks the bold file only when it renders, and a
        # label made bold after it was built would be measured in the narrower regular face.
        label.resolve_font_name()

        def measure(line: str, size: float) -> tuple[float, float]:
            label.options["font_size"] = size
            line_width, line_height = label.get_extents(line)
            return line_width, line_height * self.line_height

        try:
            fitted = fit(text, width, height, measure, self.font_size, self.font_size * self.min_font_ratio)
            if places is None:
                return fitted
            spans = line_spans(text, lambda line: measure(line, fitted.font_size)[0] <= width)
            return Fitted(fitted.font_size, (broken_markup(self.text, text, places, spans),))
        finally:
            label.options["font_size"], label.options["bold"] = base, bold
            label.resolve_font_name()

    def texture_update(self, *args) -> None:
        room = self.room()
        label = self._label
        if room is None or not self.text:
            self.fitted_font_size = self.font_size
            label.options["font_size"] = self.font_size
            if not self.markup:
                label.text = self.text
            super().texture_update(*args)
            return
        fitted = self.fitted(*room)
        self.fitted_font_size = fitted.font_size
        label.options["font_size"] = fitted.font_size
        if not self.markup:
            label.text = fitted.text
            super().texture_update(*args)
            return
        # Label.texture_update would take the markup from ``text``: the same steps, with the lines fitted.
        self.texture = None
        colour = get_hex_from_color(self.disabled_color if self.disabled else self.color)
        label.text = f"[color={colour}]{fitted.text.strip() if self.strip else fitted.text}[/color]"
        label.refresh()
        if label.texture:
            label.texture.bind()
        self.refs, self.anchors = label.refs, label.anchors
        self.texture = label.texture
        self.texture_size = list(label.texture.size) if label.texture else [0, 0]
        self.is_shortened = label.is_shortened


_MARKUP = re.compile(r"\[/?(?:b|i|u|s|font|size|color|ref|anchor|sub|sup|font_context|font_family|font_features|"
                     r"text_language)(?:=[^\]]*)?\]|&bl;|&br;|&amp;|.", re.DOTALL)
_ESCAPES = {"&bl;": "[", "&br;": "]", "&amp;": "&"}


def plain_markup(markup: str) -> tuple[str, list[int]]:
    """What Kivy markup shows, and where each shown character starts in the markup."""
    text, places = [], []
    for token in _MARKUP.finditer(markup):
        shown = token.group()
        if len(shown) > 1 and shown not in _ESCAPES:
            continue  # a tag
        text.append(_ESCAPES.get(shown, shown))
        places.append(token.start())
    return "".join(text), places


def broken_markup(markup: str, shown: str, places: list[int], spans: list[tuple[int, int]]) -> str:
    """``markup`` with a line break where each of the ``shown`` text's ``spans`` ends; the spaces a break
    takes the place of are dropped."""
    dropped: set[int] = set()
    breaks: set[int] = set()
    for (_start, end), (following, _end) in pairwise(spans):
        if "\n" not in shown[end:following]:  # not where the text has a line break of its own
            breaks.add(places[following] if following < len(places) else len(markup))
        dropped.update(at for at in places[end:following] if markup[at] != "\n")
    return "".join(("\n" if at in breaks else "") + ("" if at in dropped else char)
                   for at, char in enumerate(markup))


class FitLabel(FitText, Label):
    """A label whose text wraps at whole words and Chinese break points, shrinking a word that would not fit."""


def fits_in(widget, width: float, ratio: float) -> bool:
    """Whether every fitting label of ``widget`` (or ``widget`` itself) would keep at least ``ratio``
    of its font if ``widget`` were ``width`` wide."""
    for label in widget.walk(restrict=True):
        if not isinstance(label, FitText) or not label.text:
            continue
        room = label.room()
        # What the label leaves of its widget's width (a tile's padding, a button's margin); not yet
        # known while the widget is being laid out, and the grid looks again once it is.
        spare = widget.width - room[0] if room is not None else -1
        if room is None or not 0 <= spare < widget.width or label.width > widget.width:
            continue
        fitted = label.fitted(width - spare, room[1])
        if fitted.font_size < label.font_size * ratio - 0.5:
            return False
    return True


class ReflowGrid(GridLayout):
    """A grid of up to ``max_cols`` columns that takes fewer when a label would not fit its column at
    ``reflow_ratio`` of its font (large text, English): one rule for every grid of buttons and tiles."""

    max_cols = NumericProperty(1)
    reflow_ratio = NumericProperty(0.85)
    whole_rows = BooleanProperty(False)  # only as many columns as fill every row (four: four, two or one)

    def __init__(self, **kwargs):
        self._reflow = Clock.create_trigger(self.reflow, -1)
        self._watched: set[int] = set()
        kwargs.setdefault("cols", 1)
        super().__init__(**kwargs)
        self.fbind("width", self._reflow)
        self.fbind("max_cols", self._reflow)
        self.fbind("whole_rows", self._reflow)
        self.fbind("children", self._watch_children)

    def on_kv_post(self, _base_widget) -> None:
        # Large text and the language change the labels, not the grid's width.
        app = App.get_running_app()
        app.fbind("font_scale", self._reflow)
        app.fbind("language", self._reflow)
        self.reflow()

    def _watch_children(self, *_args) -> None:
        """Look again when a label's text or width changes (a tile filled, laid out)."""
        for child in self.children:
            for label in child.walk(restrict=True):
                if isinstance(label, FitText) and label.uid not in self._watched:
                    self._watched.add(label.uid)
                    label.fbind("width", self._reflow)
                    label.fbind("text", self._reflow)
        self._reflow()

    def reflow(self, *_args) -> None:
        cols = max(1, int(self.max_cols))
        if self.width > 1 and self.children:
            inner = self.width - self.padding[0] - self.padding[2]
            count = len(self.children)
            while cols > 1:
                column = (inner - self.spacing[0] * (cols - 1)) / cols
                if (not self.whole_rows or count % cols == 0) \
                        and all(fits_in(child, column, self.reflow_ratio) for child in self.children):
                    break
                cols -= 1
        if self.cols != cols:
            self.cols = cols

    def do_layout(self, *args) -> None:
        super().do_layout(*args)
        # Kivy sets a shorter tile at the bottom of its row; it reads from the top, level with its neighbours.
        ordered, cols = self.children[::-1], max(1, int(self.cols or 1))
        for start in range(0, len(ordered), cols):
            row = ordered[start:start + cols]
            top = max(child.top for child in row)
            for child in row:
                child.top = top


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


class BigButton(FitText, Button):
    """The kiosk's main button: at least 15 mm tall for any finger; its label fits inside it."""


class SuggestionButton(BigButton):
    """Another way to get help: an appointment, another service, the remote channels."""

    suggestion = StringProperty("")


class IdleWarning(ModalView):
    """Before the idle reset: "还需要更多时间吗？" with the seconds left and a big button to stay."""

    seconds_left = NumericProperty(0)

    @property
    def showing(self) -> bool:
        return self._is_open

    def stay(self) -> None:
        """The visitor is still there: the idle time starts again."""
        App.get_running_app().keep_visitor()


def fill_tiles(container, tiles, on_release) -> None:
    """Replace what ``container`` lists by ``tiles``, each calling ``on_release(tile)`` when tapped."""
    container.clear_widgets()
    for tile in tiles:
        tile.bind(on_release=on_release)
        container.add_widget(tile)
