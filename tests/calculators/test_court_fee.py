"""诉讼费: every band of the property scale at and around its edges, the halving, and each non-property kind."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.calculators import CASE_KINDS, CalculatorInputError, court_fee

# (claim, fee) worked by hand from 诉讼费用交纳办法 第十三条（一）.
EDGES = [
    ("0", "50"),
    ("10000", "50"),
    ("10000.01", "50.00"),  # 0.01 × 2.5% = 0.00025: rounds away
    ("10001", "50.03"),  # 50.025 rounds half up
    ("100000", "2300"),  # 50 + 90,000 × 2.5%
    ("100001", "2300.02"),
    ("200000", "4300"),  # + 100,000 × 2%
    ("200001", "4300.02"),  # + 1 × 1.5% = 0.015, half up
    ("500000", "8800"),  # + 300,000 × 1.5%
    ("500001", "8800.01"),
    ("1000000", "13800"),  # + 500,000 × 1%
    ("1000001", "13800.01"),  # + 0.009
    ("2000000", "22800"),  # + 1,000,000 × 0.9%
    ("2000001", "22800.01"),  # + 0.008
    ("5000000", "46800"),  # + 3,000,000 × 0.8%
    ("5000001", "46800.01"),  # + 0.007
    ("10000000", "81800"),  # + 5,000,000 × 0.7%
    ("10000001", "81800.01"),  # + 0.006
    ("20000000", "141800"),  # + 10,000,000 × 0.6%
    ("20000001", "141800.01"),  # + 0.005, half up
    ("30000000", "191800"),  # + 10,000,000 × 0.5%
]


@pytest.mark.parametrize(("claim", "fee"), EDGES)
def test_the_property_scale_at_and_around_each_band_edge(claim, fee):
    result = court_fee(claim)
    assert result.amount == Decimal(fee) and result.amount_high is None
    assert result.cites[0].article == 13 and result.cites[0].version == "2006-12-19"


@pytest.mark.parametrize(("claim", "fee"), [("10000", "25"), ("100000", "1150"), ("10001", "25.01"),
                                            ("123456.78", "1384.57")])
def test_the_summary_procedure_halves_the_fee(claim, fee):
    result = court_fee(claim, summary=True)
    assert result.amount == Decimal(fee)
    assert 16 in [c.article for c in result.cites] and "减半" in result.working[-2].zh


def test_the_working_shows_each_band_reached():
    lines = [line.zh for line in court_fee("123456.78").working]
    assert lines == ["不超过 10,000.00 元的部分：每件 50.00 元",
                     "10,000.00 至 100,000.00 元的部分 90,000.00 元 × 2.5% = 2,250.00 元",
                     "100,000.00 至 123,456.78 元的部分 23,456.78 元 × 2% = 469.14 元",
                     "合计 2,769.14 元"]


@pytest.mark.parametrize(("kind", "amount", "low", "high"), [
    ("divorce", None, "50", "300"),
    ("divorce", "200000", "50", "300"),  # property up to 200,000: nothing more
    ("divorce", "300000", "550", "800"),  # + 100,000 × 0.5%
    ("personality", None, "100", "500"),
    ("personality", "50000", "100", "500"),
    ("personality", "100000", "600", "1000"),  # + 50,000 × 1%
    ("personality", "150000", "850", "1250"),  # + 500 + 50,000 × 0.5%
    ("other", None, "50", "100"),
    ("ip", None, "500", "1000"),
    ("labour", None, "10", "10"),
    ("administrative-ip", None, "100", "100"),
    ("administrative", None, "50", "50"),
])
def test_non_property_cases_by_kind(kind, amount, low, high):
    result = court_fee(amount, kind=kind)
    assert result.amount == Decimal(low)
    assert result.amount_high == (None if low == high else Decimal(high))
    assert result.headline("zh_CN") == (f"{Decimal(low):,.2f} 元" if low == high else
                                        f"{Decimal(low):,.2f}–{Decimal(high):,.2f} 元")


def test_every_kind_is_tested():
    assert set(CASE_KINDS) == {"divorce", "personality", "other", "ip", "labour", "administrative-ip",
                               "administrative"}


def test_a_labour_case_says_arbitration_comes_first_and_is_free():
    result = court_fee(kind="labour", summary=True)
    assert result.amount == Decimal("5.00")
    assert ("劳动争议调解仲裁法", 53) in [(c.law, c.article) for c in result.cites]
    assert "仲裁不收费" in result.checks[0].zh


@pytest.mark.parametrize(("kwargs", "field"), [
    ({}, "amount"),
    ({"amount": "-1"}, "amount"),
    ({"amount": "NaN"}, "amount"),
    ({"amount": "Infinity"}, "amount"),
    ({"amount": "1e400"}, "amount"),
    ({"amount": "100", "kind": "labour"}, "amount"),
    ({"kind": "murder"}, "kind"),
])
def test_court_fee_input_errors_name_the_field(kwargs, field):
    with pytest.raises(CalculatorInputError) as raised:
        court_fee(**kwargs)
    assert raised.value.field == field
