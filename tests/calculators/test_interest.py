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


def test_an_agreed_rate_below_the_cap_is_kept_and_one_above_is_cut(figures):
    assert interest_cap("100000", figures, rate="10").amount == Decimal("10000.00")
    above = interest_cap("100000", figures, rate="24")
    assert above.amount == Decimal("12000.00") and "超过上限" in above.working[1].zh


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


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"principal": "0"}, "principal"),
    ({"principal": "-5"}, "principal"),
    ({"deducted": "100000"}, "deducted"),
    ({"rate": "nan"}, "rate"),
    ({"rate": "1001"}, "rate"),
    ({"lpr": "0"}, "lpr"),
    ({"contract_date": "2026-06-01", "loan_end": "2026-05-01"}, "loan_end"),
    ({"contract_date": "2026/06/01"}, "contract_date"),
])
def test_interest_input_errors_name_the_field(figures, kwargs, field):
    arguments = {"principal": "100000", **kwargs}
    with pytest.raises(CalculatorInputError) as raised:
        interest_cap(figures=figures, **arguments)
    assert raised.value.field == field
