"""A filled template laid out on A4 pages, then drawn to PDF (for paper) or PNG (for the screen).

The layout is plain data in millimetres (text runs and ruled lines), so the same pages go to the
printer and to the preview, and tests can measure them. Drawing uses matplotlib's Agg and PDF
backends with explicit font files: no pyplot and no global rcParams, so a worker thread can draw
while the UI runs. Text is Type 3 in the PDF, which keeps the Chinese extractable (ToUnicode).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.documents.answers import fill
from kiosk.documents.model import Answers, Block

if TYPE_CHECKING:  # matplotlib loads when a page is first drawn: the legal screens import this module at start
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0  # A4, mm
LEFT, RIGHT, TOP, BOTTOM = 25.0, 20.0, 22.0, 24.0
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
PT = 25.4 / 72  # one point in mm
BODY, TITLE, HEADING, NOTE = 12.0, 20.0, 13.5, 9.5  # font sizes, pt
LINE = BODY * PT * 1.75  # body line pitch
WRITING_PITCH = 11.0  # a hand-written line needs more room than print
ELEMENT_LABEL = 42.0  # width of the left cell of an element row
MIN_BLANK = 35.0  # shortest line to write on: fields sharing a row get rows of their own below it
SIGNATURE_BLANK = 45.0  # a signature needs more room than the middle of the page may leave
ADDRESSEE_BLANK = 60.0  # the place name before 人民法院 or 仲裁委员会
# Closing punctuation that may not begin a line: it stays at the end of the previous one.
NO_LINE_START = "，。、；：？！）》」』”’%"
# Runs kept on one line: numbers with their separators, Latin words; any other character alone.
UNBREAKABLE = re.compile(r"[¥0-9A-Za-z.,%_-]+|.", re.DOTALL)


@dataclass(frozen=True)
class Run:
    """Text on a page: baseline at (x, y) from the top-left corner, in mm."""

    x: float
    y: float
    text: str
    size: float = BODY
    bold: bool = False
    align: str = "left"
    grey: bool = False


@dataclass(frozen=True)
class Rule:
    """A straight line: a blank to write on, or a table border."""

    x1: float
    y1: float
    x2: float
    y2: float
    blank: bool = False  # a line the visitor writes on by hand


Page = tuple[Run | Rule, ...]


def text_width(text: str, size: float) -> float:
    """Width in mm at ``size`` pt: a CJK character is one em, Latin and digits a little over half."""
    em = size * PT
    return sum(em if unicodedata.east_asian_width(c) in "WFA" else em * (0.3 if c == " " else 0.58)
               for c in text)


def wrap(text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    """Lines of at most ``width`` mm, the first ``indent`` mm narrower. A number or Latin word is not
    split (``2026年`` stays whole), and closing punctuation never starts a line."""
    lines, line, used, room = [], "", 0.0, width - indent
    for piece in UNBREAKABLE.findall(text):
        step = text_width(piece, size)
        if line and used + step > room and piece[0] not in NO_LINE_START:
            lines.append(line)
            line, used, room = "", 0.0, width
        line += piece
        used += step
    return [*lines, line] if line else lines or [""]


class _Pages:
    """The page being filled and those done; ``need`` starts a new page when the next piece won't fit."""

    def __init__(self) -> None:
        self.done: list[list[Run | Rule]] = []
        self.items: list[Run | Rule] = []
        self.y = TOP

    def need(self, height: float) -> None:
        if self.y + height > PAGE_HEIGHT - BOTTOM and self.items:
            self.done.append(self.items)
            self.items, self.y = [], TOP

    def add(self, item: Run | Rule) -> None:
        self.items.append(item)

    def finish(self) -> list[list[Run | Rule]]:
        return [*self.done, self.items] if self.items else self.done


def lay_out(answers: Answers) -> tuple[Page, ...]:
    """The filled template as A4 pages, each closed by its page number."""
    pages = _Pages()
    blocks = [b for b in answers.template.blocks if answers.holds(b.when)]
    for index, block in enumerate(blocks):
        previous = blocks[index - 1].kind if index else ""
        _block(pages, block, answers, previous)
    finished = pages.finish()
    total = len(finished)
    return tuple(
        (*items, Run(PAGE_WIDTH / 2, PAGE_HEIGHT - 12, f"第 {n} 页 共 {total} 页", NOTE, align="center", grey=True))
        for n, items in enumerate(finished, start=1)
    )


def _block(pages: _Pages, block: Block, answers: Answers, previous: str) -> None:
    text = fill(block.text, answers)
    if block.kind == "title":
        pages.need(TITLE * PT * 3)
        pages.y += TITLE * PT
        pages.add(Run(PAGE_WIDTH / 2, pages.y, text, TITLE, bold=True, align="center"))
        pages.y += TITLE * PT * 1.4
    elif block.kind == "subtitle":
        pages.add(Run(PAGE_WIDTH / 2, pages.y, text, BODY, align="center"))
        pages.y += LINE
    elif block.kind == "heading":
        pages.need(HEADING * PT * 2 + LINE * 2)
        pages.y += HEADING * PT * 2.3
        pages.add(Run(LEFT, pages.y, text, HEADING, bold=True))
        pages.y += HEADING * PT * 0.5
    elif block.kind in ("para", "note"):
        size = NOTE if block.kind == "note" else BODY
        _paragraph(pages, text, size, indent=2 * size * PT if block.kind == "para" else 0.0,
                   grey=block.kind == "note")
    elif block.kind == "list":
        question = answers.template.question(block.source)
        chosen = answers.get(block.source) or ()
        for n, key in enumerate(chosen, start=1):  # type: ignore[union-attr]
            option = question.option(key)  # type: ignore[union-attr]
            _paragraph(pages, fill(option.text, answers), BODY, hanging=f"{n}. ")  # type: ignore[union-attr]
    elif block.kind == "fields":
        _fields(pages, block.items)
    elif block.kind == "lines":
        if text:
            _paragraph(pages, text, BODY)
        for _ in range(block.count):
            pages.need(WRITING_PITCH)
            pages.y += WRITING_PITCH
            pages.add(Rule(LEFT, pages.y, PAGE_WIDTH - RIGHT, pages.y, blank=True))
        pages.y += 2
    elif block.kind == "element":
        _element(pages, block.items[0], text, top_border=previous != "element")


def _paragraph(pages: _Pages, text: str, size: float, indent: float = 0.0, hanging: str = "",
               grey: bool = False) -> None:
    pitch = size * PT * 1.75
    hang = text_width(hanging, size)
    for n, line in enumerate(wrap(text, TEXT_WIDTH - hang, size, indent)):
        pages.need(pitch)
        pages.y += pitch
        if hanging and n == 0:
            pages.add(Run(LEFT, pages.y, hanging, size))
        pages.add(Run(LEFT + hang + (indent if n == 0 else 0.0), pages.y, line, size, grey=grey))
    pages.y += pitch * 0.25


def _fields(pages: _Pages, items: tuple[str, ...]) -> None:
    """Label then a ruled line to write on. ``a|b`` puts two fields on one line; a leading ``>`` puts a
    field on the right half (signature and date); a leading ``_`` puts the line before the words, for
    the body addressed (``＿＿＿＿ 人民法院``)."""
    for item in items:
        right_half = item.startswith(">")
        parts = item.lstrip(">").split("|")
        labels = [f"{label}：" for label in parts]
        start = LEFT
        if right_half:  # from the middle, or further left where a long label would leave too short a line
            start = min(LEFT + TEXT_WIDTH / 2, PAGE_WIDTH - RIGHT - text_width(labels[0], BODY) - 1 - SIGNATURE_BLANK)
        gaps = 4 * (len(parts) - 1)
        # the room left after the labels is shared equally, so a long label does not starve its line
        line_length = (PAGE_WIDTH - RIGHT - start - gaps - sum(text_width(t, BODY) + 1 for t in labels)) / len(parts)
        if len(parts) > 1 and line_length < MIN_BLANK:
            _fields(pages, tuple((">" if right_half else "") + part for part in parts))
            continue
        pages.need(WRITING_PITCH)
        pages.y += WRITING_PITCH
        if parts[0].startswith("_"):  # the blank comes first: "＿＿＿＿ 人民法院"
            pages.add(Rule(start, pages.y + 1.2, start + ADDRESSEE_BLANK, pages.y + 1.2, blank=True))
            pages.add(Run(start + ADDRESSEE_BLANK + 1, pages.y, parts[0][1:], BODY))
            continue
        x = start
        for label_text in labels:
            pages.add(Run(x, pages.y, label_text, BODY))
            line_start = x + text_width(label_text, BODY) + 1
            pages.add(Rule(line_start, pages.y + 1.2, line_start + line_length, pages.y + 1.2, blank=True))
            x = line_start + line_length + 4


def _element(pages: _Pages, label: str, text: str, top_border: bool) -> None:
    """One row of an element-style table: the element on the left, the answer on the right."""
    x_mid = LEFT + ELEMENT_LABEL
    right = PAGE_WIDTH - RIGHT
    label_lines = wrap(label, ELEMENT_LABEL - 4, BODY)
    value_lines = wrap(text, right - x_mid - 4, BODY)
    height = max(len(label_lines), len(value_lines)) * LINE + LINE * 0.6
    before = pages.done[:]
    pages.need(height)
    top = pages.y
    if top_border or len(pages.done) != len(before):
        pages.add(Rule(LEFT, top, right, top))
    for n, line in enumerate(label_lines):
        pages.add(Run(LEFT + 2, top + LINE * (n + 1), line, BODY, bold=True))
    for n, line in enumerate(value_lines):
        pages.add(Run(x_mid + 2, top + LINE * (n + 1), line, BODY))
    bottom = top + height
    for x in (LEFT, x_mid, right):
        pages.add(Rule(x, top, x, bottom))
    pages.add(Rule(LEFT, bottom, right, bottom))
    pages.y = bottom


@cache
def _font(path: Path, size: float) -> FontProperties:
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=str(path), size=size)


def _figure(page: Page, regular: Path, bold: Path) -> Figure:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    figure = Figure(figsize=(PAGE_WIDTH / 25.4, PAGE_HEIGHT / 25.4))
    for item in page:
        if isinstance(item, Run):
            figure.text(item.x / PAGE_WIDTH, 1 - item.y / PAGE_HEIGHT, item.text,
                        fontproperties=_font(bold if item.bold else regular, item.size),
                        ha=item.align, va="baseline", color="#555555" if item.grey else "black")
        else:
            figure.add_artist(Line2D([item.x1 / PAGE_WIDTH, item.x2 / PAGE_WIDTH],
                                     [1 - item.y1 / PAGE_HEIGHT, 1 - item.y2 / PAGE_HEIGHT],
                                     transform=figure.transFigure, color="black",
                                     linewidth=0.6 if item.blank else 0.8))
    return figure


def pdf_bytes(pages: tuple[Page, ...], regular: Path, bold: Path) -> bytes:
    """The pages as one A4 PDF, in memory: nothing is written to disk."""
    from matplotlib.backends.backend_pdf import PdfPages

    out = io.BytesIO()
    with PdfPages(out, metadata={"Title": "Document", "Creator": "legal service kiosk"}) as pdf:
        for page in pages:
            pdf.savefig(_figure(page, regular, bold))
    return out.getvalue()


def png_pages(pages: tuple[Page, ...], regular: Path, bold: Path, dpi: int = 60) -> tuple[bytes, ...]:
    """Each page as a PNG for the on-screen preview (60 dpi: an A4 page about 500 × 700 px)."""
    images = []
    for page in pages:
        out = io.BytesIO()
        _figure(page, regular, bold).savefig(out, format="png", dpi=dpi, facecolor="white")
        images.append(out.getvalue())
    return tuple(images)
