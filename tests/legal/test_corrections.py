"""The corrections of issue 13 §1: each corrected answer says what its article says, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.foundation.resources import asset
from kiosk.legal.content import read_content
from kiosk.legal.statutes import StatuteError, looks_like_statute, parse_statute
from kiosk.legal.store import shipped_answers

REVISED = {  # law: (old version cited, adoption date of the revision, its effective date)
    "传染病防治法": ("2013-06-29", "2025-04-30", "2025-09-01"),
    "仲裁法": ("2017-09-01", "2025-09-12", "2026-03-01"),
    "治安管理处罚法": ("2012-10-26", "2025-06-27", "2026-01-01"),
}


def answers() -> dict:
    return {answer.id: answer for answer in shipped_answers()}


def guides() -> dict:
    return {guide.service: guide for guide in read_content(asset("legal", "guides.json")).guides}


@pytest.fixture(scope="module")
def articles(shared_data: Path):
    """(short title, version, number) -> text, for the laws these corrections cite."""
    wanted = {"公证法", "仲裁法", "传染病防治法", "刑法", "劳动合同法", "劳动合同法实施条例", "社会保险法", "民法典",
              "法律援助法", "劳动争议调解仲裁法", "民事诉讼法", "工伤保险条例", "突发事件应对法"}
    found = {}
    for path in (shared_data / "laws").rglob("*.md"):
        if path.stem.split("(")[0] not in wanted and path.parent.name not in wanted:
            continue
        text = path.read_text(encoding="utf-8")
        if not looks_like_statute(text):
            continue
        try:
            statute = parse_statute(path, text, shared_data / "laws")
        except StatuteError:  # amendment decisions beside 刑法.md
            continue
        for article in statute.articles:
            found[(statute.short_title, statute.version, article.number)] = article.text
    return found


# answer id, words the Chinese answer says, words the English answer says, and for each, the article and its words.
CORRECTIONS = [
    ("notary-where", ("委托、声明、赠与和遗嘱", "住所地"), ("powers of attorney", "gifts and wills"),
     ("公证法", "2017-09-01", 25, "涉及不动产的委托、声明、赠与、遗嘱的公证，可以适用前款规定")),
    ("arb-award-final", ("六个月", "2026年3月1日"), ("six months", "2026-03-01"),
     ("仲裁法", "2017-09-01", 59, "自收到裁决书之日起六个月内提出")),
    ("epi-infect-others", ("妨害传染病防治罪", "三年以下有期徒刑"), ("crime", "three years"),
     ("刑法", "2023-12-29", 330, "拒绝执行县级以上人民政府、疾病预防控制机构依照传染病防治法提出的预防、控制措施")),
    ("labour-layoff", ("六个月内重新招人", "同等条件下优先招用"), ("hire them first on equal terms",),
     ("劳动合同法", "2012-12-28", 41, "在同等条件下优先招用被裁减的人员")),
    ("labour-severance", ("第三十九条", "不付经济补偿"), ("Article 39", "no severance pay"),
     ("劳动合同法", "2012-12-28", 39, "严重违反用人单位的规章制度")),
    ("labour-no-contract", ("最多算十一个月", "无固定期限劳动合同"), ("at most 11 months", "open-ended"),
     ("劳动合同法实施条例", "2008-09-18", 7, "视为自用工之日起满一年的当日已经与劳动者订立无固定期限劳动合同")),
    ("labour-no-contract", (), (), ("劳动合同法", "2012-12-28", 14, "满一年不与劳动者订立书面劳动合同的，视为")),
    ("labour-no-social-insurance", ("征收机构责令限期缴纳或者补足", "滞纳金"), ("collection agency", "late charge"),
     ("社会保险法", "2018-12-29", 63, "由社会保险费征收机构责令其限期缴纳或者补足")),
    ("labour-no-social-insurance", (), (), ("社会保险法", "2018-12-29", 86, "按日加收万分之五的滞纳金")),
    ("labour-no-social-insurance", ("连登记都不办",), ("does not even register",),
     ("社会保险法", "2018-12-29", 84, "用人单位不办理社会保险登记的")),
    ("tenancy-sale", ("按份共有人", "近亲属", "拍卖五天前"), ("co-owner", "close relative", "five days before"),
     ("民法典", "2020-05-28", 727, "应当在拍卖五日前通知承租人")),
    ("tenancy-sale", (), (), ("民法典", "2020-05-28", 726, "出租人将房屋出卖给近亲属的除外")),
    ("deposit-wedding-cancel", ("不能把定金当作罚金扣下", "定金应当退还"), ("cannot keep the deposit as a penalty",),
     ("民法典", "2020-05-28", 590, "因不可抗力不能履行合同的，根据不可抗力的影响，部分或者全部免除责任")),
    ("legalaid-eligibility", ("刑事案件", "被害人", "不受经济困难条件限制", "在本机"), ("Criminal cases", "victim"),
     ("法律援助法", "2021-08-20", 24, "犯罪嫌疑人、被告人因经济困难或者其他原因没有委托辩护人")),
    ("legalaid-eligibility", (), (), ("法律援助法", "2021-08-20", 29, "刑事公诉案件的被害人")),
    ("legalaid-eligibility", (), (), ("法律援助法", "2021-08-20", 32, "不受经济困难条件的限制")),
    ("arb-labour-final", ("十五日内向法院起诉", "三十日内"), ("within 15 days", "within 30 days"),
     ("劳动争议调解仲裁法", "2007-12-29", 49, "自收到仲裁裁决书之日起三十日内")),
    ("arb-labour-final", (), (), ("劳动争议调解仲裁法", "2007-12-29", 48, "自收到仲裁裁决书之日起十五日内")),
    ("appraisal-objection", ("当事人提出异议的，鉴定人应当出庭作证",), ("Once a party objects",),
     ("民事诉讼法", "2023-09-01", 81, "当事人对鉴定意见有异议或者人民法院认为鉴定人有必要出庭的，鉴定人应当出庭作证")),
    ("appraisal-types", ("法院指定", "劳动能力鉴定委员会"), ("appoints one", "work ability appraisal committee"),
     ("民事诉讼法", "2023-09-01", 79, "协商不成的，由人民法院指定")),
    ("epi-volunteer-wages", ("应急救援", "一般的志愿服务不一定属于这种情形"), ("not necessarily covered",),
     ("突发事件应对法", "2024-06-28", 90, "参加应急救援工作或者协助维护社会秩序期间")),
]


@pytest.mark.parametrize(("answer_id", "words", "words_en", "source"), CORRECTIONS,
                         ids=[f"{c[0]}-{c[3][2]}" for c in CORRECTIONS])
def test_a_corrected_answer_says_what_its_article_says(articles, answer_id, words, words_en, source):
    answer = answers()[answer_id]
    law, version, number, statute_words = source
    assert (law, version, number) in {(c.law, c.version, c.article) for c in answer.cites}
    assert statute_words in articles[(law, version, number)]
    assert all(word in answer.answer for word in words), answer.answer
    assert all(word in answer.answer_en for word in words_en), answer.answer_en


def test_what_the_answers_no_longer_say():
    found = answers()
    assert "不动产所在地的公证机构办理；但" in found["notary-where"].answer  # the exception follows the rule
    assert "工程造价" not in found["appraisal-types"].answer and "产品质量" not in found["appraisal-types"].answer
    assert "在窗口做" not in found["legalaid-eligibility"].answer
    assert "社保争议也可以申请劳动仲裁" not in found["labour-no-social-insurance"].answer
    for answer in found.values():  # health codes no longer exist
        assert "健康码" not in answer.answer and "health code" not in answer.answer_en, answer.id
    for guide in guides().values():
        assert "健康码" not in " ".join((guide.who, *guide.materials, *guide.steps)), guide.service


def test_every_answer_on_a_superseded_text_says_so_and_when_the_new_one_took_effect():
    for answer in shipped_answers():
        for law, (old, adopted, effective) in REVISED.items():
            if any(c.law == law and c.version == old for c in answer.cites):
                year, month, day = (int(part) for part in effective.split("-"))
                assert f"{year}年{month}月{day}日起施行" in answer.version_note, answer.id
                assert "尚未收录新文本" in answer.version_note and "工作人员确认" in answer.version_note, answer.id
                assert adopted in answer.version_note_en and effective in answer.version_note_en, answer.id
                assert "does not hold the new text" in answer.version_note_en, answer.id


def test_the_epidemic_answers_keep_their_citation_and_say_it_was_replaced():
    found = answers()
    for answer_id in ("epi-isolation-wages", "epi-dismiss-isolation", "epi-must-cooperate", "epi-infect-others"):
        assert any(c.law == "传染病防治法" and c.version == "2013-06-29" for c in found[answer_id].cites)
        assert "已被取代" in found[answer_id].version_note
    assert any(c.law == "刑法" and c.article == 330 for c in found["epi-infect-others"].cites)


def test_the_legal_aid_guide_names_the_groups_and_how_to_object(articles):
    guide = guides()["legal_aid"]
    assert "无固定生活来源的未成年人、老年人、残疾人" in guide.who and "进城务工人员" in guide.who
    assert any("异议" in step and "五日内" in step and "行政复议" in step for step in guide.steps)
    assert any("object" in step and "5 days" in step for step in guide.steps_en)
    assert any(c.law == "法律援助法" and c.article == 49 for c in guide.cites)
    assert "五日内进行审查" in articles[("法律援助法", "2021-08-20", 49)]
    assert "无固定生活来源的未成年人、老年人、残疾人" in articles[("法律援助法", "2021-08-20", 42)]


def test_the_notarisation_guide_asks_no_household_register_or_notarised_proxy_of_everyone():
    guide = guides()["notarisation"]
    assert not guide.materials[0].startswith("申请人身份证、户口本")
    assert "按窗口要求" in guide.materials[0]
    assert not any("经公证的授权委托书" in item for item in guide.materials)
    assert not any("notarised power of attorney" in item for item in guide.materials_en)


def test_the_arbitration_guide_gives_the_year_after_leaving_and_the_revision(articles):
    guide = guides()["arbitration"]
    assert "离职后要在劳动关系终止之日起一年内" in guide.time_limit and "after you leave" in guide.time_limit_en
    assert "劳动关系终止的，应当自劳动关系终止之日起一年内提出" in articles[("劳动争议调解仲裁法", "2007-12-29", 27)]
    assert "2026年3月1日起施行" in guide.time_limit and "2026-03-01" in guide.time_limit_en


def test_the_revisions_the_corpus_lacks_are_described_by_their_adoption_dates():
    laws = {(law.short_title, law.version): law for law in read_content(asset("legal", "laws.json")).laws}
    for law, (old, adopted, effective) in REVISED.items():
        new = laws[(law, adopted)]
        assert (new.effective, new.has_text) == (effective, False)
        assert laws[(law, old)].has_text and laws[(law, old)].note and laws[(law, old)].note_en
        assert adopted[:4] in laws[(law, old)].note and effective in laws[(law, old)].note_en
    assert not {(law, effective) for law, (_old, _adopted, effective) in REVISED.items()} & set(laws)
