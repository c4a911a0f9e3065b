"""Today's figures for staff: counted from the day's rows, drawn as charts."""

from __future__ import annotations

from datetime import datetime, tzinfo

from kiosk.foundation.runtime import Runtime
from kiosk.reports.figures import Figures, Period, Sources, collect
from kiosk.reports.sources import report_font
from kiosk.visitor import DRAWING, QUEUE, runs_on
from kiosk.wiring import Services


@runs_on(QUEUE)
def todays_figures(services: Services, zone: tzinfo, now: datetime) -> Figures:
    """Today's tickets, waits and health checks, counted from the day's rows."""
    return collect(Sources(services.tickets.store, zone, services.outcomes), Period.day(now.date()), now)


@runs_on(DRAWING)
def draw_figures(figures: Figures, runtime: Runtime, width: int, height: int) -> bytes:
    """Today's charts as a PNG (FontNotFound when the machine has no Chinese font)."""
    # matplotlib loads here, on the drawing worker, the first time staff open the page.
    from kiosk.reports.charts import today_png

    return today_png(figures, report_font(runtime), width, height)
