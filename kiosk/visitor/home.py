"""What the home screen posts: the hours, the hall against its limit, the queue per service, the counters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from kiosk.foundation.config import WEEKDAYS, sessions
from kiosk.foundation.i18n import day_text, translate
from kiosk.queue import Counter, HallStatus, ServiceOverview, TodayHours
from kiosk.queue.hours import PostedHours, ReceptionState, posted_week, reception_state, sessions_text
from kiosk.queue.model import DISINFECTION, DisinfectionRound
from kiosk.visitor import QUEUE, runs_on, service_name
from kiosk.wiring import Services

STATE_COLOUR = {
    ReceptionState.OPEN: "open",
    ReceptionState.NOT_YET_OPEN: "break",
    ReceptionState.BREAK: "break",
    ReceptionState.FINISHED: "closed",
    ReceptionState.CLOSED_TODAY: "closed",
}


@dataclass(frozen=True)
class HomeTexts:
    """The home screen's texts in one language, named as the screen's properties its kv binds."""

    hours_text: str
    reception_state: str
    state_colour: str
    next_opening_text: str
    week_text: str
    counters_text: str
    hall_text: str
    queue_text: str
    queue_more_text: str
    disinfection_text: str
    disinfection_recorded: bool  # green only for a round on record


@dataclass(frozen=True)
class HomeFigures:
    """What the home screen posts, read from the store in one go."""

    today: TodayHours
    week: list[PostedHours]
    hall: HallStatus
    services: list[ServiceOverview]
    counters: list[Counter]
    last_disinfection: DisinfectionRound | None

    def texts(self, language: str, now: datetime, zone: tzinfo) -> HomeTexts:
        """The figures worded in ``language`` at ``now`` (the reception state follows the clock)."""

        def t(key: str, **fields) -> str:
            return translate(key, language, **fields)

        state = reception_state(self.today.sessions, now)
        opening = self.today.next_opening
        next_opening = "" if state is ReceptionState.OPEN or opening is None else t(
            "home.next_opening", day=day_text(opening.date(), language), time=f"{opening:%H:%M}")
        open_counters = [counter.name or t("display.counter", counter=counter.id) for counter in self.counters
                         if counter.open]
        separator = ", " if language == "en" else "、"
        counters = t("home.counters", names=separator.join(open_counters)) if open_counters else ""
        lines = [t("home.queue_line", waiting=o.waiting, service=service_name(o.service, language))
                 for o in self.services if o.service.enabled]
        half = (len(lines) + 1) // 2
        disinfected = self.last_disinfection
        if disinfected is None:
            disinfection = t("home.no_disinfection")
        else:
            at = disinfected.at.astimezone(zone)
            when = f"{at:%H:%M}" if at.date() == now.date() else f"{day_text(at.date(), language)} {at:%H:%M}"
            disinfection = t("home.last_disinfection", time=when)
        return HomeTexts(
            hours_text=sessions_text(self.today.sessions), reception_state=state.value,
            state_colour=STATE_COLOUR[state], next_opening_text=next_opening,
            week_text="\n".join(_posted_line(run, language) for run in self.week), counters_text=counters,
            hall_text=t("home.hall", occupied=self.hall.occupied_spots, limit=self.hall.usable_spots),
            queue_text="\n".join(lines[:half]), queue_more_text="\n".join(lines[half:]),
            disinfection_text=disinfection, disinfection_recorded=disinfected is not None)


@runs_on(QUEUE)
def home_figures(services: Services, now: datetime) -> HomeFigures:
    """The hours, the hall, the queue per service, the open counters and the last disinfection."""
    table = services.centre.hours_table()
    week = posted_week([sessions(table.get(name, "closed")) for name in WEEKDAYS])
    return HomeFigures(services.centre.today_hours(now), week, services.tickets.hall_status(now),
                       services.tickets.services_overview(now), services.tickets.counters(),
                       services.staff_log.last_rounds().get(DISINFECTION))


def _posted_line(run: PostedHours, language: str) -> str:
    days = translate(f"weekday_short.{run.first_weekday}", language)
    if run.last_weekday != run.first_weekday:
        form = "weekday_pair" if run.last_weekday == run.first_weekday + 1 else "weekday_range"
        days = translate(form, language, first=days, last=translate(f"weekday_short.{run.last_weekday}", language))
    hours = sessions_text(run.sessions) or translate("home.day_closed", language)
    return translate("home.posted_line", language, days=days, hours=hours)
