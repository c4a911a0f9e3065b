"""``kiosk-admin kb import`` from a shell: exit 0 when every file imported, 1 when some were refused, with
how many of each and one stderr line per refused file; size limits from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """One data folder for the module: each command is a new process, the content is built once."""
    return tmp_path_factory.mktemp("kb-import-cli")


def kb_import(data_dir, *args):
    return subprocess.run([sys.executable, "-m", "kiosk.admin", "kb", "import", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=120, env={**os.environ})


def test_everything_imported_exits_0(data_dir, tmp_path, sample_statute):
    (tmp_path / "示例法(2010-06-01).md").write_text(sample_statute, encoding="utf-8")
    result = kb_import(data_dir, str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "1 files imported, 0 refused" in result.stdout.splitlines()
    assert result.stderr == ""


def test_refused_files_exit_1_and_are_counted_one_line_each(data_dir, tmp_path, sample_statute):
    (tmp_path / "示例法(2010-06-01).md").write_text(sample_statute, encoding="utf-8")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    bad = sample_statute.replace("第一条 为了", "第零条 为了")
    (tmp_path / "bad(2011-01-01).md").write_text(bad, encoding="utf-8")
    (tmp_path / "text.docx").write_text("不是文档", encoding="utf-8")
    result = kb_import(data_dir, str(tmp_path), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert (report["files"], report["refused"], report["laws"]) == (1, 3, 1)
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"kiosk-admin: {tmp_path / 'bad(2011-01-01).md'}:11: article number out of range")
    assert lines[1] == f"kiosk-admin: {tmp_path / 'deep.json'}:1: not valid JSON (nested too deeply)"
    assert lines[2] == f"kiosk-admin: {tmp_path / 'text.docx'}:1: not a .docx file (not a zip archive)"


def test_the_size_limit_is_set_on_the_command_line(data_dir, tmp_path, sample_statute):
    (tmp_path / "a.json").write_text("[]" + " " * 2 * 1024 * 1024, encoding="utf-8")
    result = kb_import(data_dir, str(tmp_path), "--max-file-mb", "1")
    assert result.returncode == 1
    assert "0 files imported, 1 refused" in result.stdout.splitlines()
    assert "over the 1 MB limit for one file" in result.stderr
    assert kb_import(data_dir, str(tmp_path), "--max-file-mb", "3").returncode == 0
    usage = kb_import(data_dir, str(tmp_path), "--max-statute-mb", "0")
    assert usage.returncode == 2 and "expected a whole number of MB from 1 to 4096" in usage.stderr
