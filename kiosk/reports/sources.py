"""The font a report's charts are drawn in (the stores it reads are opened by :func:`kiosk.wiring.open_sources`)."""

from __future__ import annotations

from pathlib import Path

from kiosk.foundation.fonts import find_font
from kiosk.foundation.runtime import Runtime


def report_font(runtime: Runtime) -> Path:
    """The Simplified Chinese font the kiosk itself uses (FontNotFound when the machine has none)."""
    return find_font(runtime.settings.display.font, runtime.data_dir / "fonts").regular
