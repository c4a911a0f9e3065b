"""Work orders staff must follow up (逾期工单): the overdue ones, each in words (number, kind, matter, how late),
and those the platform never received after the sender's tries (dead letters), with what to do about them."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import StringProperty

from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.staff_widgets import StaffPage
from kiosk.visitor.workorders import StaffOrders, order_line, staff_orders, undelivered_line

load_kv_beside(__file__)


class StaffOrdersScreen(StaffPage):
    title = StringProperty("")
    orders_text = StringProperty("")
    undelivered_text = StringProperty("")

    def on_kv_post(self, _base) -> None:
        self._orders: StaffOrders | None = None
        App.get_running_app().bind(language=lambda *_: self._show(self._orders))

    def refresh(self) -> None:
        self.read(staff_orders, App.get_running_app().now(), show=self._show)

    def _show(self, orders: StaffOrders | None) -> None:
        self._orders = orders
        if orders is None:
            return
        app = App.get_running_app()
        language, now = app.language, app.now()
        self.title = app.t("overdue.title", language, count=len(orders.overdue))
        self.orders_text = "\n\n".join(order_line(order, now, language, app.zone) for order in orders.overdue) \
            or app.t("overdue.none", language)
        self.undelivered_text = "\n\n".join(
            [app.t("overdue.undelivered", language, count=len(orders.undelivered))] +
            [undelivered_line(order, language) for order in orders.undelivered]) if orders.undelivered else ""

    def forget(self) -> None:
        super().forget()
        self._orders = None
        self.title = self.orders_text = self.undelivered_text = ""
