"""Reports test set-up: one generated month of a centre, built once and copied for tests that change it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from activity import Activity, generate

from kiosk.foundation.runtime import Runtime, open_runtime

FIRST_DAY = date(2026, 11, 1)
VISITORS_PER_DAY = 30


@dataclass(frozen=True)
class Month:
    runtime: Runtime
    activity: Activity

    @property
    def data_dir(self) -> Path:
        return self.runtime.data_dir


@pytest.fixture(scope="session")
def report_fonts(tmp_path_factory) -> Path:
    """The SC face extracted once; data folders link to it."""
    from kiosk.foundation.fonts import find_font

    folder = tmp_path_factory.mktemp("report-fonts")
    find_font(None, folder)
    return folder


def data_folder(path: Path, fonts: Path) -> Runtime:
    """A data folder whose font cache is the shared one."""
    (path / "fonts").mkdir(parents=True, exist_ok=True)
    for font in fonts.iterdir():
        if not (path / "fonts" / font.name).exists():
            (path / "fonts" / font.name).symlink_to(font)
    return open_runtime(None, path)


@pytest.fixture(scope="session")
def generated_month(tmp_path_factory, report_fonts) -> Month:
    """November 2026 of a centre: about 30 visitors a weekday, written through the real cores. Read only."""
    runtime = data_folder(tmp_path_factory.mktemp("month") / "data", report_fonts)
    return Month(runtime, generate(runtime, FIRST_DAY, 30, VISITORS_PER_DAY))


@pytest.fixture
def month_copy(tmp_path, generated_month, report_fonts) -> Month:
    """A private copy of the generated month, for tests that write to it."""
    target = tmp_path / "data"
    shutil.copytree(generated_month.data_dir, target, symlinks=True)
    return Month(data_folder(target, report_fonts), generated_month.activity)


def _ui_harness():
    """tests/ui/conftest.py's real-window harness, loaded here so the staff figures test drives the same app."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "ui" / "conftest.py"
    spec = importlib.util.spec_from_file_location("reports_ui_harness", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_harness = _ui_harness()
kivy_window = _harness.kivy_window
font_cache = _harness.font_cache
knowledge_base = _harness.knowledge_base
start_app = _harness.start_app
start_kiosk = _harness.start_kiosk
