"""Deadlines: the last day, rest days, near and past, what interrupts them, and the superseded 仲裁法 text."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.calculators import DEADLINE_KINDS, NEAR, OPEN, PAST, UNKNOWN, CalculatorInputError, deadline

TODAY = "2026-12-07"  # a Monday


def test_an_appeal_against_a_judgment_has_15_days_from_the_day_after_service():
    result = deadline("appeal-judgment", "2026-11-23", TODAY)
    assert (result.last_day, result.status, result.days_left) == (date(2026, 12, 8), NEAR, 1)
    first = result.cites[0]
    assert (first.law, first.article, first.version) == ("民事诉讼法", 171, "2023-09-01")


def test_a_last_day_on_a_sunday_moves_to_monday():
    result = deadline("appeal-judgment", "2026-11-21", TODAY)  # 15 days later is Sunday 2026-12-06
    assert result.last_day == date(2026, 12, 7) and result.days_left == 0 and result.status == NEAR
    assert "2026-12-06 是休息日或节假日，顺延至 2026-12-07" in [line.zh for line in result.working]
    assert ("民事诉讼法", 85) in [(c.law, c.article) for c in result.cites]


def test_a_last_day_on_a_saturday_moves_to_monday():
    assert deadline("appeal-ruling", "2026-11-25", TODAY).last_day == date(2026, 12, 7)  # 10 days: Sat 12-05


def test_listed_holidays_move_the_last_day_on_past_them():
    national_day = [f"2026-10-0{day}" for day in range(1, 8)]
    result = deadline("labour-arbitration", "2025-10-01", "2026-09-01", national_day)
    assert result.last_day == date(2026, 10, 8)
    assert ("民法典", 203) in [(c.law, c.article) for c in result.cites]


def test_a_year_from_29_february_ends_on_28_february():
    assert deadline("labour-arbitration", "2024-02-29", "2024-03-01").last_day == date(2025, 2, 28)


def test_an_ordinary_civil_claim_has_three_years():
    result = deadline("civil", "2023-12-09", TODAY)
    assert result.last_day == date(2026, 12, 9)
    articles = [c.article for c in result.cites if c.law == "民法典"]
    assert {188, 194, 195, 203} <= set(articles)
    assert any(line.zh.startswith("中断：") for line in result.checks)
    assert any(line.zh.startswith("中止：") for line in result.checks)


@pytest.mark.parametrize(("known", "status", "days_left"), [
    ("2025-12-07", NEAR, 0),  # the last day is today
    ("2025-12-06", NEAR, 0),  # Sunday 2026-12-06 moves to today
    ("2025-12-04", PAST, -3),  # Friday 2026-12-04
    ("2026-01-06", NEAR, 30),
    ("2026-01-07", OPEN, 31),
])
def test_near_is_thirty_days_or_fewer_and_past_is_before_today(known, status, days_left):
    result = deadline("labour-arbitration", known, TODAY)
    assert (result.status, result.days_left) == (status, days_left)
    if status == PAST:
        assert "中断" in result.checks[0].zh


def test_labour_arbitration_names_unpaid_wages_while_employed():
    result = deadline("labour-arbitration", "2026-06-01", TODAY)
    assert any("拖欠工资" in line.zh for line in result.checks)
    assert result.cites[0].article == 27 and result.cites[0].version == "2007-12-29"


def test_setting_aside_an_award_gives_no_day_from_the_superseded_text():
    result = deadline("award-set-aside", "2026-11-23", TODAY)
    assert (result.last_day, result.status, result.days_left) == (None, UNKNOWN, None)
    assert result.as_json()["last_day"] is None
    cite = result.cites[0]
    assert (cite.law, cite.article, cite.version) == ("仲裁法", 59, "2017-09-01")
    assert "2026年3月1日起施行" in cite.note.zh and "取代" in cite.note.zh and "2026-03-01" in cite.note.en
    assert "请" in result.working[-1].zh and "确认" in result.working[-1].zh
    assert result.headline("en") == "Please confirm the deadline"


def test_every_kind_has_something_to_say_about_interruption():
    for kind in DEADLINE_KINDS.values():
        assert kind.pauses


@pytest.mark.parametrize(("args", "field"), [
    (("appeal", "2026-11-23", TODAY), "kind"),
    (("civil", "2026-12-08", TODAY), "known"),
    (("civil", "2026-11-31", TODAY), "known"),
    (("civil", "2026-11-01", "today"), "today"),
])
def test_deadline_input_errors_name_the_field(args, field):
    with pytest.raises(CalculatorInputError) as raised:
        deadline(*args)
    assert raised.value.field == field


def test_a_bad_holiday_is_named():
    with pytest.raises(CalculatorInputError) as raised:
        deadline("civil", "2026-11-01", TODAY, ["10-01"])
    assert raised.value.field == "holiday"
