"""Checking answers: each kind of bad answer is refused with the question named in both languages;
questions not asked are dropped; the page words each answer as the template says."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kiosk.documents import DocumentAnswerError, make_draft, template
from kiosk.documents.answers import HAND_BLANK, check_answers, fill


def refused(name: str, answers: dict, today: date) -> DocumentAnswerError:
    with pytest.raises(DocumentAnswerError) as caught:
        make_draft(name, answers, today)
    return caught.value


@pytest.mark.parametrize(("field", "value", "zh", "en"), [
    ("amount", "-5", "不能小于 1", "expected 1 or more"),
    ("amount", "0", "不能小于 1", "expected 1 or more"),
    ("amount", "100000001", "不能大于", "expected 100000000 or less"),
    ("amount", "12.345", "最多两位小数", "at most two decimal places"),
    ("amount", "NaN", "应为数字", "expected a number"),
    ("amount", "Infinity", "应为数字", "expected a number"),
    ("amount", "一万", "应为数字", "expected a number"),
    ("amount", True, "应为数字", "expected a number"),
    ("amount", None, "请选择", "an answer is needed"),
    ("lend_date", "2026-13-01", "年-月-日", "expected YYYY-MM-DD"),
    ("lend_date", 20261201, "年-月-日", "expected YYYY-MM-DD"),
    ("due_date", "2026-12-06", "不能早于 2026-12-07", "cannot be before 2026-12-07"),
    ("purpose", "holiday", "没有“holiday”这个选项", "no option 'holiday'"),
    ("purpose", ["medical"], "没有", "no option"),
    ("rate", "0", "不能小于 0.01", "expected 0.01 or more"),
    ("rate", "", "请选择", "an answer is needed"),
])
def test_a_bad_answer_names_its_question(samples, today, field, value, zh, en) -> None:
    answers = samples["iou"]
    answers[field] = value
    error = refused("iou", answers, today)
    assert error.field == field
    label = template("iou").question(field).label
    assert error.message("zh_CN") == f"{label.zh}：{error.reason.zh}" and zh in error.reason.zh
    assert error.message("en") == f"{label.en}: {error.reason.en}" and en in error.reason.en


def test_an_event_cannot_be_in_the_future(samples, today) -> None:
    answers = samples["receipt"]
    answers["received_date"] = "2026-12-08"
    assert refused("receipt", answers, today).reason.en == "2026-12-08 is in the future"
    answers["received_date"] = "2026-12-07"
    make_draft("receipt", answers, today)


def test_unknown_questions_and_non_objects_are_refused(samples, today) -> None:
    answers = samples["iou"]
    answers["name"] = "张三"
    assert refused("iou", answers, today).field == "name"
    assert refused("iou", ["amount"], today).field == "answers"  # type: ignore[arg-type]


def test_multi_needs_one_and_keeps_the_template_order(samples, today) -> None:
    answers = samples["mediation"]
    answers["requests"] = []
    assert refused("mediation", answers, today).field == "requests"
    answers["requests"] = ["apology", "stop", "stop"]
    checked = check_answers(template("mediation"), answers, today)
    assert checked.get("requests") == ("stop", "apology")
    answers["requests"] = ["stop", "lawsuit"]
    assert refused("mediation", answers, today).reason.en == "no option 'lawsuit'"


def test_questions_not_asked_are_dropped_and_conditional_ones_are_required(samples, today) -> None:
    answers = samples["iou"]
    answers["interest"] = "none"  # the rate is no longer asked; the screen may still hold it
    checked = check_answers(template("iou"), answers, today)
    assert checked.get("rate") is None
    answers["interest"] = "yearly"
    del answers["rate"]
    assert refused("iou", answers, today).field == "rate"


def test_amounts_are_exact_decimals(samples, today) -> None:
    answers = samples["iou"]
    answers["amount"] = "1,000,000.10"
    checked = check_answers(template("iou"), answers, today)
    assert checked.get("amount") == Decimal("1000000.10")
    answers["amount"] = 2500
    assert check_answers(template("iou"), answers, today).get("amount") == Decimal("2500")


def test_the_page_words_answers_as_the_template_says(samples, today) -> None:
    checked = check_answers(template("iou"), samples["iou"], today)
    assert fill("{amount|capital}（¥{amount}）于{lend_date}，{interest}", checked) == (
        "壹万贰仟叁佰肆拾伍元陆角（¥12,345.60）于2026年12月7日，本借款按年利率3.65%计算利息，利随本清。")


def test_an_optional_question_left_out_leaves_a_blank_to_write_on(samples, today) -> None:
    answers = samples["civil_complaint"]
    del answers["due_date"]
    checked = check_answers(template("civil_complaint"), answers, today)
    assert fill("{due_date}", checked) == HAND_BLANK
