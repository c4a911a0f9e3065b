"""How today's reception hours are posted."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.foundation.config import sessions
from kiosk.queue.hours import ReceptionState, posted_week, reception_state, sessions_text

ZONE = ZoneInfo("Asia/Shanghai")
WEEKDAY = sessions("09:00-12:00, 13:30-17:00")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, tzinfo=ZONE)


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        (at(8, 59), ReceptionState.NOT_YET_OPEN),
        (at(9, 0), ReceptionState.OPEN),
        (at(11, 59), ReceptionState.OPEN),
        (at(12, 0), ReceptionState.BREAK),
        (at(13, 30), ReceptionState.OPEN),
        (at(17, 0), ReceptionState.FINISHED),
    ],
)
def test_state_at_the_edges_of_the_sessions(moment, state):
    assert reception_state(WEEKDAY, moment) is state


def test_a_day_without_sessions_is_closed():
    assert reception_state((), at(10)) is ReceptionState.CLOSED_TODAY


def test_sessions_text():
    assert sessions_text(WEEKDAY) == "09:00-12:00  13:30-17:00"


def test_the_posted_week_joins_equal_days():
    week = [WEEKDAY] * 5 + [sessions("09:00-12:00"), ()]
    runs = [(run.first_weekday, run.last_weekday, len(run.sessions)) for run in posted_week(week)]
    assert runs == [(0, 4, 2), (5, 5, 1), (6, 6, 0)]
