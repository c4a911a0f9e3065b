"""``kb import``: folders walked, non-statutes skipped and counted, malformed files reported
with file and line while the rest goes on, versions side by side, re-import without duplicates."""

from __future__ import annotations

import json

import pytest


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
