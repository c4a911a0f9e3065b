"""The print-out as ESC/POS bytes, built on python-escpos's Dummy printer.

python-escpos encodes text through single-byte code pages only, which turns
Chinese into question marks. Chinese thermal printers expect Chinese mode
(``FS &``) and GB18030 double-byte text, so text lines are sent raw; styles,
the native QR command (``GS ( k``) and the cut go through python-escpos.
"""

from __future__ import annotations

from escpos.constants import QR_ECLEVEL_M
from escpos.escpos import Escpos
from escpos.printer import Dummy
from PIL import Image, ImageOps

from kiosk.printing._escpos import send_raw
from kiosk.printing.layout import Block, Line, Rule, answer_layout, booking_layout, ticket_layout
from kiosk.printing.model import AnswerPrintout, BookingPrintout, TicketPrintout
from kiosk.printing.picture import qr_image, qr_module_px, qr_side
from kiosk.printing.text import DOTS, columns_for

ENCODING = "gb18030"
INIT = b"\x1b\x40"  # ESC @: forget styles left over from an earlier job
CHINESE_ON = b"\x1c\x26"  # FS &
CHINESE_OFF = b"\x1c\x2e"  # FS .
RASTER_IMAGE = b"\x1d\x76\x30\x00"  # GS v 0, normal density


def ticket_bytes(ticket: TicketPrintout, paper_width_mm: int = 80, native_qr: bool = True) -> bytes:
    """Everything the printer needs for one ticket, ending with the cut."""
    return blocks_bytes(ticket_layout(ticket, columns_for(paper_width_mm)), paper_width_mm, native_qr)


def answer_bytes(answer: AnswerPrintout, paper_width_mm: int = 80, native_qr: bool = True) -> bytes:
    return blocks_bytes(answer_layout(answer, columns_for(paper_width_mm)), paper_width_mm, native_qr)


def booking_bytes(booking: BookingPrintout, paper_width_mm: int = 80, native_qr: bool = True) -> bytes:
    return blocks_bytes(booking_layout(booking, columns_for(paper_width_mm)), paper_width_mm, native_qr)


def blocks_bytes(blocks: list[Block], paper_width_mm: int, native_qr: bool) -> bytes:
    printer = Dummy()
    write_blocks(printer, blocks, paper_width_mm, native_qr)
    return printer.output


def write_blocks(printer: Escpos, blocks: list[Block], paper_width_mm: int, native_qr: bool) -> None:
    """Send ``blocks`` to ``printer``, in Chinese mode, then feed and cut."""
    columns = columns_for(paper_width_mm)
    send_raw(printer, INIT + CHINESE_ON)
    for block in blocks:
        if isinstance(block, Line):
            printer.set(align=block.align, bold=block.bold, custom_size=True, width=block.size, height=block.size)
            send_raw(printer, block.text.encode(ENCODING, errors="replace") + b"\n")
        elif isinstance(block, Rule):
            printer.set(align="left", bold=False, custom_size=True, width=1, height=1)
            send_raw(printer, b"-" * columns + b"\n")
        else:
            printer.set(align="center", bold=False, custom_size=True, width=1, height=1)
            _write_qr(printer, block.data, DOTS[paper_width_mm], native_qr)
    printer.set(align="left", bold=False, custom_size=True, width=1, height=1)
    send_raw(printer, CHINESE_OFF)
    printer.cut()


def _write_qr(printer: Escpos, data: str, dots: int, native_qr: bool) -> None:
    if native_qr:
        module = qr_module_px(qr_side(data), dots)
        printer.qr(data, ec=QR_ECLEVEL_M, size=module, native=True)
        send_raw(printer, b"\n")
        return
    # Printers without GS ( k get the same code as a raster picture (GS v 0), where 1 bits are black.
    inverted = ImageOps.invert(qr_image(data, dots)).convert("1", dither=Image.Dither.NONE)
    width_bytes = (inverted.width + 7) // 8
    header = RASTER_IMAGE + width_bytes.to_bytes(2, "little") + inverted.height.to_bytes(2, "little")
    send_raw(printer, header + inverted.tobytes() + b"\n")
