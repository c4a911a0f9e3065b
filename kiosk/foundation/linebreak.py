"""Line breaking for the kiosk's labels: whole words, Chinese rules (禁则), and a font that shrinks to fit.

Kivy breaks a line only at spaces and cuts anything longer letter by letter: an English word split in
two ("Appointme / nt"), a lone 。 or 元 at the start of a Chinese line. Here a line breaks only between
pieces that may be parted: English words whole, Chinese characters one by one, except that a closing
mark stays with what it closes, an opening mark with what it opens, and a unit with its number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# No line starts with these (closing marks, pauses, stops) ...
NO_LINE_START = "，、。；：）」』！？》〉】〕”’…—·%,.;:!?)]}"
# ... and none ends with these (opening marks, and a choice's ○/● mark, which belongs to its words).
NO_LINE_END = "（「『《〈【〔“‘([{○●"
_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2026\u2014\u00b7"
# A run of letters and digits with its Latin punctuation, or one other character, with the spaces after it.
_PIECE = re.compile(rf"[^\s{_CJK}]+\s*|[{_CJK}]\s*|\s+")
_NUMBER_END = re.compile(r"\d\s*$")


def pieces(text: str) -> list[str]:
    """``text`` (one paragraph) cut where a line may break; each piece keeps the spaces after it."""
    out: list[str] = []
    glue_next = False
    for piece in _PIECE.findall(text):
        first = piece[0]
        if out and (glue_next or first in NO_LINE_START or piece.isspace()
                    or (_is_cjk(first) and _NUMBER_END.search(out[-1]) and not out[-1].endswith(" "))):
            out[-1] += piece
        else:
            out.append(piece)
        glue_next = piece.rstrip()[-1:] in tuple(NO_LINE_END) if piece.strip() else glue_next
    return out


def _is_cjk(char: str) -> bool:
    return bool(re.match(rf"[{_CJK}]", char))


def wrap(text: str, fits: Callable[[str], bool]) -> list[str]:
    """``text`` in lines that each ``fits``, broken only between pieces; a piece too wide on its own
    gets a line to itself (the caller makes the font smaller). Line breaks in ``text`` are kept."""
    return [text[start:end] for start, end in line_spans(text, fits)]


def line_spans(text: str, fits: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Where each line of :func:`wrap` starts and ends in ``text`` (the spaces it drops at a break left out).

    Each line takes as many pieces as fit, as a greedy line breaker does; the count is found by
    galloping from the last line's count rather than by trying one more piece at a time, because
    ``fits`` measures text with the font (the kiosk's most frequent cost while laying out screens).
    A line with more pieces is never narrower, so the search finds the greedy count.
    """
    spans: list[tuple[int, int]] = []
    at = 0
    guess = len(text)  # most labels fit on one line: one measure says so
    for paragraph in text.split("\n"):
        parts = pieces(paragraph)
        offsets = [0]
        for part in parts:
            offsets.append(offsets[-1] + len(part))
        first = 0
        while True:
            count = _pieces_that_fit(paragraph, offsets, first, guess, fits)
            end = offsets[first + count]
            spans.append((at + offsets[first], at + offsets[first] + len(paragraph[offsets[first]:end].rstrip())))
            first += count
            guess = count
            if first >= len(parts):
                break
        at += len(paragraph) + 1
    return spans


def _pieces_that_fit(paragraph: str, offsets: list[int], first: int, guess: int,
                     fits: Callable[[str], bool]) -> int:
    """How many pieces from ``first`` on make the longest line that ``fits``; the first piece always
    goes (a piece too wide on its own gets a line to itself), none when the paragraph is empty."""
    left = len(offsets) - 1 - first
    if left <= 1:
        return left

    def fit(count: int) -> bool:
        return count == 1 or fits(paragraph[offsets[first]:offsets[first + count]].rstrip())

    count = min(max(guess, 1), left)
    step = 1
    if fit(count):
        good = count
        while True:  # up from the guess, in growing steps, to a count that does not fit
            if good == left:
                return good
            probe = min(good + step, left)
            if not fit(probe):
                bad = probe
                break
            good, step = probe, step * 2
    else:
        bad = count
        while True:  # down from the guess to a count that fits (one piece always does)
            probe = max(bad - step, 1)
            if fit(probe):
                good = probe
                break
            bad, step = probe, step * 2
    while bad - good > 1:  # good fits, bad does not
        middle = (good + bad) // 2
        if fit(middle):
            good = middle
        else:
            bad = middle
    return good


@dataclass(frozen=True)
class Fitted:
    """The font size chosen and the text in the lines it is drawn in."""

    font_size: float
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def fit(text: str, width: float, height: float | None, measure: Callable[[str, float], tuple[float, float]],
        font_size: float, floor: float) -> Fitted:
    """The largest font from ``font_size`` down to ``floor`` at which ``text`` fits ``width`` (and
    ``height``, if given, where one line a little smaller comes before two), wrapped between pieces.
    Below the floor only as far as needed for the widest word to fit on a line of its own: a word is
    never cut.

    ``measure(line, size)`` is a line's width and height at ``size``.
    """
    sizes = _sizes(font_size, floor)
    known: dict[tuple[str, float], tuple[float, float]] = {}
    unmemoised = measure

    def measure(line: str, size: float) -> tuple[float, float]:  # the same lines come back size after size
        key = (line, size)
        if key not in known:
            known[key] = unmemoised(line, size)
        return known[key]

    def laid_out(size: float) -> tuple[str, ...]:
        return tuple(wrap(text, lambda line: measure(line, size)[0] <= width))

    def fits(size: float, lines: tuple[str, ...]) -> bool:
        if any(measure(line, size)[0] > width for line in lines):
            return False
        return height is None or sum(measure(line or " ", size)[1] for line in lines) <= height

    if "\n" not in text and height is not None:
        for size in sizes:  # in a button, one line a little smaller reads better than two
            if size < font_size * ONE_LINE_SHRINK:
                break
            if measure(text, size)[0] <= width and (height is None or measure(text, size)[1] <= height):
                return Fitted(size, (text,))
    for size in sizes:
        lines = laid_out(size)
        if fits(size, lines):
            return Fitted(size, lines)
    size = floor
    while size > 1:  # the last resort: a word wider than the line at the floor
        size *= 0.9
        lines = laid_out(size)
        if all(measure(line, size)[0] <= width for line in lines):
            return Fitted(size, lines)
    return Fitted(floor, laid_out(floor))


# How far a font may shrink to keep a text on one line before it wraps instead.
ONE_LINE_SHRINK = 0.85


def _sizes(font_size: float, floor: float) -> list[float]:
    """From ``font_size`` down to ``floor`` in steps of about 5 %."""
    sizes, size = [], font_size
    while size > floor:
        sizes.append(size)
        size *= 0.95
    return [*sizes, floor]
