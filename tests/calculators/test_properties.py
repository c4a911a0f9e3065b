"""Properties over many inputs: more wage or more years never pays less, and no cap is ever exceeded."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.calculators import (
    CalculatorInputError,
    court_fee,
    deadline,
    dismissal_damages,
    double_wage,
    interest_cap,
    severance,
    work_injury,
)
from kiosk.calculators.inputs import FIELDS
from kiosk.foundation.config import load_settings

FIGURES = load_settings().calculators
CAP = 3 * FIGURES.average_monthly_wage

wages = st.decimals(min_value=0, max_value=200_000, places=2, allow_nan=False, allow_infinity=False)
days = st.dates(min_value=date(2008, 1, 1), max_value=date(2026, 12, 31))
lengths = st.integers(min_value=0, max_value=20 * 366)
amounts = st.decimals(min_value=0, max_value=100_000_000, places=2, allow_nan=False, allow_infinity=False)
FAST = settings(max_examples=150, deadline=None)


@FAST
@given(start=days, length=lengths, wage=wages, more=wages)
def test_severance_grows_with_the_wage_and_never_passes_the_cap(start, length, wage, more):
    end = start + timedelta(days=length)
    low, high = sorted((wage, more))
    assert severance(start, end, low, FIGURES).amount <= severance(start, end, high, FIGURES).amount
    if high > CAP:
        assert severance(start, end, high, FIGURES).amount <= 12 * CAP


@FAST
@given(start=days, length=lengths, extra=st.integers(min_value=0, max_value=800), wage=wages)
def test_severance_and_damages_grow_with_the_years(start, length, extra, wage):
    end, later = start + timedelta(days=length), start + timedelta(days=length + extra)
    assert severance(start, end, wage, FIGURES).amount <= severance(start, later, wage, FIGURES).amount
    assert dismissal_damages(start, end, wage, FIGURES).amount == 2 * severance(start, end, wage, FIGURES).amount


@FAST
@given(start=days, first=lengths, second=lengths, wage=wages)
def test_double_wage_grows_with_the_months_and_stops_at_eleven(start, first, second, wage):
    early, late = sorted((first, second))
    signed_early, signed_late = start + timedelta(days=early), start + timedelta(days=late)
    low = double_wage(start, wage, signed=signed_early).amount
    high = double_wage(start, wage, signed=signed_late).amount
    assert 0 <= low <= high <= 11 * wage


@FAST
@given(grade=st.integers(min_value=1, max_value=10), wage=wages, more=wages)
def test_work_injury_grows_with_the_wage_and_the_severity(grade, wage, more):
    low, high = sorted((wage, more))
    assert work_injury(grade, low, FIGURES).amount <= work_injury(grade, high, FIGURES).amount
    if grade > 1:
        assert work_injury(grade, wage, FIGURES).amount < work_injury(grade - 1, wage, FIGURES).amount
    assert work_injury(grade, wage, FIGURES).amount <= 27 * CAP


@FAST
@given(claim=amounts, more=amounts)
def test_the_court_fee_grows_with_the_claim_and_halves_for_summary_procedure(claim, more):
    low, high = sorted((claim, more))
    assert court_fee(low).amount <= court_fee(high).amount
    full, half = court_fee(claim).amount, court_fee(claim, summary=True).amount
    assert abs(full / 2 - half) <= Decimal("0.01")
    assert full <= 50 + claim * Decimal("0.025")


@FAST
@given(principal=st.decimals(min_value=1, max_value=10_000_000, places=2),
       rate=st.decimals(min_value=0, max_value=100, places=2), share=st.integers(min_value=0, max_value=99))
def test_interest_never_passes_four_times_the_lpr_on_the_money_lent(principal, rate, share):
    deducted = (principal * share / 100).quantize(Decimal("0.01"))
    result = interest_cap(principal, FIGURES, rate=rate, deducted=deducted)
    lent = principal - deducted
    assert result.amount <= (lent * 4 * FIGURES.lpr_one_year / 100).quantize(Decimal("0.01")) + Decimal("0.01")


@FAST
@given(principal=st.decimals(min_value=1, max_value=10_000_000, places=2),
       monthly=st.decimals(min_value=0, max_value=8, places=3), more=st.decimals(min_value=0, max_value=5, places=3),
       share=st.integers(min_value=0, max_value=99), lpr=st.decimals(min_value="0.5", max_value=10, places=2))
def test_a_monthly_rate_is_judged_as_twelve_times_it_a_year(principal, monthly, more, share, lpr):
    deducted = (principal * share / 100).quantize(Decimal("0.01"))
    by_month = interest_cap(principal, FIGURES, lpr=lpr, rate=monthly, deducted=deducted, rate_period="month")
    by_year = interest_cap(principal, FIGURES, lpr=lpr, rate=monthly * 12, deducted=deducted)
    assert by_month.amount == by_year.amount and by_month.findings[0] == by_year.findings[0]
    higher = interest_cap(principal, FIGURES, lpr=lpr, rate=monthly + more, deducted=deducted, rate_period="month")
    assert by_month.amount <= higher.amount, "more interest agreed never lowers what is supported"
    assert ("超过上限" in by_month.findings[0].zh and "未" not in by_month.findings[0].zh) == (monthly * 12 > lpr * 4)
    lent = principal - deducted
    assert by_month.amount <= (lent * 4 * lpr / 100).quantize(Decimal("0.01"))


@FAST
@given(known=days, kind=st.sampled_from(["labour-arbitration", "civil", "appeal-judgment", "appeal-ruling"]))
def test_a_last_day_is_a_weekday_at_most_two_days_after_the_period_ends(known, kind):
    result = deadline(kind, known, known)
    assert result.last_day.weekday() < 5 and result.last_day > known
    raw = (known + timedelta(days=15 if kind == "appeal-judgment" else 10)) if kind.startswith("appeal") else None
    if raw is not None:
        assert 0 <= (result.last_day - raw).days <= 2


anything = st.one_of(st.text(max_size=30), st.sampled_from(["nan", "-inf", "1e400", "-0", "1e-400", "9999-12-31",
                                                            "0001-01-01", "2026-02-29", "1_000", " 12 ", "0x10"]))


@settings(max_examples=300, deadline=None)
@given(a=anything, b=anything, c=anything, d=anything)
def test_any_text_typed_gives_a_result_or_an_error_naming_a_field(a, b, c, d):
    """What a screen passes on is typed text: nothing but CalculatorInputError may come back (no traceback)."""
    calls = (
        lambda: severance(a, b, c, FIGURES, d),
        lambda: dismissal_damages(a, b, c, FIGURES),
        lambda: double_wage(a, b, signed=c, end=d),
        lambda: work_injury(a, b, FIGURES),
        lambda: court_fee(a, kind=b),
        lambda: court_fee(a, kind="divorce"),
        lambda: interest_cap(a, FIGURES, lpr=b, rate=c, deducted=d),
        lambda: interest_cap("1000", FIGURES, rate=a, rate_period=b),
        lambda: interest_cap("1000", FIGURES, contract_date=a, loan_end=b),
        lambda: deadline(a, b, c, [d]),
        lambda: deadline("civil", a, "2199-12-31", [b]),
    )
    for call in calls:
        try:
            call()
        except CalculatorInputError as error:
            assert error.field in FIELDS and error.message("zh_CN") and error.message("en")
