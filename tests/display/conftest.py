"""The display board's tests: a config that opens every day, and a counter in its own process."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest


def _ui_harness():
    """tests/ui/conftest.py, whose start_app drives any of the centre's apps in the real window."""
    spec = importlib.util.spec_from_file_location("display_ui_harness",
                                                  Path(__file__).resolve().parents[1] / "ui" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_ui = _ui_harness()
kivy_window, font_cache, knowledge_base, start_app = _ui.kivy_window, _ui.font_cache, _ui.knowledge_base, _ui.start_app

COUNTER_PROCESS = Path(__file__).with_name("counter_process.py")
EVERY_DAY = "\n".join(f"{day} = 09:00-17:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
BOARD_CONFIG = f"""[display]
fullscreen = no
[hours]
{EVERY_DAY}
[announcements]
poll_seconds = 0.1
highlight_seconds = 2
"""


@pytest.fixture
def board_config() -> str:
    """config.ini of the board under test: open every day, quick polls, a short highlight."""
    return BOARD_CONFIG


@pytest.fixture
def counter_process(tmp_path) -> Callable[..., list[str]]:
    """Run counter actions (see counter_process.py) against ``tmp_path/data`` in another process."""
    config = tmp_path / "counter.ini"
    config.write_text(BOARD_CONFIG, encoding="utf-8")

    def run(*actions: str) -> list[str]:
        command = [sys.executable, str(COUNTER_PROCESS), str(config), str(tmp_path / "data"), *actions]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return [line.split()[0] for line in done.stdout.splitlines()]

    return run
