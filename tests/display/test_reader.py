"""The kiosk's 朗读 reader: real espeak-ng WAV for Chinese and English, its volume, and a stop that ends it at once."""

from __future__ import annotations

import io
import shutil
import threading
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from kiosk.display.announcements import EN, ZH
from kiosk.display.reader import EspeakReader, open_reader
from kiosk.display.speech import ESPEAK, RATE, AudioUnavailable
from kiosk.foundation.config import ConfigError, load_settings

pytestmark = pytest.mark.skipif(shutil.which(ESPEAK) is None, reason="espeak-ng is not installed (.ci/setup does)")

SHIPPED = load_settings()
VOICES = {ZH: SHIPPED.announcements.voice, EN: SHIPPED.announcements.voice_en}
ZH_TEXT = "劳动者可以向劳动争议仲裁委员会申请仲裁。"
EN_TEXT = "You can ask the labour dispute arbitration committee to decide."


def samples(wav: bytes) -> np.ndarray:
    with wave.open(io.BytesIO(wav), "rb") as source:
        assert (source.getnchannels(), source.getsampwidth(), source.getframerate()) == (1, 2, RATE)
        return np.frombuffer(source.readframes(source.getnframes()), dtype="<i2")


@pytest.mark.parametrize(("language", "text"), [(ZH, ZH_TEXT), (EN, EN_TEXT)])
def test_the_reader_renders_real_speech_in_the_visitors_language(language, text):
    wav = EspeakReader(VOICES, 150, 100, None).recording(text, language)
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
    speech = samples(wav)
    assert len(speech) > RATE, "a sentence lasts more than a second"
    assert np.abs(speech).max() > 3000, "words, not silence"


def test_the_volume_scales_the_speech():
    loud = samples(EspeakReader(VOICES, 150, 100, None).recording(EN_TEXT, EN)).astype(np.int32)
    quiet = samples(EspeakReader(VOICES, 150, 25, None).recording(EN_TEXT, EN)).astype(np.int32)
    assert len(loud) == len(quiet)
    assert abs(np.abs(quiet).max() - np.abs(loud).max() / 4) <= 2


def test_the_shipped_settings_offer_it_with_the_boards_voices():
    reader = open_reader(SHIPPED)
    assert SHIPPED.read_aloud.offered and reader.volume == 100
    assert reader.voices == VOICES and reader.available()


def test_a_missing_voice_means_the_button_is_not_offered():
    assert not EspeakReader({ZH: "no-such-voice", EN: "en"}, 150, 100, None).available()


def test_the_player_gets_the_wav_and_a_stop_ends_it_at_once(tmp_path: Path):
    heard = tmp_path / "heard.wav"
    # A player that takes the WAV and then plays for a minute, as a long answer would.
    reader = EspeakReader(VOICES, 150, 100, ("sh", "-c", f"cat > {heard}; sleep 60"))
    result: list[bool] = []
    reading = threading.Thread(target=lambda: result.append(reader.read(ZH_TEXT, ZH, 1)))
    reading.start()
    wait_for(lambda: reader.speaking and heard.is_file() and heard.stat().st_size > 1000)
    assert heard.read_bytes()[:4] == b"RIFF"
    reader.stop(1)
    reading.join(timeout=10)
    assert not reading.is_alive() and result == [False] and not reader.speaking


def test_a_reading_stopped_before_it_starts_never_starts(tmp_path: Path):
    heard = tmp_path / "heard.wav"
    reader = EspeakReader(VOICES, 150, 100, ("sh", "-c", f"cat > {heard}"))
    reader.stop(2)
    assert reader.read(EN_TEXT, EN, 1) is False and reader.read(EN_TEXT, EN, 2) is False
    assert not heard.exists()
    assert reader.read(EN_TEXT, EN, 3) is True and heard.read_bytes()[:4] == b"RIFF"


def test_a_player_that_fails_means_nothing_was_heard():
    reader = EspeakReader(VOICES, 150, 100, ("sh", "-c", "cat > /dev/null; echo 'no sound card' >&2; exit 1"))
    with pytest.raises(AudioUnavailable, match="no sound card"):
        reader.read(EN_TEXT, EN, 1)


def test_a_bad_volume_is_refused_naming_the_key(tmp_path: Path):
    config = tmp_path / "config.ini"
    config.write_text("[read_aloud]\nvolume = loud\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[read_aloud\] volume: expected a whole number from 10 to 100"):
        load_settings(config)


def wait_for(condition, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "gave up waiting"
        time.sleep(0.02)
