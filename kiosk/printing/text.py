"""Wrapping text to the columns of a thermal printer.

In Chinese mode a printer prints every single-byte (ASCII) character half
width and every multi-byte GB18030 character full width, so a character is one
column if it is ASCII and two otherwise. The picture uses the same wrapping so
screen and paper break lines alike.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that must not begin a line (Chinese typesetting rules, 避头点).
NO_LINE_START = set("，。、；：？！）》」』】〉”’…%,.;:?!)]}")
# Characters that must not end a line.
NO_LINE_END = set("（《「『【〈“‘([{")

_TOKENS = re.compile(r"[\x21-\x7e]+| +|[^\x00-\x7f]|[\x00-\x20\x7f]")

# Columns of font A (12 x 24 dots) on each paper width: 384 and 576 printable dots.
COLUMNS = {58: 32, 80: 48}
DOTS = {58: 384, 80: 576}


def columns_for(paper_width_mm: int) -> int:
    """Half-width columns per line on this paper."""
    try:
        return COLUMNS[paper_width_mm]
    except KeyError:
        raise ValueError(f"paper width must be 58 or 80 mm, got {paper_width_mm}") from None


def char_width(ch: str) -> int:
    return 1 if ord(ch) < 0x80 else 2


def text_width(text: str) -> int:
    """Printed width in half-width columns."""
    return sum(char_width(ch) for ch in text)


def wrap(text: str, columns: int, indent: int = 0) -> list[str]:
    """Lines of at most ``columns`` columns; continuation lines are indented by ``indent`` spaces.

    ASCII words stay whole unless longer than a line; Chinese breaks between any
    two characters except before closing and after opening punctuation.
    """
    if columns < 4:
        raise ValueError(f"expected at least 4 columns, got {columns}")
    indent = min(indent, columns // 2)
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        lines.extend(_wrap_paragraph(paragraph, columns, indent))
    return lines


def _wrap_paragraph(paragraph: str, columns: int, indent: int) -> list[str]:
    lines: list[str] = []
    current: list[str] = []
    used = 0

    def finish() -> None:
        nonlocal current, used
        lines.append("".join(current).rstrip())
        current = [" " * indent]
        used = indent

    for token in _TOKENS.findall(paragraph.expandtabs(4)):
        if len(token) == 1 and unicodedata.category(token) == "Cc":
            continue  # control characters would be commands to the printer
        width = text_width(token)
        if token.startswith(" ") and (used + width > columns or (lines and used == indent)):
            if used + width > columns:
                finish()
            continue  # spaces at a break are dropped
        while width > columns - indent and token.strip():
            # A word longer than a line: cut it where the line ends.
            room = columns - used
            if room <= 0:
                finish()
                room = columns - used
            lines_part, token = token[:room], token[room:]
            current.append(lines_part)
            used += len(lines_part)
            finish()
            width = len(token)
        if used + width > columns:
            carried: list[str] = []
            if token in NO_LINE_START and len(current) > 1:
                carried.append(current.pop())  # keep the punctuation with its character
            while len(current) > 1 and current[-1] in NO_LINE_END:
                carried.insert(0, current.pop())
            finish()
            current.extend(carried)
            used += sum(text_width(part) for part in carried)
        current.append(token)
        used += width
    if current or not lines:
        lines.append("".join(current).rstrip())
    return lines
