"""Today's posted reception hours and whether the centre is receiving."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.config import HoursSettings, sessions
from kiosk.reception import ReceptionState, next_opening, posted_week, reception_today

ZONE = ZoneInfo("Asia/Shanghai")
WEEKDAYS = HoursSettings()  # Monday to Friday 09:00-12:00, 13:30-17:00


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=ZONE)  # 2026-11-23 is a Monday


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        (at(23, 8, 59), ReceptionState.NOT_YET_OPEN),
        (at(23, 9, 0), ReceptionState.OPEN),
        (at(23, 11, 59), ReceptionState.OPEN),
        (at(23, 12, 0), ReceptionState.BREAK),
        (at(23, 13, 30), ReceptionState.OPEN),
        (at(23, 17, 0), ReceptionState.FINISHED),
        (at(29, 10, 0), ReceptionState.CLOSED_TODAY),
    ],
)
def test_state_at_the_edges_of_the_sessions(moment, state):
    assert reception_today(WEEKDAYS, moment).state is state


def test_sessions_text():
    assert reception_today(WEEKDAYS, at(23, 10)).sessions_text == "09:00-12:00  13:30-17:00"


def test_next_opening_skips_the_weekend():
    assert next_opening(WEEKDAYS, at(27, 17, 30)) == at(30, 9)
    assert next_opening(WEEKDAYS, at(23, 12, 30)) == at(23, 13, 30)
    closed = HoursSettings(**{day: () for day in ("mon", "tue", "wed", "thu", "fri")})
    assert next_opening(closed, at(23, 10)) is None


def test_the_posted_week_joins_equal_days():
    hours = HoursSettings(sat=sessions("09:00-12:00"))
    runs = [(run.first_weekday, run.last_weekday, len(run.sessions)) for run in posted_week(hours)]
    assert runs == [(0, 4, 2), (5, 5, 1), (6, 6, 0)]
