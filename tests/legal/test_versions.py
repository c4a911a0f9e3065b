"""Every citation carries its law's version and, when that version is not in force, its status and note:
in the knowledge base after an import, on the answer and article views, on paper and in the take-away QR."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime

import pytest

from kiosk.admin import main
from kiosk.foundation.config import load_settings
from kiosk.foundation.i18n import localised
from kiosk.printing.layout import Line, answer_layout
from kiosk.visitor.printouts import answer_printout, answer_take_away

# The texts the corpus holds, and the revisions it lacks (adoption date, effective date).
SUPERSEDED = {
    "中华人民共和国传染病防治法": ("传染病防治法(2013-06-29).md", "2013-06-29", "2025-04-30", "2025-09-01"),
    "中华人民共和国仲裁法": ("仲裁法(2017-09-01).md", "2017-09-01", "2025-09-12", "2026-03-01"),
    "中华人民共和国治安管理处罚法": ("治安管理处罚法(2012-10-26).md", "2012-10-26", "2025-06-27", "2026-01-01"),
}
NOW = datetime.fromisoformat("2026-11-30T10:00+08:00")


def law_rows(path, title: str) -> dict:
    with sqlite3.connect(path) as connection:
        return {version: (status, has_text) for version, status, has_text in connection.execute(
            "SELECT version, status, has_text FROM laws WHERE title = ?", (title,))}


def test_the_old_texts_show_as_amended_after_kb_import_and_the_import_fills_no_second_row(shared_data, tmp_path,
                                                                                          capsys):
    folder = tmp_path / "laws"
    folder.mkdir()
    for name, *_ in SUPERSEDED.values():
        shutil.copy(next((shared_data / "laws").rglob(name)), folder / name)

    status = main(["kb", "import", str(folder), "--data-dir", str(tmp_path / "data")])

    assert status == 0, capsys.readouterr()
    for title, (_name, old, adopted, _effective) in SUPERSEDED.items():
        # Nothing of the new text is held; the old one is imported into the row the shipped content keeps.
        assert law_rows(tmp_path / "data" / "legal.db", title) == {old: ("已修改", 1), adopted: ("有效", 0)}


def test_a_later_import_of_the_new_text_fills_the_described_version(library, tmp_path):
    law = tmp_path / "仲裁法(2025-09-12).md"
    law.write_text("# 中华人民共和国仲裁法\n\n2025年9月12日 第十四届全国人民代表大会常务委员会第十七次会议修订\n\n"
                   "<!-- INFO END -->\n\n第一条 测试用的条文。\n", encoding="utf-8")

    assert library.import_paths([law]).articles == 1

    rows = library.store.connection.execute(
        "SELECT version, effective, has_text, status FROM laws WHERE short_title = ? ORDER BY version",
        ("仲裁法",)).fetchall()
    assert rows == [("2017-09-01", "2018-01-01", 0, "已修改"), ("2025-09-12", "2026-03-01", 1, "有效")]


def test_with_the_whole_corpus_imported_the_cited_old_texts_are_amended_and_readable(corpus_library):
    for title, (_name, old, adopted, _effective) in SUPERSEDED.items():
        assert law_rows(corpus_library.store.path, title) == {old: ("已修改", 1), adopted: ("有效", 0)}
    cite = corpus_library.answer("epi-isolation-wages").cites[0]
    assert cite.text and "隔离期间的工作报酬" in cite.text
    assert (cite.status, cite.in_force) == ("已修改", False) and "2025年9月1日" in cite.note
    criminal = corpus_library.answer("epi-infect-others").cites[1]
    assert (criminal.short_title, criminal.status, criminal.effective) == ("刑法", "有效", "2024-03-01")
    assert criminal.text and "传染病" in criminal.text


def test_a_citation_on_screen_names_law_article_version_status_and_note(default_library):
    cite = default_library.answer("arb-award-final").cites[2]
    assert cite.title("zh_CN") == "《仲裁法》第五十九条（2017-09-01 版）"
    assert cite.title("en") == "Arbitration Law, Article 59 (2017)"
    assert (cite.status, cite.status_key, cite.in_force) == ("已修改", "legal.status.amended", False)
    assert cite.detail("已修改", "zh_CN") == "已修改：" + cite.note
    assert cite.note.startswith("已被2025年9月12日修订的文本取代，新文本自2026年3月1日起施行")
    assert cite.detail("Amended", "en") == "Amended: " + cite.note_en
    assert "2025-09-12" in cite.note_en and "2026-03-01" in cite.note_en
    current = default_library.answer("labour-layoff").cites[0]
    assert current.detail("有效", "zh_CN") == "有效" and current.in_force


def test_an_article_found_by_search_carries_its_laws_note(library, tmp_path, shared_data):
    name = "仲裁法(2017-09-01).md"
    shutil.copy(next((shared_data / "laws").rglob(name)), tmp_path / name)
    library.import_paths([tmp_path / name])

    found = library.search("申请撤销裁决 六个月", 5, log=False, within="articles")

    article = next(result for result in found if result.article == 59)
    assert (article.version, article.status) == ("2017-09-01", "已修改")
    assert article.title == "《仲裁法》第五十九条（2017-09-01 版，已修改）"
    assert article.title_en == "Arbitration Law, Article 59 (2017, amended)"
    assert "2026年3月1日" in article.note and "2026-03-01" in article.note_en


def printed_text(answer, language: str) -> str:
    paper = answer_printout(answer, load_settings(), language, NOW)
    return " ".join(block.text.strip() for block in answer_layout(paper, 32) if isinstance(block, Line))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_printed_answer_and_its_qr_carry_version_status_and_note(default_library, language):
    answer = default_library.answer("epi-infect-others")
    note = localised(answer.cites[0], "note", language)

    printed = printed_text(answer, language)
    qr = answer_take_away(answer, load_settings(), language).text

    if language == "en":
        law = "Law on the Prevention and Treatment of Infectious Diseases"
        expected = (f"{law}, Article 77 (2013, amended)", "Criminal Law, Article 330 (2023)")
    else:  # the print names the full title, the QR the short one
        expected = ("传染病防治法》第七十七条（2013-06-29 版，已修改）", "刑法》第三百三十条（2023-12-29 版）")
    squeeze = (lambda text: text) if language == "en" else (lambda text: text.replace(" ", ""))  # wrapped lines
    for text in expected:
        assert squeeze(text) in squeeze(printed), (text, printed)
        assert text in qr, (text, qr)
    assert note in qr and qr.count(note) == 1
    assert note.replace(" ", "") in printed.replace(" ", "")
    # The note stands under its own law's citation, before the next law's.
    assert squeeze(printed).index(squeeze(note)) < squeeze(printed).index(squeeze(expected[1]))
    assert qr.index(note) < qr.index(expected[1])



def test_a_kiosk_upgraded_from_effective_date_keys_forgets_them(make_library, tmp_path):
    """An earlier release described the 2025 revisions under their effective dates; after an upgrade
    those rows must not stand as later versions beside the adoption-date ones."""
    library = make_library(tmp_path / "legal.db")
    library.store.connection.execute(
        "INSERT INTO laws(title, short_title, version, effective, has_text, curated, status, source) "
        "VALUES ('中华人民共和国仲裁法', '仲裁法', '2026-03-01', '2026-03-01', 0, 1, '有效', 'curated')")
    library.store.connection.execute("DELETE FROM meta WHERE key = 'default_content'")  # a new release's content
    library.close()

    upgraded = make_library(tmp_path / "legal.db")

    statuses = dict(upgraded.store.connection.execute(
        "SELECT version, status FROM laws WHERE short_title = ?", ("仲裁法",)).fetchall())
    assert statuses == {"2017-09-01": "已修改", "2025-09-12": "有效"}
