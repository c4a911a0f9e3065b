"""Issue #18 fuzz suite for the parsers this pass hardened: config values and files, backup manifests and
files, and the shell arguments of ``service set``, ``hours set`` and ``setting set``.

Each input must end in a value or a one-line error, within a time budget (hypothesis' deadline) and a memory
budget (tracemalloc); examples are few, so the suite stays short in CI.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
import tracemalloc
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.admin import main
from kiosk.foundation.config import SECTIONS, ConfigError, load_settings
from kiosk.reports.backup import BackupError, Manifest, restore_backup
from kiosk.staff.centre_setup import POLICY_FIELDS

BUDGET = settings(max_examples=40, deadline=timedelta(seconds=2),
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SHELL_BUDGET = settings(max_examples=12, deadline=timedelta(seconds=10),
                        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
MEMORY_BYTES = 32 * 1024**2

# Text that tends to break number and path parsers, mixed with anything at all.
HOSTILE = st.sampled_from(["nan", "-nan", "inf", "-inf", "1e308", "1e309", "10**23", "9" * 5000, "1_000", "0x10",
                           "", " ", "\x00", "٣", "１２", "/dev/zero", "..", "09:00-12:00", "closed", "1,2;3,4",
                           "nan,nan", "1e999,0", "yes", "🙂" * 50])
VALUES = st.one_of(HOSTILE, st.text(max_size=120))
FIELDS = [(section, f) for section, cls in SECTIONS.items() for f in dataclasses.fields(cls)]


def one_line(message: str) -> None:
    assert "\n" not in message.strip() and len(message) < 400, message[:500]


@pytest.fixture
def memory():
    """Fails the test when it allocated more than MEMORY_BYTES at its peak."""
    tracemalloc.start()
    yield
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < MEMORY_BYTES, f"peak {peak / 1024**2:.0f} MB"


@BUDGET
@given(field=st.sampled_from(FIELDS), raw=VALUES)
def test_every_config_value_parser_gives_a_value_or_one_expected_line(memory, field, raw):
    _section, found = field
    try:
        found.metadata["parse"](raw)
    except ValueError as error:
        one_line(str(error))


@BUDGET
@given(text=st.one_of(st.text(max_size=400), st.builds(
    lambda section, key, value: f"[{section}]\n{key} = {value}\n",
    st.sampled_from([*SECTIONS, "nope"]), st.sampled_from([*(f.name for _, f in FIELDS), "x"]), VALUES)))
def test_a_whole_config_file_loads_or_names_what_is_wrong(memory, text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.ini"
        path.write_bytes(text.encode("utf-8", "replace"))
        try:
            load_settings(path)
        except ConfigError as error:
            one_line(str(error))


MANIFEST_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=20)


@BUDGET
@given(raw=st.one_of(
    st.text(max_size=300),
    MANIFEST_VALUES.map(json.dumps),
    st.fixed_dictionaries({"format": st.just("legal-kiosk-backup"), "format_version": st.sampled_from([1, 2, 3]),
                           "hmac": st.text(max_size=70), "created_at": st.text(max_size=20),
                           "source": st.text(max_size=10), "software": st.text(max_size=10),
                           "members": st.lists(st.dictionaries(
                               st.sampled_from(["role", "name", "size", "sha256", "schema", "rows"]),
                               MANIFEST_VALUES, max_size=6), max_size=3)}).map(json.dumps),
    st.just("[" * 100_000 + "]" * 100_000),
))
def test_a_backup_manifest_parses_or_is_refused_in_one_line(memory, raw):
    try:
        Manifest.from_json(raw)
    except BackupError as error:  # BackupRefused is one too
        one_line(str(error))


@BUDGET
@given(members=st.dictionaries(st.sampled_from(["manifest.json", "queue.db", "legal.db", "other"]),
                               st.binary(max_size=2000), max_size=4))
def test_a_backup_file_of_any_content_is_refused_in_one_line_and_changes_nothing(memory, members):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        backup = root / "backup.zip"
        with zipfile.ZipFile(backup, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        data_dir = root / "data"
        data_dir.mkdir()
        with pytest.raises(BackupError) as refused:
            restore_backup(backup, data_dir / "kiosk.db", data_dir / "legal.db", data_dir, secret=bytes(32))
        one_line(str(refused.value))
        assert sorted(p.name for p in data_dir.iterdir()) == []


def _shell(tmp_path: Path, capsys, *argv: str) -> tuple[int, str]:
    status = main([*argv, "--data-dir", str(tmp_path / "data"), "--at", "2026-11-30T09:30"])
    return status, capsys.readouterr().err


def _ends_well(status: int, err: str) -> None:
    assert status in (0, 1, 2, 3) and "failed; see" not in err
    if status:
        one_line(err)


@SHELL_BUDGET
@given(capacity=VALUES, minutes=VALUES)
def test_service_set_ends_in_a_value_or_one_line(tmp_path, capsys, capacity, minutes):
    status, err = _shell(tmp_path, capsys, "service", "set", "--code", "consultation", f"--capacity={capacity}",
                         f"--visit-minutes={minutes}")
    _ends_well(status, err)
    status, listed = _shell(tmp_path, capsys, "queue", "status")
    assert status == 0, listed


@SHELL_BUDGET
@given(key=st.one_of(st.sampled_from(["mon", "sun", "2026-12-24", "2026-11-01", "2026-02-30"]), VALUES),
       sessions=VALUES)
def test_hours_set_ends_in_a_value_or_one_line(tmp_path, capsys, key, sessions):
    if key.startswith("-") or "\x00" in key + sessions:
        return  # argparse's own options, and argv cannot carry NUL
    _ends_well(*_shell(tmp_path, capsys, "hours", "set", key, f"--sessions={sessions}"))


@SHELL_BUDGET
@given(key=st.sampled_from(sorted(POLICY_FIELDS)), value=VALUES)
def test_setting_set_ends_in_a_value_or_one_line(tmp_path, capsys, key, value):
    if value.startswith("-") or "\x00" in value:
        return
    _ends_well(*_shell(tmp_path, capsys, "setting", "set", key, value))
