"""The relevance set: questions in visitors' own words, written before looking at the ranking,
with the curated answer (or, on the national corpus, the article) that must be in the top 5."""

from __future__ import annotations

import pytest

# (query, answer id that must be in the top 5)
ANSWER_SET = [
    ("公司三个月没发工资了", "labour-unpaid-wages"),
    ("老板欠薪不给怎么办", "labour-unpaid-wages"),
    ("生病住院被公司开除", "labour-dismissed-sick"),
    ("请病假期间公司能不能解雇我", "labour-dismissed-sick"),
    ("厂里要裁员", "labour-layoff"),
    ("辞退补偿怎么算", "labour-severance"),
    ("干了五年被辞退赔多少钱", "labour-severance"),
    ("入职半年没签合同", "labour-no-contract"),
    ("试用期能定半年吗", "labour-probation"),
    ("周末加班给多少钱", "labour-overtime"),
    ("辞职需要提前一个月吗", "labour-quit"),
    ("公司不交五险", "labour-no-social-insurance"),
    ("上下班路上出车祸算工伤吗", "labour-injury"),
    ("怀孕被辞退", "labour-pregnant"),
    ("门面房租疫情能少交吗", "tenancy-rent-relief-epidemic"),
    ("疫情期间店铺房租能减免吗", "tenancy-rent-relief-epidemic"),
    ("房租晚交几天房东要赶我走", "tenancy-late-rent"),
    ("出租屋漏水房东不修", "tenancy-repairs"),
    ("房东扣押金不退", "tenancy-deposit-return"),
    ("房子能不能转租", "tenancy-sublet"),
    ("房东卖房子了租客怎么办", "tenancy-sale"),
    ("婚宴取消定金能退吗", "deposit-wedding-cancel"),
    ("疫情酒席办不了酒店不退定金", "deposit-wedding-cancel"),
    ("定金双倍返还", "deposit-double-return"),
    ("订金和定金区别", "deposit-vs-earnest"),
    ("健身房跑路了卡里的钱", "deposit-prepaid-card"),
    ("不可抗力是什么意思", "deposit-force-majeure"),
    ("申请法律援助要带什么", "legalaid-materials"),
    ("请不起律师怎么办", "legalaid-eligibility"),
    ("农民工讨薪可以免费找律师吗", "legalaid-no-means-test"),
    ("法律援助几天能批下来", "legalaid-how-long"),
    ("公证处能办哪些公证", "notary-what"),
    ("公证可以找人代办吗", "notary-proxy"),
    ("公证费多少钱", "notary-fee"),
    ("自己写的遗嘱有效吗", "notary-will"),
    ("仲裁裁决不服能起诉吗", "arb-award-final"),
    ("劳动仲裁申请书怎么写", "arb-labour-apply"),
    ("哪些纠纷可以仲裁", "arb-what-disputes"),
    ("打官司怎么申请鉴定", "appraisal-civil"),
    ("对鉴定结果有异议", "appraisal-objection"),
    ("工伤伤残等级鉴定", "appraisal-work-ability"),
    ("调解要交钱吗", "mediation-fee"),
    ("邻居噪音纠纷找谁调解", "mediation-how"),
    ("调解协议对方不执行", "mediation-binding"),
    ("居家隔离工资怎么发", "epi-isolation-wages"),
    ("被集中隔离公司不发工资", "epi-isolation-wages"),
    ("疫情停工期间工资", "epi-shutdown-wages"),
    ("疫情退机票", "epi-travel-refund"),
]

# On the national corpus too: (query, law short title, article number) that must be in the top 5
ARTICLE_SET = [
    ("隔离期间 工作报酬", "传染病防治法", 41),
    ("定金 双倍返还", "民法典", 587),
    ("裁减人员 二十人以上", "劳动合同法", 41),
    ("经济补偿 每满一年 一个月工资", "劳动合同法", 47),
    ("劳动争议 仲裁 不收费", "劳动争议调解仲裁法", 53),
    ("人民调解 不收取任何费用", "人民调解法", 4),
    ("法律援助 七日内 审查", "法律援助法", 43),
    ("不可抗力 不能预见 不能避免 不能克服", "民法典", 180),
]


def top_ids(library, query: str, limit: int = 5) -> list[str]:
    return [result.ref for result in library.search(query, limit, log=False) if result.kind == "answer"]


def hit_rate(library) -> tuple[float, list[str]]:
    misses = [query for query, expected in ANSWER_SET if expected not in top_ids(library, query)]
    return 1 - len(misses) / len(ANSWER_SET), misses


def test_the_relevance_set_is_big_enough():
    assert len(ANSWER_SET) >= 40
    assert len({query for query, _ in ANSWER_SET}) == len(ANSWER_SET)


def test_default_knowledge_base_finds_the_right_answer_for_nine_in_ten(default_library):
    rate, misses = hit_rate(default_library)
    assert rate >= 0.9, misses


@pytest.mark.slow
def test_with_the_national_corpus_answers_still_come_first(corpus_library):
    rate, misses = hit_rate(corpus_library)
    assert rate >= 0.9, misses


@pytest.mark.slow
def test_with_the_national_corpus_the_articles_are_found(corpus_library):
    misses = []
    for query, law, number in ARTICLE_SET:
        found = [(r.law.removeprefix("中华人民共和国"), r.article)
                 for r in corpus_library.search(query, 5, log=False, within="articles")]
        if (law, number) not in found:
            misses.append((query, found))
    assert len(misses) <= len(ARTICLE_SET) // 10, misses
