"""The print-out as a picture (Pillow): the kiosk's ticket screen and the print preview.

One printer dot is one pixel, and the font is sized like the printer's font A
(12 x 24 dots, Chinese 24 x 24), so the picture shows the paper's own lines.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont
from qrcode.constants import ERROR_CORRECT_M

from kiosk.foundation.fonts import FontFiles
from kiosk.foundation.qr_matrix import QUIET_ZONE, qr_luminance
from kiosk.printing.layout import Block, Line, Qr, Rule, answer_layout, ticket_layout
from kiosk.printing.model import AnswerPrintout, TicketPrintout
from kiosk.printing.text import DOTS, columns_for

FONT_PX = 24
LINE_PX = 30
MARGIN_PX = 12
RULE_PX = 16
GLYPH_PAD_PX = 4  # room for strokes that reach past a character's advance


def qr_side(data: str) -> int:
    """Modules across ``data``'s QR code, quiet zone included, without drawing it (a fraction of the cost)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(data)
    return code.best_fit() * 4 + 17 + 2 * QUIET_ZONE


def qr_module_px(modules: int, paper_dots: int) -> int:
    """Dots per QR module: the code about half the paper wide, up to 8 dots a module.

    Long codes (answers) get at least 3 dots a module where the paper allows,
    as phones struggle below that, and 2 dots at worst.
    """
    return max(2, min(3, paper_dots // modules), min(8, paper_dots // 2 // modules))


def qr_image(data: str, paper_dots: int) -> Image.Image:
    """The QR code of ``data`` (quiet zone included), black on white, sized for the paper."""
    side, luminance = qr_luminance(data)
    module = qr_module_px(side, paper_dots)
    small = Image.frombytes("L", (side, side), luminance)
    return small.resize((side * module, side * module), Image.Resampling.NEAREST)


def ticket_picture(ticket: TicketPrintout, paper_width_mm: int, fonts: FontFiles) -> Image.Image:
    return render_picture(ticket_layout(ticket, columns_for(paper_width_mm)), paper_width_mm, fonts)


def answer_picture(answer: AnswerPrintout, paper_width_mm: int, fonts: FontFiles) -> Image.Image:
    return render_picture(answer_layout(answer, columns_for(paper_width_mm)), paper_width_mm, fonts)


def render_picture(blocks: list[Block], paper_width_mm: int, fonts: FontFiles) -> Image.Image:
    """Draw ``blocks`` on a white strip of paper, one pixel per printer dot (greyscale)."""
    dots = DOTS[paper_width_mm]
    qr_codes = {id(block): qr_image(block.data, dots) for block in blocks if isinstance(block, Qr)}
    height = 2 * MARGIN_PX + sum(_height(block, qr_codes) for block in blocks)
    picture = Image.new("L", (dots + 2 * MARGIN_PX, height), 255)
    draw = ImageDraw.Draw(picture)
    y = MARGIN_PX
    for block in blocks:
        if isinstance(block, Line):
            path, size = fonts.bold if block.bold else fonts.regular, FONT_PX * block.size
            x = float(MARGIN_PX)
            if block.align == "center":
                x += max(0.0, (dots - sum(_glyph(path, size, ch)[1] for ch in block.text)) / 2)
            for ch in block.text:
                glyph, advance = _glyph(path, size, ch)
                if glyph is not None:
                    picture.paste(0, (round(x) - GLYPH_PAD_PX, y), mask=glyph)
                x += advance
        elif isinstance(block, Rule):
            middle = y + RULE_PX // 2
            for start in range(MARGIN_PX, MARGIN_PX + dots, 12):
                draw.line((start, middle, start + 6, middle), fill=0, width=2)
        else:
            code = qr_codes[id(block)]
            picture.paste(code, (MARGIN_PX + (dots - code.width) // 2, y))
        y += _height(block, qr_codes)
    return picture


def _height(block: Block, qr_codes: dict[int, Image.Image]) -> int:
    if isinstance(block, Line):
        return LINE_PX * block.size
    if isinstance(block, Rule):
        return RULE_PX
    return qr_codes[id(block)].height


@lru_cache(maxsize=8192)
def _glyph(path: Path, size: int, ch: str) -> tuple[Image.Image | None, float]:
    """One character drawn once (a mask, None for blank ones) and how far it moves the pen.

    A ticket repeats the same few hundred characters; drawing each from the
    cache is several times faster than laying out every line with FreeType.
    """
    font = _font(path, size)
    advance = font.getlength(ch)
    if ch.isspace():
        return None, advance
    _, _, right, bottom = font.getbbox(ch)  # from the pen position, descenders included
    glyph = Image.new("L", (max(int(advance), right) + 2 * GLYPH_PAD_PX, bottom + 1), 0)
    ImageDraw.Draw(glyph).text((GLYPH_PAD_PX, 0), ch, font=font, fill=255)
    return glyph, advance


@lru_cache(maxsize=16)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    # Chinese needs no complex shaping; the basic layout draws twice as fast as raqm.
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)
