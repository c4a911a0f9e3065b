"""Every article a calculator cites is in the corpus under that title and version, and the numbers the
calculators use are the numbers those articles state."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from statute_text import CIVIL_CODE_VERSION, article, law_text

from kiosk.calculators import court_fee, deadline, dismissal_damages, double_wage, interest_cap, severance, work_injury
from kiosk.calculators.court_fee import CASE_KINDS, FLAT_FEE, FLAT_UP_TO, PROPERTY_BANDS
from kiosk.calculators.deadlines import DEADLINE_KINDS
from kiosk.calculators.interest import CAP_TIMES
from kiosk.calculators.labour import DISABILITY_MONTHS
from kiosk.foundation.config import load_settings

FIGURES = load_settings().calculators


def every_result():
    yield severance("2005-01-01", "2025-06-30", "50000", FIGURES)
    yield dismissal_damages("2019-03-01", "2025-11-30", "2000", FIGURES)
    yield double_wage("2026-01-10", "5000", end="2027-06-01")
    for grade in range(1, 11):
        yield work_injury(grade, "8000", FIGURES)
    yield court_fee("100000", summary=True)
    for kind in CASE_KINDS:
        yield court_fee(kind=kind)
    yield interest_cap("100000", FIGURES, contract_date="2019-12-01", loan_end="2020-12-01")
    for kind in DEADLINE_KINDS:
        yield deadline(kind, "2026-11-01", "2026-12-07")


@pytest.fixture(scope="module")
def laws(shared_data) -> Path:
    return shared_data / "laws"


def test_every_cited_article_is_in_the_corpus_under_its_version(laws):
    cited = {(c.law, c.version, c.article) for result in every_result() for c in result.cites}
    assert len(cited) > 30
    texts: dict[tuple[str, str], str] = {}
    for law, version, number in sorted(cited):
        text = texts.setdefault((law, version), law_text(laws, law, version))
        assert article(text, number)


def test_the_disability_months_are_those_of_articles_35_to_37(laws):
    text = law_text(laws, "工伤保险条例", "2010-12-20")
    numerals = "一二三四五六七八九十"
    stated = {}
    for number in (35, 36, 37):
        for grade, months in re.findall(r"([一二三四五六七八九十])级伤残为(\d+)个月的本人工资", article(text, number)):
            stated[numerals.index(grade) + 1] = int(months)
    assert stated == DISABILITY_MONTHS
    assert "300%" in article(text, 64) and "60%" in article(text, 64)


def test_the_fee_scale_is_that_of_article_13(laws):
    text = article(law_text(laws, "诉讼费用交纳办法", "2006-12-19"), 13)
    assert f"不超过1万元的，每件交纳{FLAT_FEE}元" in text and FLAT_UP_TO == 10_000
    stated = re.findall(r"超过(\d+)万元(?:至(\d+)万元)?的部分，按照([\d.]+)%交纳", text.split("(二)")[0])
    ours = [(str(int(low / 10_000)), "" if high is None else str(int(high / 10_000)), f"{rate * 100:f}".rstrip("0")
             .rstrip(".")) for low, high, rate in PROPERTY_BANDS]
    assert stated == ours
    for kind in ("divorce", "personality", "other", "ip", "labour"):
        case = CASE_KINDS[kind]
        expected = f"每件交纳{case.low}元" if case.low == case.high else f"每件交纳{case.low}元至{case.high}元"
        assert expected in text, kind
    assert "减半" in article(law_text(laws, "诉讼费用交纳办法", "2006-12-19"), 16)


def test_the_loan_cap_the_compensation_rules_and_the_deadlines_read_as_used(laws):
    lending = law_text(laws, "最高人民法院关于审理民间借贷案件适用法律若干问题的规定", "2020-12-29")
    assert "一年期贷款市场报价利率四倍" in article(lending, 25) and CAP_TIMES == 4
    assert "实际出借的金额" in article(lending, 26)
    contract = law_text(laws, "劳动合同法", "2012-12-28")
    for words in ("六个月以上", "按一年计算", "半个月工资", "三倍", "十二年"):
        assert words in article(contract, 47)
    assert "二倍" in article(contract, 87)
    assert "超过一个月不满一年" in article(contract, 82)
    assert "一年" in article(law_text(laws, "劳动争议调解仲裁法", "2007-12-29"), 27)
    assert "三年" in article(law_text(laws, "民法典", CIVIL_CODE_VERSION), 188)
    assert "法定休假日" in article(law_text(laws, "民法典", CIVIL_CODE_VERSION), 203)
    procedure = law_text(laws, "民事诉讼法", "2023-09-01")
    assert "十五日内" in article(procedure, 171) and "十日内" in article(procedure, 171)
    assert "法定休假日" in article(procedure, 85)
    assert "六个月" in article(law_text(laws, "仲裁法", "2017-09-01"), 59)


def test_no_2025_arbitration_law_text_is_in_the_corpus(laws):
    """When it arrives, the set-aside deadline should be computed from it instead of being referred out."""
    assert [path.name for path in laws.rglob("仲裁法(*.md")] == ["仲裁法(2017-09-01).md"]


def test_every_law_cited_has_the_english_name_the_knowledge_base_gives_it():
    """A calculator's citation in English names the law as the answers do (assets/legal/laws.json)."""
    import json

    from kiosk.foundation.resources import asset

    known = {(law["short_title"], law["version"]): law.get("short_title_en", "")
             for law in json.loads(asset("legal", "laws.json").read_text(encoding="utf-8"))["laws"]}
    cited = {(c.law, c.version, c.law_en) for result in every_result() for c in result.cites}
    assert all(english for _law, _version, english in cited)
    assert {(law, version, english) for law, version, english in cited if (law, version) in known} == \
        {(law, version, known[law, version]) for law, version, _english in cited if (law, version) in known}
    assert {law for law, version, _english in cited if (law, version) not in known} == {"诉讼费用交纳办法"}
