"""What the display board says when a counter calls a number, and in which order.

Kivy-free. A call becomes one :class:`Announcement` with a line per spoken
language: the text people read (请 A023 号到 3 号窗口办理) and the text the voice
reads. A ticket number is spoken digit by digit (A 0 2 3: "A 零 二 三"), because
espeak-ng's Mandarin voice reads "A023" as "A 零 二十三", which is not the number
on the ticket in anyone's hand. A counter number is a number ("12" is 十二 号窗口),
as people say it. In English a letter is followed by a hyphen (A-0 2 3), or the
English voice reads "A" as the article.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

ZH, EN = "zh_CN", "en"
_ASCII_RUN = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class Call:
    """A ticket called to a counter, as the board sees it in the store; ``recalls`` counts 重呼."""

    ticket_id: int
    label: str
    service: str
    counter: str
    called_at: datetime
    recalls: int = 0

    @property
    def key(self) -> tuple[int, datetime, int]:
        """Changes on every call and recall of the ticket: what the board announces once."""
        return self.ticket_id, self.called_at, self.recalls

    @property
    def is_recall(self) -> bool:
        return self.recalls > 0


@dataclass(frozen=True)
class Line:
    """One language's sentence: ``text`` to show and log, ``spoken`` for the voice."""

    language: str
    text: str
    spoken: str


@dataclass(frozen=True)
class Announcement:
    """What is said for one call or recall, in each spoken language, in order."""

    ticket_id: int
    label: str
    counter: str
    is_recall: bool
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


def spell(label: str, language: str = ZH) -> str:
    """Each letter and digit on its own: ``A023`` -> ``A 0 2 3`` (zh_CN), ``A-0 2 3`` (en)."""
    characters = label.replace(" ", "")
    if language != EN:
        return " ".join(characters)
    return "".join(c + ("-" if c.isalpha() else " ") for c in characters).rstrip(" -")


def counter_words(counter: str, language: str = ZH) -> str:
    """A counter id as people say it: a plain number stays a number (``03`` -> ``3``), anything else is spelled."""
    counter = counter.strip()
    if counter.isascii() and counter.isdigit():
        return str(int(counter))
    return _ASCII_RUN.sub(lambda match: spell(match.group(), language), counter)


def call_line(call: Call, language: str) -> Line:
    """The sentence of ``call`` in ``language`` (zh_CN or en)."""
    counter = call.counter.strip()
    if language == ZH:
        again = "再次呼叫，" if call.is_recall else ""
        return Line(ZH, f"{again}请 {call.label} 号到 {counter} 号窗口办理",
                    f"{again}请 {spell(call.label)} 号到 {counter_words(counter)} 号窗口办理")
    if language == EN:
        again = "Calling again: number" if call.is_recall else "Number"
        return Line(EN, f"{again} {call.label}, please go to counter {counter}.",
                    f"{again} {spell(call.label, EN)}, please go to counter {counter_words(counter, EN)}.")
    raise ValueError(f"unknown language {language!r}; expected {ZH} or {EN}")


def announce(call: Call, languages: tuple[str, ...] = (ZH,)) -> Announcement:
    """The announcement of ``call`` in ``languages``, in that order."""
    return Announcement(call.ticket_id, call.label, call.counter, call.is_recall,
                        tuple(call_line(call, language) for language in languages))


def in_announcing_order(calls: list[Call]) -> list[Call]:
    """Calls noticed together, oldest call first (then by counter), so people hear them as they happened."""
    return sorted(calls, key=lambda call: (call.called_at, call.counter, call.ticket_id))


class AnnouncementQueue:
    """Announcements waiting for the voice, oldest first; shared by the board and the speech thread.

    Nothing is dropped. A ticket already waiting to be announced is not queued twice:
    a recall (or a transfer's new call) replaces it where it stands, so the newest
    words are said once, in the first one's turn.
    """

    def __init__(self) -> None:
        self._waiting: OrderedDict[int, Announcement] = OrderedDict()
        self._changed = threading.Condition()
        self._closed = False

    def put(self, announcement: Announcement) -> bool:
        """Queue ``announcement``; False when it took the place of one for the same ticket."""
        with self._changed:
            fresh = announcement.ticket_id not in self._waiting
            self._waiting[announcement.ticket_id] = announcement
            self._changed.notify()
            return fresh

    def take(self, timeout: float | None = None) -> Announcement | None:
        """The oldest announcement, waiting up to ``timeout`` seconds; None on timeout or when closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._waiting or self._closed, timeout)
            if self._closed or not self._waiting:
                return None
            return self._waiting.popitem(last=False)[1]

    def waiting(self) -> list[Announcement]:
        with self._changed:
            return list(self._waiting.values())

    def close(self) -> None:
        """Wake the speech thread so that it can stop."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
