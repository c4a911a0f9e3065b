"""The legal-aid self-check follows 法律援助法 第31、32、34、42条."""

import itertools

import pytest

from kiosk.legal.aid_check import ASK_AT_COUNTER, LIKELY_ELIGIBLE, QUESTIONS, next_question, outcome


def walk(choices: dict[str, str]):
    answers: dict[str, str] = {}
    asked = []
    while (question := next_question(answers)) is not None:
        asked.append(question)
        answers[question] = choices[question]
    return asked, outcome(answers)


def test_a_victim_of_domestic_violence_needs_no_means_test():
    asked, result = walk({"special": "domestic_violence"})
    assert asked == ["special"]
    assert (result.result, result.articles) == (LIKELY_ELIGIBLE, (32,))


def test_a_migrant_worker_claiming_wages_is_not_means_checked():
    asked, result = walk({"special": "none", "matter": "wages", "group": "migrant_worker"})
    assert asked == ["special", "matter", "group"]
    assert (result.result, result.reason) == (LIKELY_ELIGIBLE, "means_not_checked")


@pytest.mark.parametrize("matter", ["wages", "work_injury"])
def test_only_pay_and_work_injury_spare_a_migrant_worker_the_means_check(matter):
    """法律援助法 第四十二条(三): pay and work-injury claims; nothing else a migrant worker brings."""
    _asked, result = walk({"special": "none", "matter": matter, "group": "migrant_worker"})
    assert (result.result, result.articles) == (LIKELY_ELIGIBLE, (31, 42))


@pytest.mark.parametrize("matter", ["accident_injury", "employment"])
def test_a_migrant_worker_hurt_in_traffic_or_proving_a_job_is_means_checked(matter):
    asked, result = walk({"special": "none", "matter": matter, "group": "migrant_worker", "income": "above"})
    assert asked[-1] == "income" and (result.result, result.reason) == (ASK_AT_COUNTER, "above_standard")


def test_a_migrant_worker_in_another_matter_is_asked_about_income():
    asked, result = walk({"special": "none", "matter": "maintenance", "group": "migrant_worker", "income": "above"})
    assert asked[-1] == "income"
    assert result.result == ASK_AT_COUNTER


@pytest.mark.parametrize(("income", "expected"), [("below", LIKELY_ELIGIBLE), ("above", ASK_AT_COUNTER),
                                                  ("unsure", ASK_AT_COUNTER)])
def test_hardship_decides_ordinary_cases(income, expected):
    _asked, result = walk({"special": "none", "matter": "accident_injury", "group": "none", "income": income})
    assert result.result == expected


def test_other_matters_go_to_the_counter_without_more_questions():
    asked, result = walk({"special": "none", "matter": "other"})
    assert asked == ["special", "matter"] and result.result == ASK_AT_COUNTER


def test_every_path_ends_in_an_outcome():
    for combination in itertools.product(*QUESTIONS.values()):
        _asked, result = walk(dict(zip(QUESTIONS, combination, strict=True)))
        assert result is not None and result.result in (LIKELY_ELIGIBLE, ASK_AT_COUNTER)


def test_the_cited_articles_say_what_the_check_relies_on(shared_data):
    statute = next((shared_data / "laws").rglob("法律援助法(2021-08-20).md")).read_text(encoding="utf-8")
    assert "第三十一条 下列事项的当事人，因经济困难" in statute
    assert "第三十二条 有下列情形之一，当事人申请法律援助的，不受经济困难条件的限制" in statute
    assert "第四十二条 法律援助申请人有材料证明属于下列人员之一的，免予核查经济困难状况" in statute
    assert "（三）申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员" in statute
    assert "交通事故" not in statute.split("第四十二条")[1].split("第四十三条")[0]
    for phrase in ("家庭暴力", "见义勇为", "英雄烈士", "支付劳动报酬", "赡养费", "国家赔偿", "进城务工人员"):
        assert phrase in statute
