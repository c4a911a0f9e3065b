"""Plain rules without a store: the hall's usable spots, reception hours and time inside sessions."""

from datetime import date, datetime, time
from itertools import combinations
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.foundation.config import HallSettings, HoursSettings
from kiosk.queue import hall, hours
from kiosk.queue.model import Spot

ZONE = ZoneInfo("Asia/Shanghai")


def pairwise_apart(spots, spacing):
    return all(hall.apart(a, b, spacing) for a, b in combinations(spots, 2))


def test_a_half_metre_grid_at_one_metre_spacing_keeps_every_other_spot_both_ways():
    spots = hall.layout_spots(HallSettings(layout="grid", rows=7, columns=9, pitch_m=0.5))
    usable = hall.usable_spots(spots, 1.0)
    assert len(usable) == 4 * 5
    assert {s.x for s in usable} == {0.0, 1.0, 2.0, 3.0, 4.0}
    assert {s.y for s in usable} == {0.0, 1.0, 2.0, 3.0}
    assert pairwise_apart(usable, 1.0)


def test_a_one_metre_grid_at_one_metre_spacing_keeps_every_spot():
    spots = hall.layout_spots(HallSettings(rows=6, columns=8, pitch_m=1.0))
    assert len(hall.usable_spots(spots, 1.0)) == 48


def test_swapping_beats_plain_greedy_where_reading_order_picks_a_blocking_spot():
    # Reading order takes the middle spot first, which blocks both ends; the best set is the two ends.
    spots = [Spot(1, 0.0, 0.0), Spot(2, 0.6, 0.0), Spot(3, 1.2, 0.0)]
    shuffled = [Spot(2, 0.6, -0.1), Spot(1, 0.0, 0.0), Spot(3, 1.2, 0.0)]
    assert {s.id for s in hall.usable_spots(spots, 1.0)} == {1, 3}
    assert {s.id for s in hall.usable_spots(shuffled, 1.0)} == {1, 3}


def test_spots_out_of_use_are_left_out_and_a_list_layout_is_read():
    listed = HallSettings(layout="list", spots=((0, 0), (1.5, 0), (0, 2)))
    spots = hall.layout_spots(listed)
    assert [(s.x, s.y) for s in spots] == [(0, 0), (1.5, 0), (0, 2)]
    spots[1] = Spot(2, 1.5, 0, in_use=False)
    assert [s.id for s in hall.usable_spots(spots, 1.0)] == [1, 3]


def test_a_free_spot_keeps_the_spacing_from_occupied_spots_even_off_the_usable_set():
    spots = [Spot(1, 0, 0), Spot(2, 1, 0), Spot(3, 2, 0)]
    usable = hall.usable_spots(spots, 1.0)
    # Someone stands on a spot half a metre from spot 1 (a layout changed under them).
    assert hall.free_spot(usable, [Spot(9, 0.5, 0)], 1.0).id == 3
    assert hall.free_spot(usable, usable, 1.0) is None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 6), st.floats(0, 6)), min_size=1, max_size=25),
       st.sampled_from([0.5, 1.0, 1.5]))
def test_usable_spots_are_pairwise_apart_and_maximal(points, spacing):
    spots = [Spot(i, round(x, 2), round(y, 2)) for i, (x, y) in enumerate(points, start=1)]
    usable = hall.usable_spots(spots, spacing)
    assert pairwise_apart(usable, spacing)
    chosen = {s.id for s in usable}
    # Maximal: every left-out spot is too close to a chosen one.
    assert all(any(not hall.apart(s, u, spacing) for u in usable) for s in spots if s.id not in chosen)


def test_a_date_override_wins_over_its_weekday():
    table = hours.weekly_entries(HoursSettings())
    assert hours.sessions_on(table, date(2026, 11, 30)) == ((time(9), time(12)), (time(13, 30), time(17)))
    assert hours.sessions_on(table, date(2026, 12, 5)) == ()
    table["2026-12-05"] = "09:00-12:00"
    table["2026-11-30"] = "closed"
    assert hours.sessions_on(table, date(2026, 12, 5)) == ((time(9), time(12)),)
    assert hours.sessions_on(table, date(2026, 11, 30)) == ()


def test_time_inside_sessions_skips_the_lunch_break_and_runs_on_past_the_last_session():
    table = hours.weekly_entries(HoursSettings())
    bounds = hours.day_bounds(table, date(2026, 11, 30), ZONE)
    start = datetime(2026, 11, 30, 11, 50, tzinfo=ZONE)
    assert hours.advance(start, 20, bounds) == datetime(2026, 11, 30, 13, 40, tzinfo=ZONE)
    assert hours.advance(datetime(2026, 11, 30, 8, 0, tzinfo=ZONE), 0, bounds) == datetime(2026, 11, 30, 9, 0,
                                                                                            tzinfo=ZONE)
    late = datetime(2026, 11, 30, 16, 50, tzinfo=ZONE)
    assert hours.advance(late, 30, bounds) == datetime(2026, 11, 30, 17, 20, tzinfo=ZONE)


def test_the_next_opening_crosses_a_weekend_and_a_closed_override():
    table = hours.weekly_entries(HoursSettings())
    table["2026-12-07"] = "closed"
    friday_evening = datetime(2026, 12, 4, 18, 0, tzinfo=ZONE)
    assert hours.next_opening(table, friday_evening) == datetime(2026, 12, 8, 9, 0, tzinfo=ZONE)
    assert hours.next_opening({"mon": "closed"}, friday_evening) is None


def test_hours_keys_are_weekdays_or_dates():
    assert hours.check_key("sat") == "sat"
    assert hours.check_key("2026-10-01") == "2026-10-01"
    with pytest.raises(ValueError, match="expected a weekday"):
        hours.check_key("someday")
    assert hours.format_sessions(((time(9), time(12)),)) == "09:00-12:00"
    assert hours.format_sessions(()) == "closed"
