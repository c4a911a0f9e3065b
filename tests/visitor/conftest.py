"""The visitor layer's tests: a runtime on a fresh data folder and its services over real SQLite stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.foundation.runtime import Runtime, open_runtime
from kiosk.wiring import Services, open_services


@pytest.fixture
def runtime(tmp_path: Path) -> Runtime:
    config = tmp_path / "config.ini"
    config.write_text("", encoding="utf-8")
    return open_runtime(config, tmp_path / "data")


@pytest.fixture
def services(runtime: Runtime) -> Iterator[Services]:
    opened = open_services(runtime)
    yield opened
    opened.close()
