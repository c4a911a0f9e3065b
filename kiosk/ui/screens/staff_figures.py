"""Today's figures (今日统计) for staff: tickets by hour and service, waits, health checks, as charts.

The figures are counted on the queue worker (a read of today's rows), today's most
searched words come from the knowledge base on the legal worker, the picture
is drawn by the reports core on a worker of its own (a second of matplotlib must
not hold up a visitor's ticket), and only the finished PNG becomes a texture
here, on the UI thread. The page refreshes itself while it is shown.
"""

from __future__ import annotations

import io

from kivy.app import App
from kivy.clock import Clock
from kivy.core.image import Image as CoreImage
from kivy.properties import StringProperty

from kiosk.foundation.fonts import FontNotFound
from kiosk.reports.figures import Figures
from kiosk.ui.base_app import ignore
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.visitor.figures import draw_figures, todays_figures
from kiosk.visitor.legal import popular_terms

load_kv_beside(__file__)

REFRESH_SECONDS = 60
SEARCHES_SHOWN = 5


class StaffFiguresScreen(KioskScreen):
    headline = StringProperty("")
    searches = StringProperty("")
    status = StringProperty("")

    def on_kv_post(self, _base) -> None:
        self._ticker = None
        self._figures: Figures | None = None
        self._searched: list[tuple[str, str, int]] | None = None
        App.get_running_app().bind(language=lambda *_: self._show_headline())

    def on_pre_enter(self) -> None:
        self.status = App.get_running_app().t("figures.counting", App.get_running_app().language)
        self.refresh()
        self._ticker = Clock.schedule_interval(lambda _dt: self.refresh(), REFRESH_SECONDS)

    def on_leave(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None

    def refresh(self) -> None:
        app = App.get_running_app()
        if app.services is None:
            return
        now = app.now()
        app.act(todays_figures, app.zone, now, done=self._counted, failed=self._failed)
        if app.library is not None:  # once the knowledge base is open (jieba loaded)
            app.act(popular_terms, now.date(), SEARCHES_SHOWN, done=self._show_searches, failed=ignore)

    def _show_searches(self, searched: list[tuple[str, str, int]]) -> None:
        self._searched = searched
        self._show_headline()

    def _counted(self, figures: Figures) -> None:
        self._figures = figures
        self._show_headline()
        app = App.get_running_app()
        chart = self.ids.chart
        width, height = max(int(chart.width), 400), max(int(chart.height), 300)
        app.act(draw_figures, figures, app.runtime, width, height, done=self._drawn, failed=self._failed)

    def _drawn(self, png: bytes) -> None:
        self.ids.chart.texture = CoreImage(io.BytesIO(png), ext="png").texture
        app = App.get_running_app()
        self.status = app.t("figures.updated", app.language, time=f"{self._figures.generated_at:%H:%M}",
                            seconds=REFRESH_SECONDS)

    def _failed(self, error: BaseException) -> None:
        app = App.get_running_app()
        key = "figures.no_font" if isinstance(error, FontNotFound) else "figures.failed"
        self.status = app.t(key, app.language)

    def _show_headline(self) -> None:
        if self._figures is None:
            return
        app = App.get_running_app()
        totals = self._figures.totals
        waiting = sum(row.still_open for row in self._figures.services)
        self.headline = app.t("figures.headline", app.language, tickets=totals["tickets"], done=totals["done"],
                              waiting=waiting, no_show=totals["no_show"], refused=totals["refusals_queue"],
                              wait=f"{totals['mean_wait_minutes']:.0f}")
        if self._searched is not None:
            terms = "、".join(f"{terms}（{count}）" for terms, _, count in self._searched)
            self.searches = app.t("figures.searches", app.language, terms=terms) if terms \
                else app.t("figures.no_searches", app.language)

    def forget(self) -> None:
        self.on_leave()
