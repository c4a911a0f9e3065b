"""Overdue work orders (逾期工单) for staff: how many, and each in words (number, kind, matter, how late)."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import StringProperty

from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.staff_widgets import StaffPage
from kiosk.visitor.workorders import order_line, overdue_orders
from kiosk.workorders import WorkOrder

load_kv_beside(__file__)


class StaffOrdersScreen(StaffPage):
    title = StringProperty("")
    orders_text = StringProperty("")

    def on_kv_post(self, _base) -> None:
        self._orders: list[WorkOrder] = []
        App.get_running_app().bind(language=lambda *_: self._show(self._orders))

    def refresh(self) -> None:
        self.read(overdue_orders, App.get_running_app().now(), show=self._show)

    def _show(self, orders: list[WorkOrder]) -> None:
        app = App.get_running_app()
        language, now = app.language, app.now()
        self._orders = orders
        self.title = app.t("overdue.title", language, count=len(orders))
        self.orders_text = "\n\n".join(order_line(order, now, language, app.zone) for order in orders) \
            or app.t("overdue.none", language)

    def forget(self) -> None:
        super().forget()
        self._orders = []
        self.title = self.orders_text = ""
