"""Hand-worked examples for 经济补偿, 赔偿金, 二倍工资 and 一次性伤残补助金, at every boundary."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kiosk.calculators import CalculatorInputError, dismissal_damages, double_wage, severance, work_injury


@pytest.mark.parametrize(("start", "end", "months"), [
    ("2019-03-01", "2025-11-30", "7"),  # 6 years 9 months: six months or more counts as a year
    ("2020-01-01", "2020-06-30", "1"),  # exactly six months
    ("2020-01-01", "2020-06-29", "0.5"),  # 5 months 29 days: half a month
    ("2020-01-01", "2020-01-01", "0.5"),  # one day
    ("2020-01-01", "2020-12-31", "1"),  # exactly one year
    ("2020-01-01", "2021-01-01", "1.5"),  # a year and a day
    ("2020-01-31", "2020-07-30", "1"),  # from the 31st: six months end on the 30th of July
    ("2010-01-01", "2024-12-31", "15"),  # fifteen years: no twelve-year cap below three times the average
])
def test_severance_months_by_years_of_service(figures, start, end, months):
    result = severance(start, end, "8000", figures)
    assert result.amount == Decimal(months) * 8000
    assert f"→ {Decimal(months):f} 个月工资 × 8,000.00 元" in result.working[-2].zh


def test_the_issue_example_reads_as_written(figures):
    result = severance("2019-03-01", "2025-11-30", "8000", figures)
    assert result.working[0].zh == "2019-03-01 至 2025-11-30：6 年 9 个月 → 7 个月工资 × 8,000.00 元"
    assert result.working[0].en == "2019-03-01 to 2025-11-30: 6 years 9 months → 7 months' wages × 8,000.00 yuan"
    assert result.amount == Decimal("56000.00")
    first = result.cites[0]
    assert (first.law, first.article, first.version) == ("劳动合同法", 47, "2012-12-28")
    assert result.figures[0].key == "average_monthly_wage" and result.figures[0].published == date(2026, 5, 20)


def test_the_wage_cap_is_three_times_the_average_and_brings_the_twelve_year_cap(figures):
    at_cap = severance("2010-01-01", "2025-06-30", "30000", figures)
    assert at_cap.amount == 16 * Decimal(30000), "exactly three times: no cap, every year counts"
    above = severance("2010-01-01", "2025-06-30", "30000.01", figures)
    assert above.amount == 12 * Decimal(30000)
    assert any("封顶为 12 个月" in line.zh for line in above.working)
    assert any("三倍" in line.zh for line in above.working)


@pytest.mark.parametrize(("end", "months"), [
    ("2021-06-29", "11.5"),  # 11 years 5 months 29 days
    ("2021-06-30", "12"),  # 11 years 6 months
    ("2021-12-31", "12"),  # twelve years
    ("2022-01-01", "12"),  # twelve years and a day: 12.5 capped
])
def test_the_twelve_year_cap_only_bites_above_twelve_months(figures, end, months):
    assert severance("2010-01-01", end, "50000", figures).amount == Decimal(months) * 30000


def test_a_wage_below_the_minimum_counts_as_the_minimum(figures):
    result = severance("2020-01-01", "2021-12-31", "2000", figures)
    assert result.amount == 2 * Decimal(2490)
    assert [f.key for f in result.figures] == ["average_monthly_wage", "minimum_wage"]


def test_an_average_wage_entered_replaces_the_configured_one_and_says_so(figures):
    result = severance("2010-01-01", "2025-06-30", "30000", figures, average_wage="9000")
    assert result.amount == 12 * Decimal(27000)
    assert result.figures[0].value == 9000 and result.figures[0].published is None
    assert "按输入" in result.figures[0].describe("zh_CN")


def test_service_before_2008_is_left_out_of_severance_but_not_of_damages(figures):
    compensation = severance("2005-03-01", "2010-02-28", "8000", figures)
    assert compensation.amount == Decimal("2.5") * 8000  # 2008-01-01 to 2010-02-28: 2 years 1 month 28 days
    assert 97 in [c.article for c in compensation.cites]
    damages = dismissal_damages("2005-03-01", "2010-02-28", "8000", figures)
    assert damages.amount == 2 * 5 * Decimal(8000)  # 5 years, from the first day of work, twice
    assert "2008 年以前的年限也计入" in damages.working[0].zh
    assert [c.article for c in damages.cites if c.law == "劳动合同法实施条例"] == [27, 25]


def test_dismissal_damages_are_twice_the_compensation(figures):
    damages = dismissal_damages("2019-03-01", "2025-11-30", "8000", figures)
    assert damages.amount == 2 * severance("2019-03-01", "2025-11-30", "8000", figures).amount
    assert (damages.calculator, damages.cites[-2].article) == ("dismissal-damages", 87)


@pytest.mark.parametrize(("field", "kwargs"), [
    ("end", {"start": "2025-03-01", "end": "2019-11-30", "monthly_wage": "8000"}),
    ("start", {"start": "2025-13-01", "end": "2025-11-30", "monthly_wage": "8000"}),
    ("monthly_wage", {"start": "2019-03-01", "end": "2025-11-30", "monthly_wage": "-1"}),
    ("average_wage", {"start": "2019-03-01", "end": "2025-11-30", "monthly_wage": "8000", "average_wage": "0"}),
])
def test_severance_input_errors_name_the_field(figures, field, kwargs):
    with pytest.raises(CalculatorInputError) as raised:
        severance(figures=figures, **kwargs)
    assert raised.value.field == field


# --- 二倍工资 ---------------------------------------------------------------


def test_a_whole_year_without_a_contract_is_eleven_months():
    result = double_wage("2026-01-10", "5000", end="2027-06-01")
    assert result.amount == 11 * Decimal(5000)
    assert result.working[0].zh == "二倍工资期间 2026-02-10 至 2027-01-09：11 个月"


def test_a_contract_signed_within_the_first_month_owes_nothing():
    result = double_wage("2026-01-10", "5000", signed="2026-02-10")
    assert result.amount == 0 and "没有二倍工资" in result.working[0].zh


def test_one_day_past_the_first_month_is_one_day_of_that_month():
    # The period is 2026-02-10 alone; 2026-02-10 to 2026-03-10 is 28 days.
    assert double_wage("2026-01-10", "2800", signed="2026-02-11").amount == Decimal("100.00")


def test_part_of_a_month_is_counted_by_its_calendar_days():
    result = double_wage("2026-01-10", "5000", signed="2026-04-20")
    assert result.amount == Decimal("11666.67")  # 2 months + 10/30
    assert result.working[1].zh == "2 个月 + 10/30 个月 × 5,000.00 元"


def test_a_start_on_the_31st_does_not_drift_past_eleven_months():
    result = double_wage("2026-01-31", "5000", end="2030-01-01")
    assert result.amount == 11 * Decimal(5000)
    assert "2026-02-28 至 2027-01-30" in result.working[0].zh


def test_the_earlier_of_signing_and_leaving_ends_the_period():
    both = double_wage("2026-01-10", "5000", signed="2026-06-10", end="2026-04-09")
    assert both.amount == double_wage("2026-01-10", "5000", end="2026-04-09").amount == 2 * Decimal(5000)


@pytest.mark.parametrize(("field", "kwargs"), [
    ("signed", {}),
    ("signed", {"signed": "2025-12-31"}),
    ("end", {"end": "2025-12-31"}),
    ("signed", {"signed": "tomorrow"}),
])
def test_double_wage_input_errors_name_the_field(field, kwargs):
    with pytest.raises(CalculatorInputError) as raised:
        double_wage("2026-01-10", "5000", **kwargs)
    assert raised.value.field == field


# --- 一次性伤残补助金 -----------------------------------------------------------


@pytest.mark.parametrize(("grade", "months", "article"), [
    (1, 27, 35), (2, 25, 35), (3, 23, 35), (4, 21, 35), (5, 18, 36),
    (6, 16, 36), (7, 13, 37), (8, 11, 37), (9, 9, 37), (10, 7, 37),
])
def test_each_disability_grade(figures, grade, months, article):
    result = work_injury(str(grade), "8000", figures)
    assert result.amount == months * Decimal(8000)
    assert result.cites[0].article == article
    assert result.working[-2].zh == f"{grade} 级伤残 → {months} 个月本人工资 × 8,000.00 元"


@pytest.mark.parametrize(("wage", "base"), [
    ("5999.99", "6000"), ("6000", "6000"), ("30000", "30000"), ("30000.01", "30000"), ("0", "6000"),
])
def test_the_own_wage_counts_between_60_and_300_percent_of_the_average(figures, wage, base):
    assert work_injury(10, wage, figures).amount == 7 * Decimal(base)


@pytest.mark.parametrize("grade", ["0", "11", "1.5", "one", ""])
def test_a_grade_outside_1_to_10_is_refused(figures, grade):
    with pytest.raises(CalculatorInputError) as raised:
        work_injury(grade, "8000", figures)
    assert raised.value.field == "grade"
    assert "1 至 10" in raised.value.message("zh_CN") and raised.value.message("zh_CN").startswith("伤残等级：")


def test_service_wholly_before_2008_gives_no_severance_under_this_law(figures):
    result = severance("2005-03-01", "2007-11-30", "8000", figures)
    assert result.amount == 0 and result.working[-1].zh == "合计 0.00 元"
    assert "2008 年以前" in result.checks[-1].zh
