"""QR codes as a grid of modules, for screens and print-outs alike."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules of white border the QR standard asks for


def qr_modules(data: str) -> list[list[bool]]:
    """The dark (True) and light modules of ``data``'s QR code, quiet zone included."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def qr_version(data: str) -> int | None:
    """The smallest QR version (1-40) that holds ``data`` at the kiosk's error correction; None beyond 40."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M)
    code.add_data(data)
    try:
        return code.best_fit()
    except ValueError:  # qrcode's DataOverflowError: more than version 40 holds
        return None


def qr_side(version: int) -> int:
    """A code's side in modules, quiet zone included."""
    return 17 + 4 * version + 2 * QUIET_ZONE


def qr_luminance(data: str) -> tuple[int, bytes]:
    """Side length in modules, and one byte per module (0 dark, 255 light), top row first."""
    modules = qr_modules(data)
    return len(modules), bytes(0 if dark else 255 for row in modules for dark in row)
