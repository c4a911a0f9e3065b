"""``kiosk-admin kb check`` and ``kb show`` through the real command line.

A small statute set in two versions and answers that cite it well and badly are imported
into one data folder per module; the national corpus, when ../shared is there, into another.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

OLD = """# 中华人民共和国示例法

2010年6月1日 第十一届全国人民代表大会常务委员会第十五次会议通过

2010年9月1日 起施行

<!-- INFO END -->

第一条 为了测试审核，制定本法。

第二条 用人单位应当每月支付工资。

第三条 本条在修订时删去。
"""

NEW = """# 中华人民共和国示例法

2010年6月1日 第十一届全国人民代表大会常务委员会第十五次会议通过
2020年1月1日 第十三届全国人民代表大会常务委员会第十五次会议修订

2020年3月1日 起施行

<!-- INFO END -->

第一条 为了测试审核，
制定本法。

第二条 用人单位应当每月至少支付一次工资。

第二条之一 本条由修订插入。
"""


def answer(answer_id: str, *cites: str, **more: str) -> dict:
    return {"id": answer_id, "topic": "labour", "question": f"测试问题 {answer_id}", "answer": "测试答复。",
            "question_en": f"Test question {answer_id}", "answer_en": "Test answer.", "cites": list(cites), **more}


CONTENT = {
    "laws": [{"title": "中华人民共和国未收录法", "short_title": "未收录法", "version": "2025-01-01",
              "effective": "2025-06-01", "has_text": False, "note": "本机尚未收录其条文。"}],
    "answers": [
        answer("t-current", "示例法(2020-01-01)#1", "示例法(2020-01-01)#2之一"),
        answer("t-old-same", "示例法(2010-06-01)#1"),
        answer("t-old-changed", "示例法(2010-06-01)#2", version_note="引用的是2010年文本。"),
        answer("t-old-gone", "示例法(2010-06-01)#3"),
        answer("t-no-article", "示例法(2020-01-01)#3"),
        answer("t-no-version", "示例法(2015-01-01)#1"),
        answer("t-no-law", "无此法(2020-01-01)#1"),
        answer("t-not-held", "未收录法(2025-01-01)#7"),
    ],
    "guides": [{
        "service": "mediation", "name": "人民调解（测试）", "name_en": "People's mediation (test)", "prefix": "M",
        "summary": "测试指南。", "who": "任何人。", "materials": ["身份证"], "steps": ["取号", "调解"],
        "fees": "免费。", "time_limit": "无。", "where_when": "二楼。", "hotline": "12348",
        "summary_en": "A test guide.",
        "cites": ["示例法(2020-01-01)#9"],
    }],
}


def kb(data_dir, *args):
    return subprocess.run([sys.executable, "-m", "kiosk.admin", "kb", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=600, env={**os.environ})


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """Both versions of 示例法 and the content above, imported with ``kb import``."""
    folder = tmp_path_factory.mktemp("kb-check-import")
    (folder / "示例法(2010-06-01).md").write_text(OLD, encoding="utf-8")
    (folder / "示例法(2020-01-01).md").write_text(NEW, encoding="utf-8")
    (folder / "content.json").write_text(json.dumps(CONTENT, ensure_ascii=False), encoding="utf-8")
    data = tmp_path_factory.mktemp("kb-check")
    result = kb(data, "import", str(folder))
    assert result.returncode == 0, result.stderr
    return data


@pytest.fixture(scope="module")
def report(data_dir):
    result = kb(data_dir, "check", "--json")
    assert result.returncode == 1, result.stderr  # unresolved citations fail the check
    return json.loads(result.stdout)


def ours(findings: list[dict]) -> set[tuple[str, str, str, int, str]]:
    """The findings about the test's own content (the shipped answers are there too)."""
    return {(f["id"], f["law"], f["version"], f["article"], f["suffix"]) for f in findings
            if f["id"].startswith("t-") or (f["kind"] == "guide" and f["law"] == "示例法")}


def test_check_counts_every_answer_guide_and_citation(data_dir, report):
    stats = json.loads(kb(data_dir, "stats", "--json").stdout)
    assert (report["answers"], report["guides"]) == (stats["answers"], stats["guides"])
    with sqlite3.connect(data_dir / "legal.db") as connection:
        cites = [len(json.loads(cites)) for table in ("answers", "guides")
                 for (cites,) in connection.execute(f"SELECT cites FROM {table}")]
    assert report["citations"] == sum(cites) > report["answers"]


def test_check_lists_unresolved_citations_with_the_reason(report):
    assert ours(report["unresolved"]) == {
        ("t-no-article", "示例法", "2020-01-01", 3, ""),
        ("t-no-version", "示例法", "2015-01-01", 1, ""),
        ("t-no-law", "无此法", "2020-01-01", 1, ""),
        ("mediation", "示例法", "2020-01-01", 9, ""),
    }
    problems = {f["id"]: f["problem"] for f in report["unresolved"]}
    assert "2010-06-01, 2020-01-01" in problems["t-no-version"]
    assert "no such law" in problems["t-no-law"] and "no such article" in problems["t-no-article"]


def test_check_lists_citations_of_a_version_not_in_force_with_the_version_in_force(report):
    outdated = [f for f in report["outdated"] if f["id"].startswith("t-")]
    assert {f["id"] for f in outdated} == {"t-old-same", "t-old-changed", "t-old-gone"}
    assert all((f["status"], f["in_force"], f["in_force_has_text"]) == ("已修改", "2020-01-01", True)
               for f in outdated)


def test_check_flags_articles_whose_text_changed_in_the_version_in_force(report):
    # A line break is layout: article 1 reads the same in both versions.
    assert ours(report["changed"]) == {("t-old-changed", "示例法", "2010-06-01", 2, ""),
                                       ("t-old-gone", "示例法", "2010-06-01", 3, "")}


def test_check_lists_citations_of_a_version_whose_text_is_not_held(report):
    assert ours(report["not_held"]) == {("t-not-held", "未收录法", "2025-01-01", 7, "")}
    finding = next(f for f in report["not_held"] if f["id"] == "t-not-held")
    assert finding["problem"].startswith("text not held") and finding["status"] == "有效"
    assert not ours(report["unresolved"]) & ours(report["not_held"])


def test_check_in_words(data_dir):
    result = kb(data_dir, "check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "unresolved 无法对应: 4  (citations of a law version or article the knowledge base does not hold)" in lines
    assert "  answer t-no-law: 无此法(2020-01-01) 第一条  no such law in the knowledge base 知识库无此法" in lines
    assert "  answer t-old-changed: 示例法(2010-06-01) 第二条 [已修改] -> in force 现行 2020-01-01" in lines
    assert lines[-1] == "check failed: unresolved citations 检查未通过：有无法对应的引用"


def test_the_shipped_content_resolves_before_any_import(tmp_path):
    """A fresh kiosk: every cited law version is described in laws.json; no text is held yet."""
    result = kb(tmp_path, "check", "--json")
    assert result.returncode == 0, result.stdout
    found = json.loads(result.stdout)
    assert found["unresolved"] == [] and found["changed"] == []
    assert len(found["not_held"]) == found["citations"] > 0
    assert kb(tmp_path, "check").stdout.splitlines()[-1] == "check passed 检查通过"


def test_show_an_answer_with_its_citations(data_dir):
    result = kb(data_dir, "show", "t-old-changed", "--json")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert {key: shown[key] for key in ("ref", "kind", "question", "answer", "question_en", "answer_en")} == {
        "ref": "t-old-changed", "kind": "answer", "question": "测试问题 t-old-changed", "answer": "测试答复。",
        "question_en": "Test question t-old-changed", "answer_en": "Test answer."}
    [cite] = shown["cites"]
    assert {key: cite[key] for key in ("law", "article", "version", "status", "note")} == {
        "law": "示例法", "article": 2, "version": "2010-06-01", "status": "已修改", "note": ""}
    assert cite["text"] == "用人单位应当每月支付工资。"


def test_show_an_answer_in_words(data_dir):
    result = kb(data_dir, "show", "t-old-changed")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "answer t-old-changed", "测试问题 t-old-changed", "测试答复。", "引用的是2010年文本。",
        "Test question t-old-changed", "Test answer.", "cites 引用:", "  示例法(2010-06-01) 第二条 [已修改]"]


def test_show_an_answer_citing_a_law_whose_text_is_not_held_gives_its_note(data_dir):
    [cite] = json.loads(kb(data_dir, "show", "t-not-held", "--json").stdout)["cites"]
    assert (cite["status"], cite["note"], cite["text"]) == ("有效", "本机尚未收录其条文。", None)


def test_show_a_guide(data_dir):
    result = kb(data_dir, "show", "mediation", "--json")
    shown = json.loads(result.stdout)
    assert result.returncode == 0 and (shown["kind"], shown["question"]) == ("guide", "人民调解（测试）")
    assert shown["answer"] == "测试指南。\n\n任何人。\n\n身份证\n\n取号\n调解\n\n免费。\n\n无。\n\n二楼。"
    assert shown["answer_en"] == "A test guide."
    assert {key: shown["cites"][0][key] for key in ("law", "article", "status", "text")} == {
        "law": "示例法", "article": 9, "status": "有效", "text": None}  # the unresolved citation


def test_show_an_article_in_force_or_of_a_named_version(data_dir):
    current = json.loads(kb(data_dir, "show", "示例法#2", "--json").stdout)
    assert (current["kind"], current["version"], current["status"], current["text"]) == (
        "article", "2020-01-01", "有效", "用人单位应当每月至少支付一次工资。")
    old = json.loads(kb(data_dir, "show", "示例法（2010-06-01）#第二条", "--json").stdout)
    assert (old["law"], old["version"], old["status"], old["in_force"], old["label"]) == (
        "中华人民共和国示例法", "2010-06-01", "已修改", "2020-01-01", "第二条")
    inserted = json.loads(kb(data_dir, "show", "示例法#2之一", "--json").stdout)
    assert (inserted["article"], inserted["suffix"], inserted["text"]) == (2, "之一", "本条由修订插入。")
    # An article the version in force dropped: the newest version that has it, marked as not in force.
    gone = json.loads(kb(data_dir, "show", "示例法#3", "--json").stdout)
    assert (gone["version"], gone["status"]) == ("2010-06-01", "已修改")


def test_show_in_words(data_dir):
    result = kb(data_dir, "show", "示例法(2010-06-01)#2")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "中华人民共和国示例法 (2010-06-01) [已修改] 第二条", "in force 现行: 2020-01-01", "用人单位应当每月支付工资。"]


@pytest.mark.parametrize(("ref", "why"), [
    ("no-such-answer", "no answer id, guide service or article (such as 民法典#1077) by that name"),
    ("示例法#", "no answer id, guide service or article (such as 民法典#1077) by that name"),
    ("示例法#99", "no such article 无此条 (versions held: 2010-06-01, 2020-01-01)"),
    ("示例法(2030-01-01)#1", "no version 2030-01-01; held: 2010-06-01, 2020-01-01 无此版本"),
    ("无此法#1", "no law 无此法 in the knowledge base 知识库无此法"),
    ("未收录法#7", "its text is not held 未收录文本: import it with kiosk-admin kb import"),
])
def test_show_of_nothing_exits_1_and_says_why(data_dir, ref, why):
    result = kb(data_dir, "show", ref)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"kiosk-admin: nothing found for {ref!r}: {why}\n"


# --- the national corpus -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory, corpus_built):
    """A data folder holding the shipped content and the whole corpus: the run's one import of the corpus
    (``kb import`` of a folder is tested above with a small one)."""
    data = tmp_path_factory.mktemp("kb-check-corpus")
    shutil.copy(corpus_built, data / "legal.db")
    return data


@pytest.mark.slow
def test_the_shipped_content_resolves_against_the_corpus(corpus_dir):
    result = kb(corpus_dir, "check", "--json")
    found = json.loads(result.stdout)
    assert result.returncode == 0 and found["unresolved"] == []
    # Only the laws revised beyond the corpus may be cited without their text.
    assert {f["law"] for f in found["not_held"]} <= {"传染病防治法", "仲裁法", "治安管理处罚法"}
    outdated = {(f["law"], f["version"]): f["in_force"] for f in found["outdated"]}
    assert outdated.get(("传染病防治法", "2013-06-29"), "").startswith("2025-")


@pytest.mark.slow
def test_show_an_article_of_the_corpus(corpus_dir):
    shown = json.loads(kb(corpus_dir, "show", "民法典#1077", "--json").stdout)
    assert (shown["law"], shown["version"], shown["status"]) == ("中华人民共和国民法典", "2020-05-28", "有效")
    assert "三十日" in shown["text"] and shown["chapter"] == "第四章 离婚"
