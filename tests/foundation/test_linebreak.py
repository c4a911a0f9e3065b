"""Line breaking: whole English words, the Chinese rules, a font that shrinks before it wraps."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.foundation.linebreak import NO_LINE_END, NO_LINE_START, fit, line_spans, pieces, wrap


def monospace(line: str, size: float) -> tuple[float, float]:
    """Every character ``size`` wide and tall: widths easy to reason about."""
    return len(line) * size, size


def fits_chars(count: int):
    return lambda line: len(line) <= count


def test_english_words_stay_whole():
    assert wrap("Appointment check-in", fits_chars(12)) == ["Appointment", "check-in"]
    assert pieces("Take a number") == ["Take ", "a ", "number"]


def test_chinese_breaks_between_characters():
    assert wrap("法律咨询窗口", fits_chars(4)) == ["法律咨询", "窗口"]


@pytest.mark.parametrize("mark", list("，、。；：）」』！？"))
def test_no_line_starts_with_a_closing_mark(mark):
    text = f"请到窗口{mark}办理"
    lines = wrap(text, fits_chars(4))
    assert all(not line.startswith(mark) for line in lines), lines
    assert "".join(lines) == text


@pytest.mark.parametrize("mark", list("（「『"))
def test_no_line_ends_with_an_opening_mark(mark):
    text = f"请带上证件{mark}原件"
    lines = wrap(text, fits_chars(6))
    assert all(not line.endswith(mark) for line in lines), lines
    assert "".join(lines) == text


def test_a_unit_stays_with_its_number():
    lines = wrap("月收入低于2600元可以申请", fits_chars(9))
    assert lines[1].startswith("2600元") or "2600元" in lines[0], lines


def test_the_rule_sets_are_the_usual_ones():
    assert set("，、。；：）」』！？") <= set(NO_LINE_START)
    assert set("（「『") <= set(NO_LINE_END)


def test_line_breaks_in_the_text_are_kept():
    assert wrap("第一行\n第二行", fits_chars(10)) == ["第一行", "第二行"]


def test_a_short_text_keeps_its_size_on_one_line():
    fitted = fit("取号", width=100, height=20, measure=monospace, font_size=10, floor=7)
    assert fitted.font_size == 10 and fitted.lines == ("取号",)


def test_a_text_a_little_too_wide_shrinks_to_stay_on_one_line():
    fitted = fit("Appointment", width=100, height=20, measure=monospace, font_size=10, floor=7)
    assert fitted.lines == ("Appointment",) and fitted.font_size <= 100 / 11


def test_a_long_text_wraps_at_words_within_the_height():
    fitted = fit("Appointment check-in today", width=120, height=40, measure=monospace, font_size=10, floor=7)
    assert all(" " not in line or len(line) * fitted.font_size <= 120 for line in fitted.lines)
    assert len(fitted.lines) * fitted.font_size <= 40
    assert " ".join(fitted.lines) == "Appointment check-in today"


def test_a_word_wider_than_the_line_at_the_floor_shrinks_further_and_stays_whole():
    fitted = fit("Consultation", width=60, height=None, measure=monospace, font_size=10, floor=7)
    assert fitted.lines == ("Consultation",) and 12 * fitted.font_size <= 60


def test_without_a_height_the_font_keeps_its_size_and_wraps():
    fitted = fit("法律援助申请条件与材料清单", width=50, height=None, measure=monospace, font_size=10, floor=7)
    assert fitted.font_size == 10 and fitted.lines == ("法律援助申", "请条件与材", "料清单")


def test_a_label_free_to_grow_wraps_at_its_size_rather_than_shrink():
    fitted = fit("traffic accident", width=120, height=None, measure=monospace, font_size=10, floor=7)
    assert fitted.font_size == 10 and fitted.lines == ("traffic", "accident")


def test_a_choice_mark_stays_with_its_words():
    assert wrap("○ marriage and family", fits_chars(9)) == ["○ marriage", "and", "family"]


def _one_piece_at_a_time(text: str, fits) -> list[tuple[int, int]]:
    """The plain greedy breaker line_spans must agree with: try one more piece, break where it no longer fits."""
    spans, at = [], 0
    for paragraph in text.split("\n"):
        start, line = at, ""
        for piece in pieces(paragraph):
            if line and not fits((line + piece).rstrip()):
                spans.append((start, start + len(line.rstrip())))
                start, line = start + len(line), piece
            else:
                line += piece
        spans.append((start, start + len(line.rstrip())))
        at += len(paragraph) + 1
    return spans


_WORDS = st.sampled_from([*"法律援助中心工资补偿，。（）、3元 ", "word ", "Appointment ", "check-in", "\n", "x" * 25])


@given(text=st.lists(_WORDS, max_size=60).map("".join), width=st.sampled_from([1, 4, 9, 16, 30, 200]))
def test_lines_are_those_of_the_plain_greedy_breaker(text, width):
    # A stand-in font: Chinese characters twice as wide as Latin ones; a longer line is never narrower.
    def fits(line: str) -> bool:
        return sum(2 if ord(char) > 0x2000 else 1 for char in line) <= width

    assert line_spans(text, fits) == _one_piece_at_a_time(text, fits)
