"""The real board window while a counter in another process calls numbers on the same store."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import wave

import pytest

from kiosk.display.speech import RATE, chime_samples
from kiosk.ui.bootstrap import x_display_opens

pytestmark = pytest.mark.ui

BOARD = "kiosk.ui.display.app:DisplayApp"
LANDSCAPE, PORTRAIT = (1920, 1080), (1080, 1920)


def newest(board) -> str:
    return board.app.root.ids.newest.text


def recent(board) -> list[str]:
    return [row.label for row in reversed(board.app.root.ids.recent.children)]


@pytest.fixture
def heard_wav(tmp_path):
    return tmp_path / "heard.wav"


@pytest.fixture
def board_with_player(board_config, heard_wav) -> str:
    """The board's config with a player that keeps the last WAV it was given."""
    return board_config + f"player = tee {heard_wav}\n"


@pytest.mark.slow
def test_a_call_from_a_counter_process_is_shown_highlighted_and_announced(start_app, counter_process,
                                                                           board_with_player, heard_wav):
    counter_process("issue:consultation", "issue:consultation", "issue:notarisation", "call:3")
    board = start_app(BOARD, board_with_player, LANDSCAPE)
    board.run_until(lambda: newest(board) == "A001")
    assert not board.app.root.highlight  # called before the board started: shown, not announced
    waiting = {row.service: row.waiting for row in board.app.root.ids.waiting.children}
    assert waiting["法律咨询"] == 1 and waiting["公证"] == 1

    counter_process("done:3", "call:3", "call:5")
    board.run_until(lambda: newest(board) == "B001")
    assert board.app.root.highlight
    assert board.app.root.ids.newest_counter.text == "请到 5 号窗口办理"
    assert recent(board)[:2] == ["A002", "A001"]
    board.run_until(lambda: len(board.app.announcer.said) == 2)
    assert [text for text, _heard in board.app.announcer.said] == ["请 A002 号到 3 号窗口办理",
                                                                   "请 B001 号到 5 号窗口办理"]
    with wave.open(io.BytesIO(heard_wav.read_bytes())) as played:  # the last one: chime, then the words
        samples = played.readframes(played.getnframes())
    assert samples.startswith(chime_samples()) and len(samples) / 2 / RATE > 3.0
    board.screenshot("display-landscape-zh")

    counter_process("recall:5")
    board.run_until(lambda: len(board.app.announcer.said) == 3)
    assert board.app.announcer.said[-1][0] == "再次呼叫，请 B001 号到 5 号窗口办理"
    board.run_until(lambda: not board.app.root.highlight)  # highlight_seconds = 2
    board.resize(PORTRAIT)
    board.screenshot("display-portrait-zh")


def test_the_board_in_english_with_english_announcements(start_app, counter_process, board_config):
    counter_process("issue:mediation")
    config = board_config.replace("[display]\n", "[display]\nlanguage = en\n") + "english = yes\nspeech = no\n"
    board = start_app(BOARD, config, LANDSCAPE)
    board.run_until(lambda: bool(board.app.root.ids.waiting.children))
    counter_process("call:2")
    board.run_until(lambda: newest(board) == "F001")
    assert board.app.root.ids.newest_counter.text == "Please go to counter 2"
    board.run_until(lambda: len(board.app.announcer.said) == 1)
    assert board.app.announcer.said[0] == ("请 F001 号到 2 号窗口办理 Number F001, please go to counter 2.", False)
    board.screenshot("display-landscape-en")


def test_no_store_and_no_sound_each_logged_once_and_the_board_recovers(start_app, counter_process,
                                                                                  board_config, tmp_path):
    blocker = tmp_path / "data" / "kiosk.db"
    blocker.mkdir(parents=True)  # a folder where the queue file should be: SQLite cannot open it
    board = start_app(BOARD, board_config + "player = false\n", LANDSCAPE)  # and no sound either
    board.run_until(lambda: bool(board.app.root.trouble))
    assert "正在自动恢复" in board.app.root.trouble
    board.screenshot("display-store-trouble")
    blocker.rmdir()
    counter_process("issue:legal_aid", "call:4")
    board.run_until(lambda: newest(board) == "C001")  # retried every 2 s
    assert board.app.root.trouble == ""
    # C001 was the board's first view of the store: shown, not announced. The next two are announced.
    counter_process("issue:legal_aid", "issue:legal_aid", "done:4", "call:4", "done:4", "call:4")
    board.run_until(lambda: newest(board) == "C003" and len(board.app.announcer.said) == 2)
    assert [heard for _text, heard in board.app.announcer.said] == [False, False]
    log = (tmp_path / "data" / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert log.count("cannot read the queue store") == 1
    assert log.count("announcements cannot be heard") == 1


@pytest.mark.slow
def test_kiosk_mode_display_starts_as_a_real_process(tmp_path):
    """The board is a screen process: like the kiosk it refuses to run unseen where no display opens
    (tests/foundation/test_cli.py), so without a working X display this test chooses SDL's off-screen
    driver on purpose, as an operator would for a headless check."""
    config = tmp_path / "config.ini"
    config.write_text("[display]\nfullscreen = no\nwindow_size = 1920x1080\n", encoding="utf-8")
    env = dict(os.environ)
    if not env.get("SDL_VIDEODRIVER") and not env.get("WAYLAND_DISPLAY") and \
            not (env.get("DISPLAY") and x_display_opens(env["DISPLAY"])):
        env["SDL_VIDEODRIVER"] = "offscreen"
    result = subprocess.run([sys.executable, "-m", "kiosk", "--mode", "display", "--config", str(config),
                             "--data-dir", str(tmp_path / "data"), "--exit-after-first-frame"],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["first_frame"] is True
    assert "Traceback" not in result.stderr
    assert (tmp_path / "data" / "kiosk.db").exists()  # the board opened the store


def test_a_fault_in_the_board_shows_a_calm_line_and_the_board_goes_on(start_app, counter_process, board_config):
    board = start_app(BOARD, board_config, LANDSCAPE)
    board.run_until(lambda: bool(board.app.root.ids.waiting.children))

    def broken(_dt):
        raise RuntimeError("a bug in a screen")

    from kivy.clock import Clock

    Clock.schedule_once(broken)
    board.pump(3)
    assert board.app.root.trouble == "叫号屏暂时出现问题，请留意窗口叫号或咨询工作人员。"
    counter_process("issue:arbitration", "call:6")
    board.run_until(lambda: newest(board) == "D001")
    assert board.app.root.trouble == ""
