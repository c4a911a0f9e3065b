"""The 朗读 (Read aloud) button and what it shares: one reading at a time, stopped on every way out.

A screen adds the button with one line in its kv (``ReadAloudButton:`` with ``read:`` its main text).
The reading runs on the voice worker; a second tap, leaving the screen, the idle reset and the app's
stop end it at once. Where the kiosk cannot read (not offered, no espeak-ng or no voice) the button
is not shown; where nothing can be heard (no sound device) it says so. Screens never wait on sound.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from kivy.app import App
from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty

from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.widgets import BigButton
from kiosk.visitor.voice import can_read_aloud, read_aloud

if TYPE_CHECKING:
    from kiosk.display.reader import Reader

load_kv_beside(__file__)
log = logging.getLogger(__name__)


def plain(markup: str) -> str:
    """Label markup as the words it shows: what a screen whose text has markup hands the reader."""
    words = re.sub(r"\[/?[a-z]+(?:=[^\]]*)?\]", "", markup)
    return words.replace("&bl;", "[").replace("&br;", "]").replace("&amp;", "&")


class ReadingAloud(EventDispatcher):
    """The app's one reader: who is being read now, and whether the kiosk can read at all."""

    offered = BooleanProperty(False)  # [read_aloud] offered (staff may change it), and espeak-ng with its voices found
    owner = ObjectProperty(None, allownone=True)  # the button whose text is being read
    unheard = BooleanProperty(False)  # the last reading could not be played (no sound device)

    def __init__(self, app: Any, **kwargs: Any):
        super().__init__(**kwargs)
        self.app = app
        self.reader: Reader | None = None
        self._available = False  # espeak-ng and its voices were found
        self._number = 0  # each reading's number: stop(n) also stops one still waiting for the worker

    def open(self) -> None:
        """Make the reader and look for espeak-ng on the voice worker; the button shows once it is found."""
        from kiosk.display.reader import open_reader  # numpy and the board's voice: off the first frame

        self.reader = open_reader(self.app.settings)
        self.app.act(can_read_aloud, done=self._checked)

    def _checked(self, available: bool) -> None:
        self._available = available
        if not available:
            log.warning("read aloud is not shown: espeak-ng or its voices are not installed")
        self.follow_settings()

    def follow_settings(self) -> None:
        """Whether the button is offered and how loud it reads, as config.ini and staff say now."""
        settings = self.app.settings.read_aloud
        self.offered = self._available and settings.offered
        if self.reader is not None:
            self.reader.volume = settings.volume

    def toggle(self, owner: Any, text: str) -> None:
        """Start reading ``text`` for ``owner``, or stop if ``owner`` is being read."""
        if self.owner is owner:
            self.stop()
            return
        self.stop()
        if self.reader is None or not text.strip():
            return
        self._number += 1
        number = self._number
        self.owner, self.unheard = owner, False
        self.app.act(read_aloud, text, self.app.language, number, done=lambda _read: self._ended(number),
                     failed=lambda _error: self._ended(number, heard=False))

    def _ended(self, number: int, heard: bool = True) -> None:
        if number == self._number:
            self.owner = None
            self.unheard = not heard

    def stop(self) -> None:
        """Silence the kiosk now (a tap, a screen left, the idle reset, the app's stop)."""
        if self.reader is not None:
            self.reader.stop(self._number)
        self.owner = None

    def leave(self) -> None:
        """Another screen is shown: stop, forget that the last reading was not heard, and take up
        what staff changed since (a setting never changes under a visitor's finger)."""
        self.stop()
        self.unheard = False
        self.follow_settings()


class ReadAloudButton(BigButton):
    """朗读: reads ``read`` aloud in the visitor's language; tapped again, it stops."""

    read = StringProperty("")
    offered = BooleanProperty(False)
    speaking = BooleanProperty(False)
    unheard = BooleanProperty(False)

    def on_kv_post(self, _base_widget: Any) -> None:
        voice = App.get_running_app().voice
        voice.bind(offered=self._follow, owner=self._follow, unheard=self._follow)
        self._follow(voice)

    def _follow(self, voice: ReadingAloud, *_args: Any) -> None:
        self.offered = voice.offered
        self.speaking = voice.owner is self
        self.unheard = voice.unheard and not self.speaking

    def on_release(self) -> None:
        App.get_running_app().voice.toggle(self, self.read)
