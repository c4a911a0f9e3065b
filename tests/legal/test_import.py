"""``kb import``: folders walked, non-statutes skipped and counted, malformed files reported
with file and line while the rest goes on, versions side by side, re-import without duplicates."""

from __future__ import annotations

import json
import os
import zipfile

import pytest

from kiosk.legal import importer
from kiosk.legal.importer import MB, ImportLimits


def make_folder(root, sample_statute):
    (root / "社会法").mkdir(parents=True)
    (root / "_index.md").write_text("---\nbookCollapseSection: true\n---\n", encoding="utf-8")
    (root / "社会法" / "示例法(2010-06-01).md").write_text(sample_statute, encoding="utf-8")
    newer = sample_statute.replace("2010年6月1日 起施行", "2020年1月1日 修订\n\n2020年5月1日 起施行") \
        .replace("仲裁员应当公正。", "仲裁员应当公正、及时。")
    (root / "社会法" / "示例法(2020-01-01).md").write_text(newer, encoding="utf-8")
    (root / "notes.txt").write_text("not a statute", encoding="utf-8")
    return root


def test_a_folder_imports_with_versions_side_by_side(library, tmp_path, sample_statute):
    report = library.import_paths([make_folder(tmp_path / "laws", sample_statute)])
    assert (report.laws, report.articles, report.skipped, report.errors) == (2, 10, 2, [])
    rows = library.store.connection.execute(
        "SELECT version, effective, status FROM laws WHERE short_title = '示例法' ORDER BY version").fetchall()
    assert rows == [("2010-06-01", "2010-06-01", "已修改"), ("2020-01-01", "2020-05-01", "有效")]
    results = library.search("仲裁员 公正", 5, log=False, within="articles")
    assert [(r.label, r.version, r.status) for r in results] == [("第十条", "2020-01-01", "有效")]  # one version each


def test_importing_again_changes_nothing(library, tmp_path, sample_statute):
    folder = make_folder(tmp_path / "laws", sample_statute)
    library.import_paths([folder])
    before = library.stats()
    report = library.import_paths([folder])
    after = library.stats()
    assert report.articles == 10
    assert {k: after[k] for k in ("laws", "articles", "docs")} == {k: before[k] for k in ("laws", "articles", "docs")}
    assert library.store.connection.execute(
        "SELECT count(*) FROM articles WHERE text LIKE '仲裁员%'").fetchone()[0] == 2  # once in each version
    assert after["reimport_needed"] is False
    library.store.set_meta("articles_dictionary", "an older dictionary")
    assert library.stats()["reimport_needed"] is True


def test_a_changed_article_replaces_the_old_text(library, tmp_path, sample_statute):
    path = tmp_path / "示例法(2010-06-01).md"
    path.write_text(sample_statute, encoding="utf-8")
    library.import_paths([path])
    path.write_text(sample_statute.replace("仲裁员应当公正。", "调解员应当耐心。"), encoding="utf-8")
    library.import_paths([path])
    assert library.search("仲裁员", 5, log=False, within="articles") == []
    assert [r.label for r in library.search("调解员 耐心", 5, log=False, within="articles")] == ["第十条"]


def test_malformed_files_are_reported_and_the_rest_goes_on(library, tmp_path, sample_statute):
    folder = make_folder(tmp_path / "laws", sample_statute)
    (folder / "duplicate(2011-01-01).md").write_text(
        sample_statute.replace("第一百零一条", "第二条"), encoding="utf-8")
    (folder / "latin1(2012-01-01).md").write_bytes("# 示例\n\n第一条 x\n".encode() + b"\xff\xfe")
    (folder / "answers.json").write_text('{"answers": [{"id": "x", "topic": "labour"', encoding="utf-8")
    (folder / "guides.csv").write_text("service,name\nbanking,银行\n", encoding="utf-8")
    report = library.import_paths([folder])
    assert report.laws == 2 and report.articles == 10
    problems = "\n".join(report.errors)
    assert len(report.errors) == 4, problems
    assert f"{folder / 'duplicate(2011-01-01).md'}:25: 第二条 appears twice" in problems
    assert f"{folder / 'latin1(2012-01-01).md'}:4: not UTF-8 text" in problems
    assert f"{folder / 'answers.json'}:1: not valid JSON" in problems
    assert f"{folder / 'guides.csv'}:2: service should be one of" in problems


def test_a_missing_path_is_refused_before_anything_is_written(library, tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        library.import_paths([tmp_path / "nowhere"])


def test_answers_guides_and_channels_import_from_json_and_csv(library, tmp_path):
    (tmp_path / "answers.csv").write_text(
        "id,topic,question,answer,keywords,cites\n"
        "local-rent,tenancy,本市公租房租金怎么交？,按月到街道窗口交。,公租房;租金,民法典(2020-05-28)#703\n",
        encoding="utf-8")
    (tmp_path / "channels.json").write_text(json.dumps({"channels": [{
        "code": "city_app", "name": "市民服务App", "name_en": "City app", "description": "预约与咨询",
        "contact": "应用商店搜索", "qr_url": "https://example.org/app", "qr_label": "扫码下载"}]}, ensure_ascii=False),
        encoding="utf-8")
    report = library.import_paths([tmp_path])
    assert (report.answers, report.channels, report.errors) == (1, 1, [])
    assert library.search("公租房", 3, log=False)[0].ref == "local-rent"
    assert "city_app" in [channel.code for channel in library.channels()]
    view = library.answer("local-rent")
    assert view.cites[0].law == "中华人民共和国民法典" and view.cites[0].label == "第七百零三条"


def test_a_staff_answer_replaces_the_shipped_one_and_survives_a_content_update(library, tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{
        "id": "mediation-fee", "topic": "mediation", "question": "人民调解收费吗？", "answer": "本中心调解一律免费。",
        "cites": ["人民调解法(2010-08-28)#4"]}], ensure_ascii=False), encoding="utf-8")
    library.import_paths([tmp_path / "a.json"])
    library.store.set_meta("default_content", "outdated")
    assert library.store.ensure_default_content(library.today())
    assert library.answer("mediation-fee").answer == "本中心调解一律免费。"


# --- hostile and broken files (issue 18 item 6): each one refused with file and line, the rest imported ---

def _deep_json(path):
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")


def _long_csv_field(path):
    path.write_text("id,topic,question,answer,cites\nx,labour,问,\"" + "长" * 140_000 + "\",民法典(2020-05-28)#1\n",
                    encoding="utf-8")


def _long_number(path):
    path.write_text('{"answers": [\n{"id": "n", "topic": "labour", "question": "问", "answer": "答",\n'
                    '"cites": [{"law": "民法典", "version": "2020-05-28", "article": ' + "7" * 5000 + "}]}]}",
                    encoding="utf-8")


def _cite_of_10_to_the_30(path):
    path.write_text("id,topic,question,answer,cites\nx,labour,问,答,民法典(2020-05-28)#1" + "0" * 30 + "\n",
                    encoding="utf-8")


def _docx_bomb(path):
    # A member that declares 1 GB unpacked (zeros compress about 1000:1): refused before anything is inflated.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(1024):
                member.write(chunk)


BAD_FILES = [
    ("zero(2010-06-01).md", lambda p, s: p.write_text(s.replace("第一条 为了", "第零条 为了"), encoding="utf-8"),
     11, "article number out of range"),
    ("big(2010-06-01).md", lambda p, s: p.write_text(s.replace("第一条 为了", "第一" + "〇" * 30 + "条 为了"),
                                                     encoding="utf-8"),
     11, "article number out of range"),
    ("deep.json", lambda p, s: _deep_json(p), 1, "not valid JSON (nested too deeply)"),
    ("long.csv", lambda p, s: _long_csv_field(p), 2, "a field is longer than 131072 characters"),
    ("digits.json", lambda p, s: _long_number(p), 2, "a number has more than 18 digits"),
    ("cite.csv", lambda p, s: _cite_of_10_to_the_30(p), 2, "cite article should be a whole number from 1 to 9999"),
    ("gbk(2010-06-01).md", lambda p, s: p.write_bytes(s.encode("gbk")), 1, "not UTF-8 text"),
    ("gbk.json", lambda p, s: p.write_bytes('\n[{"id": "答"}]'.encode("gbk")), 2, "not UTF-8 text"),
    ("empty.json", lambda p, s: p.write_bytes(b""), 1, "empty file"),
    ("empty(2010-06-01).md", lambda p, s: p.write_bytes(b""), 1, "empty file"),
    ("text.docx", lambda p, s: p.write_text("这不是文档", encoding="utf-8"), 1, "not a .docx file (not a zip archive)"),
    ("bomb.docx", lambda p, s: _docx_bomb(p), 1, "declares 1073741824 bytes unpacked"),
    ("long-article(2010-06-01).md", lambda p, s: p.write_text(s.replace("仲裁员应当公正。", "公正" * 40_000),
                                                               encoding="utf-8"),
     21, "第十条 is longer than 64000 characters"),
]


@pytest.mark.parametrize(("name", "write", "line", "problem"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_a_bad_file_is_refused_with_file_and_line_and_the_rest_imports(library, tmp_path, sample_statute,
                                                                      name, write, line, problem):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good(2010-06-01).md").write_text(sample_statute, encoding="utf-8")
    write(folder / name, sample_statute)
    report = library.import_paths([folder])
    assert report.errors == [report.errors[0]] and report.errors[0].startswith(f"{folder / name}:{line}: "), \
        report.errors
    assert problem in report.errors[0]
    assert (report.laws, report.articles, report.files) == (1, 5, 1)
    assert len(library.search("仲裁员 公正", 5, log=False, within="articles")) == 1


def test_a_file_name_with_odd_characters_is_reported_on_one_line(library, tmp_path, sample_statute):
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.fsdecode(b"line\nbreak\xff tab\t(2010-06-01).md")
    (folder / odd).write_text(sample_statute.replace("第一百零一条", "第二条"), encoding="utf-8")
    (folder / "good(2010-06-01).md").write_text(sample_statute, encoding="utf-8")
    report = library.import_paths([folder])
    assert report.errors == [f"{folder}/line\\nbreak\\udcff tab\\t(2010-06-01).md:25: 第二条 appears twice "
                             "(first on line 13)"]
    assert report.laws == 1


def test_files_over_the_size_limit_are_refused_unread(library, tmp_path, sample_statute):
    (tmp_path / "a(2010-06-01).md").write_text(sample_statute, encoding="utf-8")
    (tmp_path / "b.json").write_text("[]" + " " * 3 * MB, encoding="utf-8")
    (tmp_path / "c(2010-06-01).md").write_text(sample_statute + "\n" * 3 * MB, encoding="utf-8")
    report = library.import_paths([tmp_path], limits=ImportLimits(file_bytes=2 * MB, statute_bytes=2 * MB))
    assert report.errors == [f"{tmp_path / 'b.json'}:1: 3.0 MB, over the 2 MB limit for one file "
                             "(kb import --max-file-mb / --max-statute-mb)",
                             f"{tmp_path / 'c(2010-06-01).md'}:1: 3.0 MB, over the 2 MB limit for one file "
                             "(kb import --max-file-mb / --max-statute-mb)"]
    assert report.laws == 1


def test_a_large_statute_is_streamed_and_reads_as_a_small_one(library, tmp_path, sample_statute, monkeypatch):
    monkeypatch.setattr(importer, "STREAM_BYTES", 100)
    monkeypatch.setattr(importer, "STREAM_BATCH", 2)
    folder = make_folder(tmp_path / "laws", sample_statute)
    report = library.import_paths([folder])
    assert (report.laws, report.articles, report.skipped, report.errors) == (2, 10, 2, [])
    rows = library.store.connection.execute(
        "SELECT a.label, a.chapter, a.line FROM articles a JOIN laws l ON l.id = a.law_id "
        "WHERE l.version = '2010-06-01' ORDER BY a.id").fetchall()
    assert rows == [("第一条", "第一章 总则", 11), ("第二条", "第一章 总则", 13),
                    ("第十条", "第二章 分则 / 第一节 一般规定", 21),
                    ("第十条之一", "第二章 分则 / 第一节 一般规定", 23),
                    ("第一百零一条", "第二章 分则 / 第一节 一般规定", 25)]


def test_a_streamed_statute_that_turns_out_bad_leaves_nothing_behind(library, tmp_path, sample_statute,
                                                                      monkeypatch):
    monkeypatch.setattr(importer, "STREAM_BYTES", 100)
    monkeypatch.setattr(importer, "STREAM_BATCH", 2)
    path = tmp_path / "示例法(2010-06-01).md"
    path.write_text(sample_statute.replace("第一百零一条", "第二条"), encoding="utf-8")
    before = library.stats()
    report = library.import_paths([path])
    assert report.errors == [f"{path}:25: 第二条 appears twice (first on line 13)"]
    after = library.stats()
    assert {k: after[k] for k in ("laws", "articles", "docs")} == {k: before[k] for k in ("laws", "articles", "docs")}


def test_a_law_the_curated_content_declares_under_another_title_is_filled(library, tmp_path, sample_statute):
    (tmp_path / "laws.json").write_text(json.dumps({"laws": [{
        "title": "中华人民共和国示例法", "short_title": "示例法", "version": "2010-06-01", "effective": "2010-07-01",
        "has_text": False}]}, ensure_ascii=False), encoding="utf-8")
    library.import_paths([tmp_path / "laws.json"])
    statute = tmp_path / "示例法(2010-06-01).md"
    statute.write_text(sample_statute.replace("# 中华人民共和国示例法", "# 示例法"), encoding="utf-8")
    assert library.import_paths([statute]).errors == []
    rows = library.store.connection.execute(
        "SELECT title, has_text, effective FROM laws WHERE short_title = '示例法'").fetchall()
    assert rows == [("中华人民共和国示例法", 1, "2010-07-01")]
