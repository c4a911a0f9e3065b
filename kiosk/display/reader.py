"""Reading a screen's main text aloud (朗读) with the board's offline voice, stoppable at any moment.

espeak-ng renders the text to WAV (``--stdout``) in the visitor's language, the samples are scaled to
the configured volume, and the board's WAV player plays them; without a player espeak-ng speaks by
itself. Each step is a process that :meth:`EspeakReader.stop` ends at once, from any thread, so one
tap, leaving the screen or stopping the app silences the kiosk without waiting for the sentence.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import threading
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from kiosk.display.announcements import EN, ZH
from kiosk.display.speech import (
    ESPEAK,
    AudioUnavailable,
    espeak_command,
    find_player,
    installed_voices,
    last_line,
    pcm_of,
    wav_bytes,
)

READ_TIMEOUT_SECONDS = 600  # a long answer read slowly takes minutes; a hung player must not hold the reader


class Stopped(Exception):
    """The reading was stopped before it ended."""


class Reader(Protocol):
    """The kiosk's speaker: read a text, and stop whatever is being read."""

    def available(self) -> bool:
        """Whether texts can be read at all (espeak-ng and its voices are installed)."""

    def read(self, text: str, language: str, number: int) -> bool:
        """Read ``text`` aloud, blocking until it has been read (True) or stopped (False); reading
        ``number`` is stopped by ``stop(number)`` even before it starts. Raises AudioUnavailable."""

    def stop(self, number: int) -> None:
        """Stop reading ``number`` and every earlier one; returns at once, from any thread."""


class EspeakReader:
    """The :class:`Reader` with espeak-ng and a WAV player, one process at a time."""

    def __init__(self, voices: dict[str, str], rate: int, volume: int, player: Sequence[str] | None):
        self.voices = voices
        self.rate = rate
        self.volume = volume  # percent; the kiosk sets it again when staff change it
        self.player = player
        self._lock = threading.Lock()
        self._stopped_up_to = 0
        self._process: subprocess.Popen | None = None

    def available(self) -> bool:
        if shutil.which(ESPEAK) is None:
            return False
        try:
            installed = installed_voices()
        except AudioUnavailable:
            return False
        return all(voice.split("+")[0].lower() in installed for voice in self.voices.values())

    def recording(self, text: str, language: str, number: int | None = None) -> bytes:
        """``text`` as one WAV in ``language``'s voice at the configured volume (for reading ``number``)."""
        returncode, out, err = self._run(espeak_command(text, self.voices[language], self.rate, True), number)
        if returncode != 0 or not out:
            raise AudioUnavailable(f"espeak-ng could not read with voice {self.voices[language]}: {last_line(err)}")
        samples = np.frombuffer(pcm_of(out), dtype="<i2").astype(np.float32) * (self.volume / 100)
        return wav_bytes(np.clip(samples, -32768, 32767).astype("<i2").tobytes())

    def read(self, text: str, language: str, number: int) -> bool:
        try:
            if self.player is None:
                command, wav = espeak_command(text, self.voices[language], self.rate, False), None
            else:
                command, wav = list(self.player), self.recording(text, language, number)
            returncode, _out, err = self._run(command, number, wav)
        except Stopped:
            return False
        # espeak-ng exits 0 when ALSA has no device and only says so on stderr.
        if returncode != 0 or (command[0] == ESPEAK and b"error" in err.lower()):
            if self._is_stopped(number):
                return False  # ended by stop(): not a fault of the device
            raise AudioUnavailable(f"{command[0]}: {last_line(err)}")
        return True

    def stop(self, number: int) -> None:
        with self._lock:
            self._stopped_up_to = max(self._stopped_up_to, number)
            process = self._process
        if process is not None and process.poll() is None:
            _kill(process)

    @property
    def speaking(self) -> bool:
        """Whether a process of a reading is running now (for staff and tests)."""
        process = self._process
        return process is not None and process.poll() is None

    def _is_stopped(self, number: int | None) -> bool:
        with self._lock:
            return number is not None and number <= self._stopped_up_to

    def _run(self, command: list[str], number: int | None, wav: bytes | None = None) -> tuple[int, bytes, bytes]:
        with self._lock:  # checked and started under one lock: a stop() in between is never missed
            if number is not None and number <= self._stopped_up_to:
                raise Stopped
            try:
                # In a process group of its own: a player command run through a shell is stopped with its children.
                process = subprocess.Popen(command, stdin=subprocess.PIPE if wav is not None else subprocess.DEVNULL,
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
            except OSError as error:
                raise AudioUnavailable(f"{command[0]}: {error}") from None
            self._process = process
        try:
            out, err = process.communicate(wav, timeout=READ_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            _kill(process)
            process.communicate()
            raise AudioUnavailable(f"{command[0]}: no end after {READ_TIMEOUT_SECONDS} s") from None
        except BrokenPipeError:  # killed by stop() while the WAV was being written
            process.wait()
            out, err = b"", b""
        finally:
            with self._lock:
                self._process = None
        if self._is_stopped(number):
            raise Stopped
        return process.returncode, out, err


def _kill(process: subprocess.Popen) -> None:
    """End ``process`` and whatever it started (a shell's player), at once."""
    with contextlib.suppress(ProcessLookupError):  # it has just ended by itself
        os.killpg(process.pid, signal.SIGKILL)


def open_reader(settings) -> EspeakReader:
    """The kiosk's reader from ``[read_aloud]`` and the board's voices in ``[announcements]``."""
    voices = settings.announcements
    return EspeakReader({ZH: voices.voice, EN: voices.voice_en}, voices.rate, settings.read_aloud.volume,
                        find_player(settings.read_aloud.player))
