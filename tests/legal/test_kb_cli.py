"""``kiosk-admin kb``: search, pinyin, import, stats from a shell."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """One data folder for the module: each command is a new process, the content is built once."""
    return tmp_path_factory.mktemp("kb-cli")


def kb(data_dir, *args):
    return subprocess.run([sys.executable, "-m", "kiosk.admin", "kb", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=120, env={**os.environ})


def test_search_prints_a_json_list_with_the_fields(data_dir, tmp_path, sample_statute):
    statute = tmp_path / "示例法(2010-06-01).md"
    statute.write_text(sample_statute, encoding="utf-8")
    assert kb(data_dir, "import", str(statute)).returncode == 0
    result = kb(data_dir, "search", "用人单位 包括企业", "--limit", "20", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert isinstance(found, list) and 0 < len(found) <= 20
    answer = next(item for item in found if item["kind"] == "answer")
    assert {"title", "score", "cites"} <= set(answer) and {"law", "article"} <= set(answer["cites"][0])
    article = next(item for item in found if item["kind"] == "article")
    assert (article["law"], article["article"], article["status"]) == ("中华人民共和国示例法", 2, "有效")


def test_search_that_finds_nothing_exits_1(data_dir, tmp_path):
    result = kb(data_dir, "search", "zzzzqqq")
    assert result.returncode == 1 and result.stdout == ""


def test_pinyin(data_dir, tmp_path):
    result = kb(data_dir, "pinyin", "flyz", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["candidates"][0] == "法律援助"


def test_import_reports_malformed_files_and_goes_on(data_dir, tmp_path, sample_statute):
    folder = tmp_path / "laws"
    folder.mkdir()
    (folder / "good(2010-06-01).md").write_text(sample_statute, encoding="utf-8")
    (folder / "bad(2011-01-01).md").write_text(sample_statute.replace("第十条之一", "第十十条"), encoding="utf-8")
    (folder / "_index.md").write_text("---\n---\n", encoding="utf-8")
    result = kb(data_dir, "import", str(folder))
    assert result.returncode == 1
    assert "imported 1 law files (5 articles)" in result.stdout and "skipped 1 files; 1 malformed" in result.stdout
    bad = folder / "bad(2011-01-01).md"
    line = f"kiosk-admin: {bad}:23: article number not readable: '第十十条 在本节插入的条文。'"
    assert line in result.stderr.splitlines()


def test_import_of_a_missing_path_is_a_usage_error(data_dir, tmp_path):
    result = kb(data_dir, "import", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "no such file or folder" in result.stderr and "Traceback" not in result.stderr


def test_stats(data_dir, tmp_path):
    result = kb(data_dir, "stats", "--json")
    stats = json.loads(result.stdout)
    assert result.returncode == 0 and stats["answers"] >= 60 and stats["fts5"] is True


def test_a_bad_limit_is_a_usage_error(data_dir, tmp_path):
    result = kb(data_dir, "search", "工资", "--limit", "0")
    assert result.returncode == 2 and "expected a whole number from 1 to 50" in result.stderr
