"""Shared test set-up: Kivy runs headless and quiet, the shared data is found or skipped, and
hypothesis runs as many examples as KIOSK_FUZZ_EXAMPLES asks for."""

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Kivy reads these once, at its first import anywhere in the test run.
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_FILELOG", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("KIVY_USE_DEFAULTCONFIG", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"

SHARED_MISSING = f"needs ../shared/data (the statute corpus and test vectors); not found at {SHARED_DATA}"


def _fuzz_examples() -> int:
    """KIOSK_FUZZ_EXAMPLES: how many examples a hypothesis test without its own max_examples runs.
    CI leaves it at the bounded default; the bench sets it high for the full fuzz run."""
    text = os.environ.get("KIOSK_FUZZ_EXAMPLES", "100")
    if not text.isdigit() or int(text) < 1:
        raise pytest.UsageError(f"KIOSK_FUZZ_EXAMPLES must be a whole number of at least 1, not {text!r}")
    return int(text)


# No deadline and no too-slow check: both measure wall time, which a loaded machine stretches at random.
settings.register_profile("kiosk", max_examples=_fuzz_examples(), deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("kiosk")

import child_processes  # noqa: E402
from cups_server import session_cups  # noqa: E402
from local_cluster import session_cluster  # noqa: E402

# One private PostgreSQL server for the whole run, shared by the queue suite and tests/pg.
pg_cluster = pytest.fixture(scope="session")(session_cluster)
# One private cupsd with a cups-pdf queue per worker, for every folder that prints on A4.
cups = pytest.fixture(scope="session", name="cups")(session_cups)


@pytest.fixture(autouse=True)
def _no_child_process_left():
    """A kiosk or other child a test started through ``child_processes`` and left running (the test
    failed or was cut short before its own stop) is stopped here, before the next test starts."""
    before = child_processes.running()
    yield
    child_processes.stop_strays(before)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data beside the checkout; tests that need it skip where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(SHARED_MISSING)
    return SHARED_DATA


def pytest_collection_modifyitems(items) -> None:
    """Test files in order of their expected cost, the heaviest first: those with the most tests marked
    ``ui`` or ``slow``, then by number of tests. xdist hands out whole files in this order (.ci/test:
    ``--dist loadfile --no-loadscope-reorder``), so the last minutes run short files on both workers
    rather than one long UI file on one while the other idles. A file keeps its own order."""
    counts: Counter[str] = Counter()
    heavy: Counter[str] = Counter()
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        counts[path] += 1
        if item.get_closest_marker("ui") or item.get_closest_marker("slow"):
            heavy[path] += 1
    rank = {path: index for index, path in enumerate(sorted(counts, key=lambda path: (-heavy[path], -counts[path])))}
    items.sort(key=lambda item: rank[item.nodeid.split("::", 1)[0]])


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Where ../shared/data is present (as in CI), a test that uses it must not skip: a skip there
    would hide a test that silently stopped running."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and "shared_data" in getattr(item, "fixturenames", ()) and SHARED_DATA.is_dir() \
            and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped although ../shared/data is present: {reason}"


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
