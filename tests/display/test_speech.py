"""The board's voice: espeak-ng really speaks the Mandarin line, the chime comes first, and no audio is calm."""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import time
import wave
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from kiosk.display.announcements import EN, ZH, Call, announce
from kiosk.display.speech import (
    ESPEAK,
    RATE,
    Announcer,
    AudioUnavailable,
    Speaker,
    Voice,
    chime_samples,
    find_player,
    render,
    voice_from_settings,
)
from kiosk.foundation.config import load_settings

pytestmark = pytest.mark.skipif(shutil.which(ESPEAK) is None, reason="espeak-ng is not installed (.ci/setup does)")

SHIPPED = load_settings().announcements
AT = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CALL = Call(7, "A023", "consultation", "3", AT)
A023 = announce(CALL, (ZH, EN))


def seconds_of(wav: bytes) -> float:
    with wave.open(io.BytesIO(wav)) as source:
        assert (source.getnchannels(), source.getsampwidth(), source.getframerate()) == (1, 2, RATE)
        return len(source.readframes(source.getnframes())) / 2 / RATE


def phonemes(text: str, voice: str) -> str:
    return subprocess.run([ESPEAK, "-q", "-x", "-v", voice, text], capture_output=True, text=True,
                          check=True).stdout


def test_espeak_renders_the_chinese_announcement_as_speech():
    wav = render(A023.lines[0].spoken, SHIPPED.voice, SHIPPED.rate)
    assert 2.0 < seconds_of(wav) < 12.0
    with wave.open(io.BytesIO(wav)) as source:
        samples = np.frombuffer(source.readframes(source.getnframes()), "<i2")
    assert np.abs(samples).max() > 3000  # sound, not silence


def test_the_shipped_voice_reads_every_character_in_mandarin():
    # The plain cmn voice of espeak-ng 1.51 switches to English for most characters: "(en)".
    said = phonemes(A023.lines[0].spoken, SHIPPED.voice)
    assert "(en)" not in said
    assert said.count("X'Au51") == 2  # 号, twice


def test_the_ticket_number_is_read_digit_by_digit_and_the_counter_as_a_number():
    said = phonemes("A 0 2 3 号到 12 号", SHIPPED.voice)
    syllables = said.replace("_|", " ").split()
    assert syllables[:4] == ["'ei51", "l'i35N", "'@r51", "s'a55n"]  # A 零 二 三
    assert "s.i.35" in said and "@r51s.i.35" not in said  # 十二, and no 二十三 in the ticket number
    assert "@r51s.i.35" in phonemes("A023", SHIPPED.voice)  # what spelling it out avoids


def test_the_english_voice_reads_the_english_line_with_letter_a_as_a_letter():
    assert seconds_of(render(A023.lines[1].spoken, SHIPPED.voice_en, SHIPPED.rate)) > 1.5
    said = phonemes(A023.lines[1].spoken, SHIPPED.voice_en).split()
    assert said[:5] == ["n'Vmb3r-", "'eI", "_", "z'i@roU", "t'u:"]  # number A, zero two ...
    assert phonemes("Number A 0 2 3", SHIPPED.voice_en).split()[1] == "a#"  # the article: what the hyphen avoids


@pytest.mark.parametrize("prefix", ["A", "B", "C", "D", "E", "F"])
def test_every_service_letter_is_one_mandarin_syllable(prefix):
    said = phonemes(f"请 {prefix} 0 0 1 号", SHIPPED.voice)
    assert "(en)" not in said
    assert len(said.replace("_|", " ").split()) == 6  # 请, the letter, 零 零 一, 号


def test_the_chime_is_a_clean_two_note_sound():
    samples = np.frombuffer(chime_samples(), "<i2").astype(float)
    assert 1.2 < len(samples) / RATE < 2.0
    assert 8000 < np.abs(samples).max() < 32767
    first, second = samples[: int(0.5 * RATE)], samples[int(0.6 * RATE):]
    peak = [np.argmax(np.abs(np.fft.rfft(part))) * RATE / len(part) for part in (first, second)]
    assert abs(peak[0] - 659) < 10 and abs(peak[1] - 523) < 10


def test_the_player_gets_the_chime_then_the_words_in_one_wav(tmp_path):
    heard = tmp_path / "heard.wav"
    speaker = Speaker(Voice({ZH: SHIPPED.voice, EN: SHIPPED.voice_en}, player=("tee", str(heard))))
    speaker.say(A023)
    played = heard.read_bytes()
    with wave.open(io.BytesIO(played)) as source:
        samples = source.readframes(source.getnframes())
    chime = chime_samples()
    assert samples.startswith(chime)
    speech = seconds_of(render(A023.lines[0].spoken, SHIPPED.voice, SHIPPED.rate))
    assert seconds_of(played) > len(chime) / 2 / RATE + speech + 1.0  # chime, Mandarin, then English


def test_without_the_chime_the_words_come_first(tmp_path):
    heard = tmp_path / "heard.wav"
    Speaker(Voice({ZH: SHIPPED.voice}, chime=False, player=("tee", str(heard)))).say(announce(CALL))
    assert seconds_of(heard.read_bytes()) == pytest.approx(
        seconds_of(render("请 A 0 2 3 号到 3 号窗口办理", SHIPPED.voice, SHIPPED.rate)), abs=0.01)


def test_a_player_that_fails_is_reported_as_unavailable():
    with pytest.raises(AudioUnavailable, match="false"):
        Speaker(Voice({ZH: SHIPPED.voice}, player=("false",))).say(announce(CALL))


def test_a_missing_program_is_unavailable_too(tmp_path):
    with pytest.raises(AudioUnavailable, match="no-such-player"):
        Speaker(Voice({ZH: SHIPPED.voice}, player=(str(tmp_path / "no-such-player"),))).say(announce(CALL))
    with pytest.raises(AudioUnavailable, match="no-such-voice"):
        render("请", "no-such-voice", 150)


@pytest.mark.parametrize(("setting", "expected"), [("espeak-ng", None), ("aplay -q -D plughw:1,0",
                                                                           ("aplay", "-q", "-D", "plughw:1,0"))])
def test_the_player_setting(setting, expected):
    assert find_player(setting) == expected


def test_auto_finds_an_installed_player_or_lets_espeak_speak():
    found = find_player("auto")
    assert found is None or found[0] in ("aplay", "paplay", "pw-play")


def test_the_settings_give_the_voices():
    voice = voice_from_settings(load_settings())
    assert voice.voices == {ZH: "cmn-latn-pinyin", EN: "en"} and voice.rate == 150 and voice.chime


def wait_for(condition, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "not within the time"
        time.sleep(0.02)


def test_with_no_audio_the_announcer_logs_once_and_goes_on(caplog):
    """Every announcement fails to be heard; the log says so once, and each one is still taken in turn."""
    announcer = Announcer(Speaker(Voice({ZH: SHIPPED.voice}, player=("false",))))
    announcer.start()
    try:
        with caplog.at_level(logging.INFO, logger="kiosk.display.speech"):
            for number in range(1, 4):
                announcer.announcements.put(announce(Call(number, f"A00{number}", "consultation", "1", AT)))
            wait_for(lambda: len(announcer.said) == 3)
    finally:
        announcer.stop()
    assert [text for text, heard in announcer.said] == [f"请 A00{n} 号到 1 号窗口办理" for n in (1, 2, 3)]
    assert not any(heard for _text, heard in announcer.said)
    warnings = [r for r in caplog.records if "cannot be heard" in r.getMessage()]
    assert len(warnings) == 1


@pytest.mark.skipif(Path("/dev/snd").exists() or bool(os.environ.get("PULSE_SERVER")),
                    reason="this machine has an audio device")
def test_espeak_on_a_machine_without_a_sound_card_is_unavailable_not_an_error():
    with pytest.raises(AudioUnavailable, match="espeak-ng"):
        Speaker(Voice({ZH: SHIPPED.voice}, player=None)).say(announce(CALL))


def test_sound_that_comes_back_is_logged_and_said(tmp_path, caplog):
    heard = tmp_path / "heard.wav"
    speaker = Speaker(Voice({ZH: SHIPPED.voice}, player=("false",)))
    announcer = Announcer(speaker)
    announcer.start()
    try:
        with caplog.at_level(logging.INFO, logger="kiosk.display.speech"):
            announcer.announcements.put(announce(CALL))
            wait_for(lambda: len(announcer.said) == 1)
            speaker.voice = Voice({ZH: SHIPPED.voice}, player=("tee", str(heard)))  # the speakers plugged in
            announcer.announcements.put(announce(Call(8, "A024", "consultation", "3", AT)))
            wait_for(lambda: len(announcer.said) == 2)
    finally:
        announcer.stop()
    assert [heard for _text, heard in announcer.said] == [False, True]
    assert heard.stat().st_size > 50_000
    assert any("heard again" in r.getMessage() for r in caplog.records)
