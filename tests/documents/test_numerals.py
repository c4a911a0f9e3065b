"""Capital numerals (大写金额): hand-checked examples and a round trip back to the figure."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.documents.numerals import capital_yuan

DIGIT = {c: n for n, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
UNIT = {"拾": 10, "佰": 100, "仟": 1000}


@pytest.mark.parametrize(("amount", "written"), [
    ("0.01", "壹分"),
    ("0.50", "伍角"),
    ("1", "壹元整"),
    ("10", "壹拾元整"),
    ("15", "壹拾伍元整"),
    ("110", "壹佰壹拾元整"),
    ("1005", "壹仟零伍元整"),
    ("1000.50", "壹仟元伍角"),
    ("10.05", "壹拾元零伍分"),
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
    ("12345.60", "壹万贰仟叁佰肆拾伍元陆角"),
    ("101000", "壹拾万零壹仟元整"),
    ("10000005", "壹仟万零伍元整"),
    ("100000000", "壹亿元整"),
    ("100010000", "壹亿零壹万元整"),
    ("200000300", "贰亿零叁佰元整"),
])
def test_examples(amount: str, written: str) -> None:
    assert capital_yuan(Decimal(amount)) == written


@pytest.mark.parametrize("amount", ["-1", "1000000000000", "1.005"])
def test_refuses_what_it_cannot_write(amount: str) -> None:
    with pytest.raises(ValueError):
        capital_yuan(Decimal(amount))


def read_back(written: str) -> Decimal:
    """The figure a capital amount stands for: an independent reading, as a bank clerk would do it."""
    total, section, digit = 0, 0, 0
    cents = 0
    for character in written.removesuffix("整"):
        if character in DIGIT:
            digit = DIGIT[character]
        elif character in UNIT:
            section += digit * UNIT[character]
            digit = 0
        elif character == "万":
            total += (section + digit) * 10_000
            section = digit = 0
        elif character == "亿":
            total = (total + section + digit) * 100_000_000
            section = digit = 0
        elif character == "元":
            total += section + digit
            section = digit = 0
        elif character == "角":
            cents += digit * 10
            digit = 0
        elif character == "分":
            cents += digit
            digit = 0
    return Decimal(total * 100 + cents) / 100


@given(st.integers(min_value=1, max_value=999_999_999_999_99))
def test_round_trip(cents: int) -> None:
    amount = Decimal(cents) / 100
    written = capital_yuan(amount.quantize(Decimal("0.01")))
    assert read_back(written) == amount
    assert "零零" not in written  # a run of zeros is one 零
    assert written.endswith("整") == (cents % 100 == 0)  # only a whole amount ends in 整
