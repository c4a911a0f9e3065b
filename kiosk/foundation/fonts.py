"""Finding a Simplified Chinese font on a fresh machine.

Kivy (and Pillow without an index) open face 0 of a font collection, and face 0
of Debian's NotoSansCJK-*.ttc is the Japanese face: 直, 令, 骨 and 递 would come
out in Japanese shapes. So the SC face is taken out of the collection once, into
a single-face file in the data directory's font cache. The one font must cover
Latin and digits too: Kivy has no per-glyph fallback.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

log = logging.getLogger(__name__)

# Characters a visitor sees that differ between Chinese and Japanese faces or are
# missing from Latin fonts, plus the Latin and digits of ticket numbers.
SAMPLE_TEXT = "法律援助直令骨递号票窗口等候位ABCXYZabcxyz0123456789"

FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local" / "share" / "fonts",
    Path.home() / ".fonts",
)
# (collection file name, family of the Simplified Chinese face inside it)
COLLECTIONS = {
    "regular": ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    "bold": ("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC"),
}
# Single-face (or SC-first) files that can be used as they are.
SINGLE_FACES = (
    "NotoSansCJKsc-Regular.otf",
    "NotoSansSC-Regular.otf",
    "SourceHanSansSC-Regular.otf",
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
)


class FontNotFound(Exception):
    """No font on this machine can show Simplified Chinese."""


@dataclass(frozen=True)
class FontFiles:
    regular: Path
    bold: Path

    @property
    def family(self) -> str:
        return family_name(self.regular)


def family_name(path: Path) -> str:
    """The family name of face 0, the face Kivy and Pillow open."""
    with _open_face(path, 0) as font:
        return font["name"].getDebugName(1) or path.stem


def covers(path: Path, text: str = SAMPLE_TEXT) -> bool:
    """Whether face 0 of ``path`` has a glyph for every character of ``text``."""
    from fontTools.ttLib import TTLibError

    try:
        with _open_face(path, 0) as font:
            cmap = font.getBestCmap() or {}
    except (OSError, TTLibError):
        return False
    return all(ord(ch) in cmap for ch in text)


def find_font(configured: Path | None, cache_dir: Path) -> FontFiles:
    """The font to register as the default, extracting the SC face if needed.

    ``configured`` comes from ``[display] font``; ``cache_dir`` is where extracted
    faces are kept (``<data dir>/fonts``).
    """
    if configured:
        if not configured.is_file():
            raise FontNotFound(f"[display] font: {configured} does not exist")
        if not covers(configured):
            raise FontNotFound(f"[display] font: {configured} lacks Chinese, Latin or digit glyphs")
        return FontFiles(configured, configured)

    regular = _extracted_face("regular", cache_dir)
    if regular:
        bold = _extracted_face("bold", cache_dir) or regular
        return FontFiles(regular, bold)
    for name in SINGLE_FACES:
        for path in _installed(name):
            if covers(path):
                return FontFiles(path, path)
    raise FontNotFound(
        "no Simplified Chinese font found; install fonts-noto-cjk (the README set-up does) "
        "or set [display] font in config.ini"
    )


def _extracted_face(weight: str, cache_dir: Path) -> Path | None:
    collection_name, family = COLLECTIONS[weight]
    target = cache_dir / collection_name.replace(".ttc", "-SC.otf")
    if target.is_file():
        # Written whole by _save_atomically: trusting it keeps start-up fast.
        return target
    # fontTools is imported only here, off the usual start-up path.
    from fontTools.ttLib import TTCollection, TTLibError

    for collection in _installed(collection_name):
        try:
            faces = TTCollection(str(collection), lazy=True)
        except (OSError, TTLibError):
            log.warning("font collection %s cannot be read", collection)
            continue
        for face in faces.fonts:
            if face["name"].getDebugName(1) == family:
                _save_atomically(face, target)
                log.info("extracted %s from %s into %s", family, collection, target)
                return target
    return None


def _save_atomically(face: TTFont, target: Path) -> None:
    """Write the face so that a second process never reads a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(handle)
    try:
        face.save(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _installed(file_name: str) -> list[Path]:
    found = []
    for folder in FONT_DIRS:
        if folder.is_dir():
            found.extend(sorted(folder.rglob(file_name)))
    return found


def _open_face(path: Path, index: int) -> TTFont:
    from fontTools.ttLib import TTFont

    return TTFont(str(path), fontNumber=index, lazy=True)
