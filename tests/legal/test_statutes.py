"""Reading statute Markdown: numerals, chapters, versions, and what is malformed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.legal.numerals import article_label, parse_numeral, to_numeral
from kiosk.legal.statutes import NoArticles, StatuteError, looks_like_statute, parse_statute


@pytest.mark.parametrize(("text", "number"), [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("一百", 100), ("一百零一", 101), ("一百一十", 110),
    ("五百三十三", 533), ("一千零六十五", 1065), ("一千二百六十", 1260), ("两百", 200),
])
def test_chinese_numerals(text, number):
    assert parse_numeral(text) == number


@pytest.mark.parametrize("text", ["", "十十", "百一千", "条", "一x"])
def test_what_is_not_a_numeral_is_refused(text):
    with pytest.raises(ValueError, match="expected a Chinese numeral"):
        parse_numeral(text)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999))
def test_numerals_round_trip(number):
    assert parse_numeral(to_numeral(number)) == number


def test_article_labels():
    assert article_label(40) == "第四十条"
    assert article_label(17, "之一") == "第十七条之一"


def test_a_statute_with_chapters_sections_and_inserted_articles(tmp_path, sample_statute):
    path = tmp_path / "示例法(2010-06-01).md"
    statute = parse_statute(path, sample_statute, tmp_path)
    assert statute.title == "中华人民共和国示例法" and statute.short_title == "示例法"
    assert statute.version == "2010-06-01" and statute.effective == "2010-06-01"
    assert statute.promulgated == "2001-01-01"
    assert statute.issuer == "全国人民代表大会常务委员会"
    labels = [article.label for article in statute.articles]
    assert labels == ["第一条", "第二条", "第十条", "第十条之一", "第一百零一条"]
    second = statute.articles[1]
    assert second.text == "本法所称用人单位，包括企业。\n用人单位应当按时支付劳动报酬。"
    assert second.chapter == "第一章 总则"
    assert statute.articles[2].chapter == "第二章 分则 / 第一节 一般规定"
    assert statute.articles[3].number == 10 and statute.articles[3].suffix == "之一"
    assert statute.articles[4].line == sample_statute.splitlines().index("第一百零一条 本法自公布之日起施行。") + 1


def test_a_part_of_a_code_takes_the_codes_short_title(tmp_path):
    text = "# 中华人民共和国民法典\n\n# 合同编\n\n2020年5月28日 通过\n\n2021年1月1日 施行\n\n<!-- INFO END -->\n\n" \
           "## 第一分编 通则\n\n第四百六十三条 本编调整因合同产生的民事关系。\n"
    statute = parse_statute(tmp_path / "合同编.md", text)
    assert (statute.short_title, statute.version, statute.effective) == ("民法典", "2020-05-28", "2021-01-01")
    assert statute.articles[0].number == 463 and statute.articles[0].chapter == "第一分编 通则"


def test_a_stray_space_before_tiao_still_reads(tmp_path, sample_statute):
    text = sample_statute.replace("第十条 仲裁员", "第十 条仲裁员")
    assert [a.number for a in parse_statute(tmp_path / "x.md", text).articles][2] == 10


@pytest.mark.parametrize(("change", "line", "problem"), [
    (lambda t: t.replace("第十条之一", "第十十条"), 23, "article number not readable"),
    (lambda t: t.replace("第一百零一条", "第二条"), 25, "appears twice (first on line 13)"),
    (lambda t: t.replace("# 中华人民共和国示例法\n", ""), 1, "no '# title' line"),
    (lambda t: t.replace("<!-- INFO END -->", ""), 1, "no <!-- INFO END --> line"),
])
def test_malformed_statutes_name_the_line(tmp_path, sample_statute, change, line, problem):
    with pytest.raises(StatuteError) as caught:
        parse_statute(tmp_path / "bad.md", change(sample_statute))
    assert caught.value.line == line and problem in caught.value.problem
    assert str(caught.value).startswith(f"{tmp_path / 'bad.md'}:{line}: ")


def test_a_statute_without_articles_is_told_apart(tmp_path):
    text = "# 中华人民共和国刑法修正案\n\n1999年12月25日 通过\n\n<!-- INFO END -->\n\n一、将刑法第一条修改为：……\n"
    with pytest.raises(NoArticles):
        parse_statute(tmp_path / "修正案.md", text)


def test_folder_indexes_are_not_statutes():
    assert not looks_like_statute("---\nbookCollapseSection: true\n---\n")
    assert not looks_like_statute("# 说明\n\n这里放法律。\n")


def test_the_national_corpus_reads_without_errors(shared_data: Path):
    articles = statutes = 0
    for path in sorted((shared_data / "laws").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not looks_like_statute(text):
            continue
        try:
            statute = parse_statute(path, text, shared_data / "laws")
        except NoArticles:
            continue
        statutes += 1
        articles += len(statute.articles)
    assert statutes > 1400 and articles > 64_000


@pytest.mark.parametrize(("change", "line", "problem"), [
    (lambda t: t.replace("# 中华人民共和国示例法", "# " + "长" * 300), 1, "a title longer than 200 characters"),
    (lambda t: t.replace("2010年6月1日 起施行", "2010年6月1日 起施行" + "。" * 17_000), 5,
     "title and history longer than 16000 characters"),
    (lambda t: t.replace("仲裁员应当公正。", "公正" * 40_000), 21, "第十条 is longer than 64000 characters"),
])
def test_titles_histories_and_articles_are_bounded(tmp_path, sample_statute, change, line, problem):
    with pytest.raises(StatuteError) as caught:
        parse_statute(tmp_path / "big.md", change(sample_statute))
    assert (caught.value.line, caught.value.problem) == (line, problem)
