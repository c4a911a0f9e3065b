"""Reading a screen's main text aloud (朗读): whether the kiosk can, and the reading itself."""

from __future__ import annotations

from kiosk.display.reader import Reader
from kiosk.visitor import VOICE, runs_on


@runs_on(VOICE)
def can_read_aloud(reader: Reader) -> bool:
    """Whether espeak-ng and its voices are there: without them the 朗读 button is not shown."""
    return reader.available()


@runs_on(VOICE)
def read_aloud(reader: Reader, text: str, language: str, number: int) -> bool:
    """Read ``text`` in ``language``; True when read to the end, False when stopped first."""
    return reader.read(text, language, number)
