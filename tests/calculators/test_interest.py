"""借款利息上限: four times the LPR at the contract date, on the money actually lent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kiosk.calculators import CalculatorInputError, interest_cap


def test_the_cap_is_four_times_the_configured_lpr_on_one_year(figures):
    result = interest_cap("100000", figures)
    assert result.amount == Decimal("12000.00")
    assert result.working[0].zh == "上限年利率 = 3.0% × 4 = 12.0%"
    assert (result.figures[0].key, result.figures[0].published) == ("lpr_one_year", date(2026, 11, 20))
    assert [(c.article, c.version) for c in result.cites][:2] == [(25, "2020-12-29"), (26, "2020-12-29")]


def test_interest_deducted_in_advance_is_not_principal(figures):
    result = interest_cap("100000", figures, deducted="10000")
    assert result.amount == Decimal("10800.00")
    assert "90,000.00" in result.working[1].zh
    assert result.findings[1].zh == "实际本金 90,000.00 元（预先扣除的 10,000.00 元不算）"


def test_an_agreed_rate_below_the_cap_is_kept_and_one_above_is_cut(figures):
    assert interest_cap("100000", figures, rate="10").amount == Decimal("10000.00")
    above = interest_cap("100000", figures, rate="24")
    assert above.amount == Decimal("12000.00") and "超过上限" in above.working[2].zh


def test_an_lpr_entered_replaces_the_configured_one(figures):
    result = interest_cap("100000", figures, lpr="3.45")
    assert result.amount == Decimal("13800.00") and result.figures[0].published is None


def test_interest_for_the_days_of_the_loan(figures):
    result = interest_cap("100000", figures, contract_date="2027-01-01", loan_end="2027-07-01")
    assert result.amount == Decimal("5950.68")  # 12,000 × 181 / 365 = 5,950.684...
    assert "181/365" in result.working[-2].zh


def test_an_early_contract_is_told_to_look_up_the_lpr_of_its_day(figures):
    early = interest_cap("100000", figures, contract_date="2019-12-01", loan_end="2020-12-01")
    assert "早于本机 LPR 的公布日期 2026-11-20" in early.checks[0].zh
    assert 31 in [c.article for c in early.cites], "before 2020-08-20: the older rules may apply"
    late = interest_cap("100000", figures, contract_date="2026-12-01")
    assert 31 not in [c.article for c in late.cites] and "早于" not in late.checks[0].zh


# Hand-worked at the cap's edge, with the configured LPR of 3.0%: the cap is 12.0% a year, 1.0% a month.
@pytest.mark.parametrize(("rate", "period", "above", "amount"), [
    ("12", "year", False, "12000.00"),  # exactly at the cap: supported in full
    ("12.01", "year", True, "12000.00"),  # a hundredth above: cut to the cap
    ("11.99", "year", False, "11990.00"),
    ("1", "month", False, "12000.00"),  # 1% a month is 12% a year: at the cap
    ("1.001", "month", True, "12000.00"),  # 12.012% a year
    ("0.999", "month", False, "11988.00"),  # 11.988% a year
    ("0", "year", False, "0.00"),
])
def test_the_agreed_rate_at_the_cap(figures, rate, period, above, amount):
    result = interest_cap("100000", figures, rate=rate, rate_period=period)
    assert result.amount == Decimal(amount)
    assert result.findings[0].zh.endswith("超出部分不受支持") is above
    assert ("未超过上限" in result.findings[0].zh) is not above


def test_a_monthly_rate_is_twelve_times_a_year_in_the_working(figures):
    result = interest_cap("50000", figures, rate="2", rate_period="month", deducted="5000")
    assert "约定月利率 2% × 12 = 年利率 24%" in [line.zh for line in result.working]
    assert result.findings[0].en == "The agreed 24% a year is above the 12.0% cap: the excess is not supported"
    assert result.amount == Decimal("5400.00")  # 45,000 × 12%
    assert result.inputs[2].zh == "约定月利率 2%"


def test_without_an_agreed_rate_the_finding_is_the_cap(figures):
    result = interest_cap("100000", figures)
    assert result.findings[0].zh == "上限是年利率 12.0%"
    assert result.findings[1].zh == "实际本金 100,000.00 元"


def test_deducted_just_below_the_iou_leaves_a_cent_of_principal(figures):
    result = interest_cap("100", figures, deducted="99.99")
    assert "实际本金 0.01 元" in result.findings[1].zh and result.amount == Decimal("0.00")


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"principal": "0"}, "principal"),
    ({"principal": "-5"}, "principal"),
    ({"deducted": "100000"}, "deducted"),
    ({"rate": "nan"}, "rate"),
    ({"rate": "1001"}, "rate"),
    ({"rate": "84", "rate_period": "month"}, "rate"),  # 84% a month is over 1000% a year
    ({"rate_period": "week"}, "rate_period"),
    ({"lpr": "0"}, "lpr"),
    ({"contract_date": "2026-06-01", "loan_end": "2026-05-01"}, "loan_end"),
    ({"contract_date": "2026/06/01"}, "contract_date"),
])
def test_interest_input_errors_name_the_field(figures, kwargs, field):
    arguments = {"principal": "100000", **kwargs}
    with pytest.raises(CalculatorInputError) as raised:
        interest_cap(figures=figures, **arguments)
    assert raised.value.field == field
