"""Wrapping to 58 and 80 mm paper, full-width characters counting as two columns."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.printing.text import NO_LINE_START, columns_for, text_width, wrap


def test_paper_widths_give_32_and_48_columns():
    assert (columns_for(58), columns_for(80)) == (32, 48)
    with pytest.raises(ValueError, match="58 or 80"):
        columns_for(76)


def test_full_width_characters_count_twice():
    assert text_width("A023") == 4
    assert text_width("法律咨询") == 8
    assert text_width("（1米）") == 7


@pytest.mark.parametrize("columns", [32, 48])
def test_chinese_fills_a_line_exactly(columns):
    digits = "一二三四五六七八九十" * 5
    lines = wrap(digits, columns)

    assert lines[0] == digits[:columns // 2]
    assert all(text_width(line) <= columns for line in lines)


def test_english_words_are_not_split_and_spaces_at_breaks_vanish():
    lines = wrap("Contracts, receipts, chat records and other evidence of the matter", 32)

    assert lines == ["Contracts, receipts, chat", "records and other evidence of", "the matter"]


@pytest.mark.parametrize("mark", sorted("，。）》"))
def test_closing_punctuation_never_starts_a_line(mark):
    lines = wrap(f"一二三四五六七八九十一二三四五六{mark}七八", 32)

    assert lines == ["一二三四五六七八九十一二三四五", f"六{mark}七八"]
    assert mark in NO_LINE_START


def test_opening_punctuation_never_ends_a_line():
    lines = wrap("一二三四五六七八九十一二三四五（六七）", 32)

    assert lines == ["一二三四五六七八九十一二三四五", "（六七）"]


def test_a_word_longer_than_the_line_is_cut():
    assert wrap("x" * 70, 32) == ["x" * 32, "x" * 32, "x" * 6]


def test_continuation_lines_hang_under_the_indent():
    lines = wrap("1. 与所申请法律援助事项有关的案件材料", 16, indent=3)

    assert lines == ["1. 与所申请法律", "   援助事项有关", "   的案件材料"]


def test_line_breaks_in_the_text_are_kept_and_control_characters_dropped():
    assert wrap("甲\n乙\x1b@", 32) == ["甲", "乙@"]


@settings(max_examples=80, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("法律援助，。（）ab cd1234 ")), max_size=200),
       columns=st.sampled_from([32, 48]), indent=st.integers(0, 4))
def test_wrapping_keeps_every_character_in_order_within_the_width(text, columns, indent):
    lines = wrap(text, columns, indent)

    assert all(text_width(line) <= columns for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
