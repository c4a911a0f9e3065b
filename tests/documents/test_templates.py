"""The six templates: they load, ask nothing personal, cite articles that say what the page relies
on, and a broken template file is refused when read."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from statute_text import article, law_text

from kiosk.documents import TemplateError, make_draft, templates
from kiosk.documents.layout import Run
from kiosk.documents.model import KINDS
from kiosk.documents.templates import load_templates, templates_dir
from kiosk.legal.numerals import article_label

NAMES = ["labour_arbitration", "civil_complaint", "iou", "receipt", "legal_aid", "mediation"]
PERSONAL = ("姓名", "身份证", "住址", "住所", "电话", "名称")


def test_the_six_templates_in_order() -> None:
    assert [t.name for t in templates()] == NAMES
    for template in templates():
        assert template.title.zh and template.title.en and template.summary.zh and template.summary.en


def test_nothing_personal_is_asked_and_every_question_is_touch() -> None:
    for template in templates():
        for question in template.questions:
            assert question.kind in KINDS
            assert not any(word in question.label.zh for word in PERSONAL), (template.name, question.key)
            for option in question.options:
                assert option.label.zh and option.label.en


def page_words(name: str, answers: dict, today) -> str:
    draft = make_draft(name, answers, today)
    return "".join(item.text for page in draft.pages for item in page if isinstance(item, Run))


def test_the_arbitration_application_has_what_article_28_requires(samples, today) -> None:
    """劳动争议调解仲裁法 第二十八条 (2007-12-29): both parties' particulars, the claims with their facts and
    reasons, the evidence with its source, and the witnesses' names and addresses."""
    words = page_words("labour_arbitration", samples["labour_arbitration"], today)
    for item in ("姓名", "性别", "出生日期", "职业", "工作单位", "住所",  # the worker
                 "名称", "法定代表人（主要负责人）", "职务",  # the employer
                 "仲裁请求", "事实和理由", "证据和证据来源、证人姓名和住所", "证人姓名",
                 "副本"):  # one copy per respondent (first paragraph)
        assert item in words, item


def test_the_complaint_is_in_element_style_with_what_article_124_requires(samples, today) -> None:
    draft = make_draft("civil_complaint", samples["civil_complaint"], today)
    elements = [item.text for page in draft.pages for item in page if isinstance(item, Run) and item.bold]
    for element in ("借款凭证", "出借日期", "借款本金", "交付方式", "约定还款日期", "利息约定", "还款情况", "催收情况",
                    "担保情况"):
        assert element in elements
    words = page_words("civil_complaint", samples["civil_complaint"], today)
    for item in ("原告", "被告", "民族", "联系电话", "诉讼请求", "事实与理由", "证据清单"):
        assert item in words


# What each cited article must say for the template's wording to rest on it.
ARTICLE_SAYS = {
    ("劳动争议调解仲裁法", 28): ["副本", "仲裁请求", "证据来源", "证人姓名和住所", "法定代表人"],
    ("劳动争议调解仲裁法", 27): ["一年", "劳动关系终止"],
    ("民事诉讼法", 124): ["诉讼请求", "证据来源", "民族"],
    ("民法典", 675): ["约定的期限返还"],
    ("民法典", 676): ["逾期利息"],
    ("民法典", 668): ["利率", "还款方式"],
    ("民法典", 680): ["视为没有利息"],
    ("民法典", 557): ["债务已经履行"],
    ("最高人民法院关于审理民间借贷案件适用法律若干问题的规定", 25): ["一年期贷款市场报价利率四倍"],
    ("法律援助法", 31): ["劳动报酬", "赡养费", "国家赔偿", "抚恤金", "环境污染"],
    ("法律援助法", 32): ["家庭暴力"],
    ("法律援助法", 38): ["办案机关所在地", "事由发生地"],
    ("法律援助法", 41): ["诚信承诺"],
    ("法律援助法", 42): ["免予核查", "进城务工人员", "社会救助"],
    ("法律援助法", 43): ["一次性告知"],
    ("法律援助法", 44): ["不足七日", "先予执行"],
    ("人民调解法", 4): ["不收取任何费用"],
    ("人民调解法", 17): ["申请调解"],
    ("人民调解法", 23): ["拒绝调解", "不公开"],
    ("人民调解法", 24): ["如实陈述"],
    ("人民调解法", 33): ["三十日", "司法确认"],
}


def test_every_cited_article_is_in_the_corpus_and_says_what_the_page_relies_on(shared_data) -> None:
    laws = shared_data / "laws"
    cited = {(c.law, c.article, c.version) for t in templates() for c in t.cites}
    assert {(law, number) for law, number, _ in cited} == set(ARTICLE_SAYS)
    for law, number, version in cited:
        text = article(law_text(laws, law, version), number)
        for phrase in ARTICLE_SAYS[(law, number)]:
            assert phrase in text, (law, number, phrase)


def test_notes_name_only_articles_the_template_cites() -> None:
    """A note's 《法》第…条 reference is one of the template's own citations, with its version."""
    checked = 0
    for template in templates():
        labels = {(c.law, article_label(c.article)) for c in template.cites}
        versions = {c.version for c in template.cites}
        for block in template.blocks:
            for law, articles, version in re.findall(r"《(.+?)》((?:第.+?条、?)+)，(\d{4}-\d{2}-\d{2})", block.text):
                assert version in versions
                for label in re.findall(r"第.+?条", articles):
                    assert (law, label) in labels, (template.name, law, label)
                    checked += 1
    assert checked >= 7  # the notes of the arbitration, legal aid and mediation forms


def broken(tmp_path: Path, change) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    raw = json.loads((templates_dir() / "iou.json").read_text(encoding="utf-8"))
    change(raw)
    (folder / "iou.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("change", "complaint"), [
    (lambda raw: raw["blocks"].append({"para": "{no_such_question}"}), "no_such_question"),
    (lambda raw: raw["questions"][0].update(kind="text"), "unknown kind"),
    (lambda raw: raw["blocks"].append({"para": "x", "when": {"interest": ["monthly"]}}), "monthly"),
    (lambda raw: raw["blocks"].append({"list": "amount"}), "multi"),
    (lambda raw: raw["blocks"].append({"para": "{amount|upper}"}), "upper"),
    (lambda raw: raw["blocks"].append({"para": "a", "heading": "b"}), "exactly one"),
    (lambda raw: raw.pop("cites"), "cites"),
])
def test_a_broken_template_is_refused_when_read(tmp_path, change, complaint) -> None:
    with pytest.raises(TemplateError, match=complaint):
        load_templates(broken(tmp_path, change))
