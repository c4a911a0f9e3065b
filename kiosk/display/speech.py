"""The board's voice: a chime, then each call spoken by espeak-ng, on its own thread.

espeak-ng renders each line to WAV (``--stdout``), the chime (made here with
numpy) goes in front, and one WAV player plays the whole announcement, so the
chime and the words never overlap and nothing is cut. The player is the first
of ``aplay`` (ALSA, on any Linux with a sound card, no sound server needed),
``paplay`` (PulseAudio) or ``pw-play`` (PipeWire) found, or a command from
config.ini. With none of them installed espeak-ng plays the words itself and
the chime is left out. With no audio device the board goes on and the log says
so once (again only after sound has worked in between).
"""

from __future__ import annotations

import io
import logging
import shlex
import shutil
import subprocess
import threading
import wave
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import numpy as np

from kiosk.display.announcements import EN, ZH, Announcement, AnnouncementQueue

log = logging.getLogger(__name__)

ESPEAK = "espeak-ng"
RATE = 22050  # espeak-ng's output rate: the chime is made at the same rate so the two join without resampling
PLAYERS = (("aplay", "-q"), ("paplay",), ("pw-play", "-"))
PAUSE_SECONDS = 0.35  # between the chime and the words, and between two languages
TIMEOUT_SECONDS = 60


class AudioUnavailable(Exception):
    """The announcement could not be heard: no player, no device, or the player failed."""


@dataclass(frozen=True)
class Voice:
    """How the board speaks: espeak-ng voices per language, words per minute, the chime, the player."""

    voices: dict[str, str]
    rate: int = 150
    chime: bool = True
    player: Sequence[str] | None = None  # None: espeak-ng plays the words itself


def tone(frequency: float, seconds: float, volume: float = 0.45) -> np.ndarray:
    """A struck bell-like tone: a fundamental and a soft octave, fading out."""
    t = np.arange(int(RATE * seconds)) / RATE
    wave_form = np.sin(2 * np.pi * frequency * t) + 0.3 * np.sin(4 * np.pi * frequency * t)
    envelope = np.exp(-3.2 * t / seconds) * np.minimum(1.0, t / 0.01)  # 10 ms attack: no click
    return volume * wave_form / 1.3 * envelope


@cache
def chime_samples() -> bytes:
    """The two-note chime (叮咚, E5 then C5) as 16-bit mono PCM at :data:`RATE`."""
    samples = np.concatenate([tone(659.25, 0.55), tone(523.25, 0.9)])
    return (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()


def silence(seconds: float) -> bytes:
    return bytes(2 * int(RATE * seconds))


def wav_bytes(pcm: bytes) -> bytes:
    """16-bit mono PCM at :data:`RATE` as a complete WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm)
    return buffer.getvalue()


def pcm_of(wav: bytes) -> bytes:
    """The samples of a WAV espeak-ng wrote (16-bit mono at :data:`RATE`)."""
    with wave.open(io.BytesIO(wav), "rb") as source:
        if (source.getnchannels(), source.getsampwidth(), source.getframerate()) != (1, 2, RATE):
            raise AudioUnavailable(f"unexpected espeak-ng output: {source.getparams()}")
        return source.readframes(source.getnframes())


def run_program(command: list[str], wav: bytes | None = None) -> subprocess.CompletedProcess:
    """Run espeak-ng or a player; a missing or hanging program means the call cannot be heard."""
    try:
        return subprocess.run(command, input=wav, capture_output=True, timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise AudioUnavailable(f"{command[0]}: {error}") from None


@cache
def installed_voices() -> frozenset[str]:
    """Every name ``espeak-ng -v`` takes: languages, voice names and voice files, lower case."""
    done = run_program([ESPEAK, "--voices"])
    names = set()
    for row in done.stdout.decode(errors="replace").splitlines()[1:]:
        columns = row.split()
        if len(columns) >= 5:
            names.update(name.lower() for name in (columns[1], columns[3], columns[4], columns[4].rsplit("/")[-1]))
    return frozenset(names)


def espeak_command(text: str, voice: str, rate: int, to_stdout: bool) -> list[str]:
    # espeak-ng quietly falls back to its default voice, which reads Chinese as gibberish.
    if voice.split("+")[0].lower() not in installed_voices():
        raise AudioUnavailable(f"espeak-ng has no voice {voice!r}; see espeak-ng --voices")
    return [ESPEAK, "-v", voice, "-s", str(rate), *(["--stdout"] if to_stdout else []), text]


def render(text: str, voice: str, rate: int) -> bytes:
    """espeak-ng's WAV of ``text``."""
    done = run_program(espeak_command(text, voice, rate, True))
    if done.returncode != 0 or not done.stdout:
        raise AudioUnavailable(f"espeak-ng could not speak with voice {voice}: {done.stderr.decode(errors='replace')}")
    return done.stdout


def find_player(setting: str) -> tuple[str, ...] | None:
    """The WAV player command: ``auto`` finds one on PATH; None (``espeak-ng``) means espeak-ng's own output."""
    if setting == ESPEAK:
        return None
    if setting != "auto":
        return tuple(shlex.split(setting))
    for command in PLAYERS:
        if shutil.which(command[0]):
            return command
    return None


def last_line(output: bytes) -> str:
    lines = [line for line in output.decode(errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


class SpeechDevice(Protocol):
    """What the announcer needs of a voice: say this, and return when it has been said."""

    def say(self, announcement: Announcement) -> None:
        """Blocks until heard; raises AudioUnavailable when it cannot be."""


class Speaker:
    """The board's :class:`SpeechDevice`: espeak-ng and a WAV player."""

    def __init__(self, voice: Voice):
        self.voice = voice
        if voice.player is None:
            log.warning("no WAV player found (aplay, paplay or pw-play): espeak-ng speaks by itself, "
                        "without the chime")

    def recording(self, announcement: Announcement) -> bytes:
        """The whole announcement as one WAV: chime, pause, each language's line with a pause between."""
        parts = [chime_samples(), silence(PAUSE_SECONDS)] if self.voice.chime else []
        for index, line in enumerate(announcement.lines):
            if index:
                parts.append(silence(PAUSE_SECONDS))
            parts.append(pcm_of(render(line.spoken, self.voice.voices[line.language], self.voice.rate)))
        return wav_bytes(b"".join(parts))

    def say(self, announcement: Announcement) -> None:
        if self.voice.player is None:
            for line in announcement.lines:
                self._run(espeak_command(line.spoken, self.voice.voices[line.language], self.voice.rate, False))
            return
        self._run(list(self.voice.player), self.recording(announcement))

    def _run(self, command: list[str], wav: bytes | None = None) -> None:
        done = run_program(command, wav)
        # espeak-ng exits 0 when ALSA has no device and only says so on stderr.
        if done.returncode != 0 or (command[0] == ESPEAK and b"error" in done.stderr.lower()):
            raise AudioUnavailable(f"{command[0]}: {last_line(done.stderr)}")


def voice_from_settings(settings) -> Voice:
    """The board's voice from ``[announcements]``."""
    config = settings.announcements
    return Voice({ZH: config.voice, EN: config.voice_en}, config.rate, config.chime, find_player(config.player))


class Announcer:
    """The speech thread: takes announcements from the queue one at a time, never two at once.

    ``said`` keeps the last texts and whether they were heard, for staff and tests.
    """

    def __init__(self, speaker: SpeechDevice | None, announcements: AnnouncementQueue | None = None):
        self.speaker = speaker
        self.announcements = announcements or AnnouncementQueue()
        self.said: deque[tuple[str, bool]] = deque(maxlen=50)
        self._silent_since: str | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="board-speech", daemon=True)

    def start(self) -> None:
        if self.speaker is None:
            log.info("announcements are shown, not spoken ([announcements] speech = no)")
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self.announcements.close()

    def _serve(self) -> None:
        while not self._stopping.is_set():
            announcement = self.announcements.take()
            if announcement is not None:
                self.said.append((announcement.text, self._say(announcement)))

    def _say(self, announcement: Announcement) -> bool:
        if self.speaker is None:
            return False
        try:
            self.speaker.say(announcement)
        except AudioUnavailable as error:
            if self._silent_since is None:
                log.warning("announcements cannot be heard (%s); the board goes on showing the calls", error)
            self._silent_since = str(error)
            return False
        except Exception:  # the voice must never take the board down
            log.exception("announcing %s failed", announcement.label)
            return False
        if self._silent_since is not None:
            log.info("announcements are heard again")
            self._silent_since = None
        return True
