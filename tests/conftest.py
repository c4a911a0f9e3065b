"""Shared test set-up: Kivy runs headless and quiet, and the shared data is found or skipped."""

import json
import os
import sys
from pathlib import Path

import pytest

# Kivy reads these once, at its first import anywhere in the test run.
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_FILELOG", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("KIVY_USE_DEFAULTCONFIG", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"

sys.path.insert(0, str(PROJECT_ROOT / "tests" / "pg"))
from local_cluster import session_cluster  # noqa: E402

# One private PostgreSQL server for the whole run, shared by the queue suite and tests/pg.
pg_cluster = pytest.fixture(scope="session")(session_cluster)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data beside the checkout; tests that need it skip where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def admin(tmp_path, capsys):
    """Run kiosk-admin on one data folder at a time on Monday 2026-11-30 (or a full ISO time):
    (status, JSON or text, stderr)."""
    from kiosk.admin import main

    def run(*argv: str, at: str = "09:30"):
        when = at if "T" in at else f"2026-11-30T{at}"
        status = main([*argv, "--data-dir", str(tmp_path / "data"), "--at", when])
        out, err = capsys.readouterr()
        try:
            return status, json.loads(out), err
        except json.JSONDecodeError:
            return status, out, err

    return run
