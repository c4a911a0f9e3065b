"""The calculators' use cases: the list and its fields, computing from screen text, bad input, answer links."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from kiosk.calculators import severance
from kiosk.foundation.config import CalculatorSettings
from kiosk.visitor import tools

FIGURES = CalculatorSettings()
TODAY = date(2026, 12, 7)


def test_every_calculator_has_fields_named_in_both_languages():
    codes = [calculator.code for calculator in tools.calculators()]
    assert codes == ["severance", "dismissal-damages", "double-wage", "work-injury", "court-fee", "interest-cap",
                     "deadline"]
    for calculator in tools.calculators():
        assert calculator.name and calculator.name_en and calculator.fields
        for field in calculator.fields:
            assert field.kind in (tools.AMOUNT, tools.DATE, tools.CHOICE, tools.RATE)
            assert field.name and field.name_en
            assert (field.kind == tools.CHOICE) == bool(field.choices)


def test_severance_from_screen_text_matches_the_core():
    values = {"start": "2019-03-01", "end": "2025-11-30", "monthly_wage": "8000"}
    computed = tools.compute("severance", values, FIGURES, TODAY)
    core = severance("2019-03-01", "2025-11-30", Decimal(8000), FIGURES)
    assert computed.result == core
    assert computed.result.amount == Decimal("56000.00")
    zh, en = computed.shown("zh_CN"), computed.shown("en")
    assert zh.headline == "56,000.00 元" and en.headline == "56,000.00 yuan"
    assert any("6 年 9 个月 → 7 个月工资 × 8,000.00 元" in line for line in zh.working)
    assert any("劳动合同法" in cite and "第四十七条" in cite and "2012-12-28" in cite for cite in zh.cites)
    assert any("2026-05-20" in figure for figure in zh.figures)  # the average wage used, and its date
    assert zh.assumptions and zh.checks and en.assumptions[0].startswith("The monthly wage")


def test_each_calculator_computes_from_its_initial_values_plus_an_amount():
    for calculator in tools.calculators():
        values = tools.initial_values(calculator, TODAY, FIGURES)
        for field in calculator.fields:
            if field.kind == tools.AMOUNT and not values[field.key]:
                values[field.key] = "5000"
        if calculator.code in ("severance", "dismissal-damages", "double-wage"):
            values["start"] = "2025-01-15"
        computed = tools.compute(calculator.code, values, FIGURES, TODAY)
        assert computed.result is not None, (calculator.code, computed.error_en)
        assert computed.result.cites


@pytest.mark.parametrize(("values", "zh", "en"), [
    ({"start": "2019-03-01", "end": "2025-11-30", "monthly_wage": ""}, "请填写", "please fill this in"),
    ({"start": "2019-03-01", "end": "2025-11-30", "monthly_wage": "NaN"}, "月工资", "finite"),
    ({"start": "2019-03-01", "end": "2025-11-30", "monthly_wage": "Infinity"}, "月工资", "finite"),
    ({"start": "2019-03-01", "end": "2025-11-30", "monthly_wage": "-5"}, "不能为负数", "expected 0 or more"),
    ({"start": "2019-03-01", "end": "2025-11-30", "monthly_wage": "10000000000000"}, "不能大于", "at most"),
    ({"start": "2025-11-30", "end": "2019-03-01", "monthly_wage": "8000"}, "离职日期", "end date"),
])
def test_bad_input_is_a_message_naming_the_field_in_both_languages(values, zh, en):
    computed = tools.compute("severance", values, FIGURES, TODAY)
    assert computed.result is None and computed.shown("zh_CN") is None
    assert zh in computed.error and en in computed.error_en


def test_double_wage_follows_the_choice_of_signed_or_left():
    base = {"start": "2025-01-01", "until": "2025-06-01", "monthly_wage": "6000"}
    signed = tools.compute("double-wage", {**base, "stop": "signed"}, FIGURES, TODAY).result
    left = tools.compute("double-wage", {**base, "stop": "left"}, FIGURES, TODAY).result
    assert signed.amount == Decimal("24000.00")  # 2025-02-01 to 2025-05-31: four months
    assert left.amount > signed.amount  # the day of leaving was still worked without a contract


def test_court_fee_non_property_case_needs_no_amount_and_summary_halves():
    other = tools.compute("court-fee", {"kind": "labour", "amount": "", "summary": "no"}, FIGURES, TODAY)
    assert other.result.amount == Decimal("10.00")
    full = tools.compute("court-fee", {"kind": "property", "amount": "100000", "summary": "no"}, FIGURES, TODAY)
    half = tools.compute("court-fee", {"kind": "property", "amount": "100000", "summary": "yes"}, FIGURES, TODAY)
    assert full.result.amount == Decimal("2300.00") and half.result.amount == Decimal("1150.00")


def test_deadline_runs_to_today():
    computed = tools.compute("deadline", {"kind": "appeal-judgment", "known": "2026-12-01"}, FIGURES, TODAY)
    assert computed.result.last_day == date(2026, 12, 16)
    late = tools.compute("deadline", {"kind": "appeal-judgment", "known": "2026-12-08"}, FIGURES, TODAY)
    assert late.result is None and "today" in late.error_en


def test_answers_that_name_a_calculator_open_it_with_their_presets():
    found, preset = tools.calculator_for_answer("labour-severance")
    assert found.code == "severance" and preset == {}
    found, preset = tools.calculator_for_answer("labour-arbitration-deadline")
    assert found.code == "deadline" and preset == {"kind": "labour-arbitration"}
    assert tools.calculator_for_answer("labour-probation") is None
    for code, preset in tools.FOR_ANSWER.values():
        keys = {field.key for field in tools.BY_CODE[code].fields}
        assert set(preset) <= keys


def test_answer_ids_in_the_mapping_exist():
    import json
    from pathlib import Path

    import kiosk

    folder = Path(kiosk.__file__).resolve().parent.parent / "assets" / "legal" / "answers"
    ids = set()
    for path in folder.glob("*.json"):
        loaded = json.loads(path.read_text(encoding="utf-8"))
        items = loaded if isinstance(loaded, list) else loaded.get("answers", [])
        ids |= {item["id"] for item in items if isinstance(item, dict)}
    assert set(tools.FOR_ANSWER) <= ids


@pytest.mark.parametrize(("day", "part", "delta", "expected"), [
    (date(2026, 1, 31), "month", 1, date(2026, 2, 28)),
    (date(2026, 12, 15), "month", 1, date(2026, 1, 15)),  # the month wraps; the year has its own arrows
    (date(2024, 2, 29), "year", 1, date(2025, 2, 28)),
    (date(2026, 2, 28), "day", 1, date(2026, 2, 1)),
    (date(2026, 3, 1), "day", -1, date(2026, 3, 31)),
    (date(1900, 5, 5), "year", -1, date(1900, 5, 5)),
])
def test_date_picker_steps(day, part, delta, expected):
    assert tools.step_date(day, part, delta) == expected


def test_pad_typing():
    text = ""
    for key in "0080":
        text = tools.typed(text, key)
    assert text == "80"
    assert tools.typed("80", "delete") == "8" and tools.typed("80", "clear") == ""
    assert tools.typed("9" * tools.MAX_DIGITS, "1") == "9" * tools.MAX_DIGITS


@pytest.mark.parametrize(("keys", "expected"), [
    ("3.45", "3.45"), (".5", "0.5"), ("3..4", "3.4"), ("0.1255", "0.125"), ("2.", "2."), ("007", "7"),
])
def test_rate_typing_takes_one_point_and_three_places(keys, expected):
    text = ""
    for key in keys:
        text = tools.typed(text, key)
    assert text == expected


def interest_values(**changed: str) -> dict[str, str]:
    calculator = tools.BY_CODE["interest-cap"]
    return {**tools.initial_values(calculator, date(2026, 12, 1), FIGURES), "principal": "100000", **changed}


def test_the_interest_inputs_start_from_the_centre_lpr_and_cite_its_date():
    values = interest_values()
    assert values["lpr"] == f"{FIGURES.lpr_one_year:f}" and values["rate_period"] == "year"
    result = tools.compute("interest-cap", values, FIGURES, TODAY).result
    assert result.figures[0].published == FIGURES.lpr_published
    note = tools.field_note(tools.BY_CODE["interest-cap"].fields[-1], FIGURES, "zh_CN")
    assert str(FIGURES.lpr_published) in note and f"{FIGURES.lpr_one_year:f}" in note
    edited = tools.compute("interest-cap", interest_values(lpr="3.45"), FIGURES, TODAY).result
    assert edited.figures[0].value == Decimal("3.45") and edited.figures[0].published is None


def test_the_interest_screen_values_say_above_the_cap_and_the_actual_principal():
    computed = tools.compute("interest-cap", interest_values(rate_period="month", rate="2", deducted="10000"),
                             FIGURES, TODAY)
    shown = computed.shown("en")
    cap = FIGURES.lpr_one_year * 4
    assert shown.findings[0] == f"The agreed 24% a year is above the {cap:f}% cap: the excess is not supported"
    assert shown.findings[1].startswith("Actual principal 90,000.00 yuan")
    assert computed.result.amount == (Decimal(90000) * cap / 100).quantize(Decimal("0.01"))


def test_printout_is_laid_out_like_an_answer(runtime):
    result = tools.compute("work-injury", {"grade": "7", "monthly_wage": "6000"}, FIGURES, TODAY).result
    paper = tools.printout(result, runtime.settings, "en", datetime(2026, 12, 7, 10, 0))
    assert paper.question.startswith("One-off disability allowance")
    assert "78,000.00 yuan" in paper.answer and paper.qr_text
    assert [article.article_label for article in paper.articles] == ["Article 37", "Article 64"]
