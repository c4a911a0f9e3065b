"""``kb import`` of the national laws database's .docx files, built here with python-docx in that layout.

The wording of every article is made up for the tests: no statute text is copied.
"""

from __future__ import annotations

import re
import struct
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.foundation.resources import asset
from kiosk.legal.content import read_content
from kiosk.legal.docx_import import parse_docx
from kiosk.legal.statutes import NoArticles, StatuteError

FW = "\u3000"  # the full-width space the database puts after 第X条
LIMIT = 64 * 1024 * 1024
HEADING = re.compile(r"^第\S{1,6}[编章节]")


def write_docx(path: Path, title: str, history: str, body: list[str], toc: list[str] = ()) -> Path:
    """A .docx as the database lays one out: centred title and history, 目录, centred headings, articles."""
    document = docx.Document()
    for text in (title, history):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if toc:
        document.add_paragraph(f"目{FW}{FW}录").alignment = WD_ALIGN_PARAGRAPH.CENTER
        for entry in toc:
            document.add_paragraph(entry)
    for text in body:
        paragraph = document.add_paragraph(text)
        if HEADING.match(text):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.save(str(path))
    return path


HISTORY = (f"（2001年3月1日第九届全国人民代表大会常务委员会第二十次会议通过{FW}"
           "根据2009年8月27日第十一届全国人民代表大会常务委员会第十次会议《关于修改部分法律的决定》第一次修正"
           f"{FW}2024年4月30日第十四届全国人民代表大会常务委员会第九次会议修订）")
BODY = [
    f"第一章{FW}总{FW}{FW}则",
    f"第一条{FW}为了让测试有据可查，制定本法。",
    f"第二条{FW}本法所称示例单位，是指参加测试的单位。",
    "示例单位应当按约定办理下列事项：",
    "（一）登记；",
    "（二）备案。",
    f"第二章{FW}办{FW}{FW}理",
    f"第一节{FW}申{FW}{FW}请",
    f"第十条{FW}申请人可以到窗口办理。",
    f"第十条之一{FW}申请人也可以在自助终端办理。",
    f"第二节{FW}期{FW}{FW}限",
    f"第十一条{FW}本法自2024年9月1日起施行。",
]
TOC = [f"第一章{FW}总{FW}{FW}则", f"第二章{FW}办{FW}{FW}理", f"第一节{FW}申{FW}{FW}请", f"第二节{FW}期{FW}{FW}限"]


@pytest.fixture
def sample_docx(tmp_path) -> Path:
    return write_docx(tmp_path / "中华人民共和国示例法.docx", "中华人民共和国示例法", HISTORY, BODY, TOC)


def test_title_dates_chapters_articles_paragraphs_and_items(sample_docx):
    statute = parse_docx(sample_docx, LIMIT)
    assert (statute.title, statute.short_title) == ("中华人民共和国示例法", "示例法")
    # The version is the latest adoption (修订), not the first; in force from the 自…起施行 of the articles.
    assert (statute.version, statute.promulgated, statute.effective) == ("2024-04-30", "2001-03-01", "2024-09-01")
    assert statute.issuer == "全国人民代表大会常务委员会"
    assert [event[:10] for event in statute.history] == ["2001-03-01", "2009-08-27", "2024-04-30"]
    assert statute.history[1].endswith("《关于修改部分法律的决定》第一次修正")
    assert [a.label for a in statute.articles] == ["第一条", "第二条", "第十条", "第十条之一", "第十一条"]
    second = statute.articles[1]
    assert second.text.splitlines() == [
        "本法所称示例单位，是指参加测试的单位。", "示例单位应当按约定办理下列事项：", "（一）登记；", "（二）备案。"]
    assert [a.chapter for a in statute.articles] == [
        "第一章 总则", "第一章 总则", "第二章 办理 / 第一节 申请", "第二章 办理 / 第一节 申请",
        "第二章 办理 / 第二节 期限"]
    assert statute.articles[3].suffix == "之一"
    # Line numbers are paragraph numbers: title, history, 目录 and its 4 entries, then the body.
    assert statute.articles[0].line == 9


def test_a_regulation_in_force_from_a_date_in_its_history(tmp_path):
    path = write_docx(tmp_path / "r.docx", "示例条例", f"（2010年12月20日国务院令第1号公布{FW}自2011年1月1日起施行）",
                      [f"第一条{FW}为了测试，制定本条例。"])
    statute = parse_docx(path, LIMIT)
    assert (statute.short_title, statute.version, statute.effective, statute.issuer) == (
        "示例条例", "2010-12-20", "2011-01-01", "国务院")


@pytest.mark.parametrize(("change", "line", "problem"), [
    (lambda body: [*body, f"第二条{FW}又一个第二条。"], 15, "第二条 appears twice (first on line 5)"),
    (lambda body: [f"第零条{FW}零。", *body], 3, "article number out of range"),
])
def test_malformed_articles_name_the_paragraph(tmp_path, change, line, problem):
    path = write_docx(tmp_path / "bad.docx", "中华人民共和国示例法", HISTORY, change(BODY))
    with pytest.raises(StatuteError) as caught:
        parse_docx(path, LIMIT)
    assert caught.value.line == line and problem in caught.value.problem


def test_a_document_without_a_history_or_articles_is_told(tmp_path):
    with pytest.raises(StatuteError, match="no history in parentheses"):
        parse_docx(write_docx(tmp_path / "a.docx", "会议纪要", "这是一份普通文件。", []), LIMIT)
    with pytest.raises(NoArticles):
        parse_docx(write_docx(tmp_path / "b.docx", "示例决定", "（2020年1月1日通过）", ["一、同意。"]), LIMIT)


def test_a_damaged_package_is_refused(tmp_path, sample_docx):
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(sample_docx.read_bytes()[:2000])
    with pytest.raises(StatuteError, match="not a"):
        parse_docx(truncated, LIMIT)
    other = tmp_path / "other.docx"
    with zipfile.ZipFile(other, "w") as package:
        package.writestr("hello.txt", "not a word document")
    with pytest.raises(StatuteError, match=r"not a readable \.docx file"):
        parse_docx(other, LIMIT)


def test_a_docx_imports_beside_markdown_and_reimports_without_duplicates(library, tmp_path, sample_docx):
    first = library.import_paths([sample_docx])
    assert (first.laws, first.articles, first.errors) == (1, 5, [])
    library.import_paths([sample_docx])
    rows = library.store.connection.execute(
        "SELECT version, effective, status, has_text FROM laws WHERE short_title = '示例法'").fetchall()
    assert rows == [("2024-04-30", "2024-09-01", "有效", 1)]
    found = library.search("自助终端 办理", 5, log=False, within="articles")
    assert [(r.label, r.version) for r in found[:1]] == [("第十条之一", "2024-04-30")]


def test_a_revision_the_knowledge_base_declares_without_text_is_filled(library, tmp_path):
    """A later version the shipped content describes but cannot show (has_text false) takes the imported text."""
    laws = read_content(asset("legal", "laws.json")).laws
    declared = [law for law in laws if not law.has_text
                and any(old.short_title == law.short_title and old.version < law.version for old in laws)]
    assert declared, "laws.json declares no later version without text"
    law = declared[0]
    year, month, day = (int(part) for part in law.version.split("-"))
    history = f"（{year}年{month}月{day}日第十四届全国人民代表大会常务委员会第九十九次会议修订）"
    body = [f"第一条{FW}为了测试导入，写下这条虚构的条文。", f"第二条{FW}本条也是虚构的。"]
    if law.effective != law.version:
        in_force = [int(part) for part in law.effective.split("-")]
        body.append(f"第三条{FW}本法自{in_force[0]}年{in_force[1]}月{in_force[2]}日起施行。")
    path = write_docx(tmp_path / "revision.docx", law.title, history, body)
    before = library.store.connection.execute(
        "SELECT id, has_text FROM laws WHERE title = ? AND version = ?", (law.title, law.version)).fetchall()
    assert [row[1] for row in before] == [0]

    report = library.import_paths([path])
    assert (report.laws, report.articles, report.errors) == (1, len(body), [])
    rows = library.store.connection.execute(
        "SELECT id, version, effective, has_text, status FROM laws WHERE short_title = ? ORDER BY version",
        (law.short_title,)).fetchall()
    filled = [row for row in rows if row[1] == law.version]
    assert filled == [(before[0][0], law.version, law.effective, 1, "有效")]  # the same row, not a second law
    older = [row[4] for row in rows if row[1] < law.version]
    assert older and set(older) == {"已修改"}
    article = library.search("虚构 条文 导入", 5, log=False, within="articles")[0]
    assert (article.version, article.status, article.label) == (law.version, "有效", "第一条")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(st.sampled_from(f"第一二十百零〇条之章节编（）。{FW} 甲乙\n"), max_size=30), max_size=12))
def test_fuzzed_docx_bodies_end_in_a_statute_or_one_error_line(tmp_path, body):
    path = write_docx(tmp_path / "fuzz.docx", "中华人民共和国示例法", HISTORY, ["\n".join(body)] if body else [])
    started = time.perf_counter()
    try:
        statute = parse_docx(path, LIMIT)
    except StatuteError as error:
        assert str(error).startswith(f"{path}:") and "\n" not in str(error)
    else:
        assert all(1 <= a.number <= 9999 and a.line >= 1 for a in statute.articles)
    assert time.perf_counter() - started < 2


def test_the_title_is_the_paragraph_above_the_history_even_after_a_notice(tmp_path):
    document = docx.Document()
    for text in ("最高人民法院公告", "法释〔2020〕99号", "最高人民法院关于\n示例问题的解释",
                 f"（2020年12月1日最高人民法院审判委员会第1次会议通过{FW}自2021年1月1日起施行）",
                 f"第一条{FW}虚构的解释条文。"):
        document.add_paragraph(text)
    document.save(str(tmp_path / "j.docx"))
    statute = parse_docx(tmp_path / "j.docx", LIMIT)
    assert (statute.title, statute.version, statute.effective, statute.issuer) == (
        "最高人民法院关于示例问题的解释", "2020-12-01", "2021-01-01", "最高人民法院")


def test_a_part_that_understates_its_size_is_read_no_further_than_declared(tmp_path, sample_docx):
    """A zip bomb that lies: 'word/document.xml' declares 1,000 bytes but inflates to 50 MB. zipfile
    stops at the declared size, the checksum then fails, and the file is refused quickly."""
    path = tmp_path / "liar.docx"
    with zipfile.ZipFile(sample_docx) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                package.writestr(item, source.read(item))
        package.writestr("word/document.xml", b"<" + b"\0" * (50 << 20))
    with zipfile.ZipFile(path) as package:
        local = package.getinfo("word/document.xml").header_offset
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"word/document.xml"))  # its central directory entry
    data[local + 22: local + 26] = data[central + 24: central + 28] = struct.pack("<I", 1000)
    path.write_bytes(bytes(data))
    started = time.perf_counter()
    with pytest.raises(StatuteError, match=r"not a readable \.docx file"):
        parse_docx(path, LIMIT)
    assert time.perf_counter() - started < 5
