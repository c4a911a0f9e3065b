"""The staff figures screen in the real kiosk window: today's charts drawn off the UI thread, refreshing."""

from __future__ import annotations

import pytest
from activity import generate

from kiosk.reports.figures import Period, collect
from kiosk.ui.screens import staff_figures
from kiosk.wiring import open_queue, open_sources

pytestmark = pytest.mark.ui


def test_staff_figures_shows_todays_charts_and_refreshes_by_itself(start_kiosk, monkeypatch):
    monkeypatch.setattr(staff_figures, "REFRESH_SECONDS", 1)
    kiosk = start_kiosk()
    app = kiosk.app
    today = app.now().date()
    # Another kiosk of the centre has had a busy day (its own connection to the same store).
    generate(app.runtime, today, 1, 30, weekends=True)
    kiosk.show("staff")
    app.go("staff_figures")  # as the staff menu's button does
    kiosk.run_until(lambda: not app.root.transition.is_active, timeout=30)
    screen = kiosk.screen("staff_figures")
    kiosk.run_until(lambda: screen.ids.chart.texture is not None and "更新于" in screen.status, timeout=60)
    sources = open_sources(app.runtime)
    figures = collect(sources, Period.day(today), app.now())
    sources.close()
    totals = figures.totals
    assert totals["tickets"] > 10
    assert screen.headline.startswith(f"取号 {totals['tickets']} · 办结 {totals['done']} ·")
    texture = screen.ids.chart.texture
    assert texture.width >= 400 and texture.height >= 300
    kiosk.run_until(lambda: screen.searches.startswith("今日查询热点："), timeout=60)
    top_terms = figures.searches[0][0]
    assert f"{top_terms}（{figures.searches[0][2]}）" in screen.searches
    kiosk.screenshot("staff_figures")
    # A ticket issued elsewhere shows up without anyone touching the screen.
    queue = open_queue(app.runtime)
    queue.tickets.issue_ticket("consultation", None, app.now().replace(hour=10, minute=0))
    queue.close()
    kiosk.run_until(lambda: screen.headline.startswith(f"取号 {totals['tickets'] + 1} "), timeout=30)
    app.language = "en"
    kiosk.pump(2)
    assert screen.headline.startswith(f"Tickets {totals['tickets'] + 1} ")
    kiosk.tap(screen.ids.header.children[-1])  # the header's back button
    kiosk.run_until(lambda: app.root.current == "staff" and not app.root.transition.is_active, timeout=30)
    assert screen._ticker is None  # no refreshing behind the staff menu


def test_a_full_service_tapped_on_the_service_list_is_counted_for_the_reports(start_kiosk, monkeypatch):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    monday = datetime(2026, 11, 30, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    kiosk = start_kiosk()
    app = kiosk.app
    monkeypatch.setattr(app, "now", lambda: monday)
    app.workers.queue.run_now(lambda: app.services.centre.set_service("notarisation", "test", monday,
                                                                       daily_capacity=0))
    app.go("services")
    screen = kiosk.screen("services")
    kiosk.run_until(lambda: len(screen.ids.tiles.children) == 6 and not app.root.transition.is_active, timeout=30)
    full = next(t for t in screen.ids.tiles.children if t.overview.service.code == "notarisation")
    kiosk.tap(full)
    kiosk.run_until(lambda: app.root.current == "refusal", timeout=30)

    def counted() -> dict:
        queue = open_queue(app.runtime, write=False)
        try:
            with queue.store.transaction(write=False) as tx:
                return tx.refusal_counts("2026-11-30", "2026-11-30")
        finally:
            queue.close()

    kiosk.run_until(lambda: counted() == {("2026-11-30", "day_full", "notarisation"): 1}, timeout=30)
