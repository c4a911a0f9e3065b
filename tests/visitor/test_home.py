"""What the home screen posts: one read of the store, worded in either language."""

from __future__ import annotations

from queue_helpers import ZONE, moment

from kiosk.visitor.home import HomeFigures, home_figures

MONDAY_MORNING = moment("09:30")


def test_the_figures_are_read_in_one_call_and_worded_in_both_languages(services):
    services.tickets.issue_ticket("mediation", None, MONDAY_MORNING)
    services.centre.set_counter("3", ("mediation",), True, "test", MONDAY_MORNING)
    figures = home_figures(services, MONDAY_MORNING)
    assert isinstance(figures, HomeFigures) and len(figures.week) >= 1

    chinese = figures.texts("zh_CN", MONDAY_MORNING, ZONE)
    assert chinese.reception_state == "open" and chinese.state_colour == "open"
    assert chinese.hours_text and chinese.next_opening_text == ""
    assert "人民调解：等候1人" in chinese.queue_more_text.replace(" ", "")
    assert "3" in chinese.counters_text
    assert not chinese.disinfection_recorded

    english = figures.texts("en", MONDAY_MORNING, ZONE)
    assert "People's mediation: 1 waiting" in english.queue_more_text
    assert english.hall_text != chinese.hall_text and english.week_text != chinese.week_text


def test_the_last_disinfection_shows_its_time_today_and_its_date_before(services):
    services.staff_log.record_round("disinfection", "hall", "staff", moment("08:15"))
    texts = home_figures(services, MONDAY_MORNING).texts("zh_CN", MONDAY_MORNING, ZONE)
    assert texts.disinfection_recorded and "08:15" in texts.disinfection_text and "11-30" not in texts.disinfection_text
    tomorrow = moment("09:30", days=1)
    later = home_figures(services, tomorrow).texts("zh_CN", tomorrow, ZONE)
    assert "11月30日 周一 08:15" in later.disinfection_text


def test_before_opening_the_next_opening_is_posted(services):
    early = moment("06:00")
    texts = home_figures(services, early).texts("en", early, ZONE)
    assert texts.reception_state == "not_yet_open" and texts.state_colour == "break"
    assert texts.next_opening_text
