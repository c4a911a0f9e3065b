"""The staff screen (管理) behind the PIN: the configuration pages, the disinfection log, the audit, leaving."""

from __future__ import annotations

from concurrent.futures import wait

from kivy.app import App
from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screen_registry import SCREEN_NAMES
from kiosk.ui.screens import staff_widgets  # noqa: F401  (its kv rules come first)
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.screens.staff_watch import staff_watch
from kiosk.visitor.workorders import StaffOrders, staff_orders

load_kv_beside(__file__)

# Leaving must be in the audit before the app stops; the store answers in well under this.
LEAVE_AUDIT_TIMEOUT_SECONDS = 5


class StaffScreen(KioskScreen):
    overdue_text = StringProperty("")
    has_figures = BooleanProperty("staff_figures" in SCREEN_NAMES)
    late_orders = NumericProperty(0)  # work orders past their deadline, as last read
    undelivered_orders = NumericProperty(0)  # work orders the platform never received (dead letters)

    def on_kv_post(self, _base_widget) -> None:
        app = App.get_running_app()
        staff_watch(app).bind(statuses=lambda *_: self.show_overdue())
        app.bind(language=lambda *_: self.show_overdue())
        self.show_overdue()

    def on_pre_enter(self) -> None:
        app = App.get_running_app()
        staff_watch(app).poll()
        if app.services is not None:  # the store is down: the kiosk is paused and retries by itself
            app.act(staff_orders, app.now(), done=self._orders_read, failed=lambda _error: None)

    def _orders_read(self, orders: StaffOrders) -> None:
        self.late_orders, self.undelivered_orders = len(orders.overdue), len(orders.undelivered)
        self.show_overdue()

    def show_overdue(self) -> None:
        """The red banner: each overdue round and when it was last done."""
        app = App.get_running_app()
        language = app.language
        lines = [app.t("staff.overdue", language, kind=app.t(f"staff.kind.{status.kind}", language),
                       last=f"{status.last.at:%H:%M}" if status.last else app.t("staff.never", language))
                 for status in staff_watch(app).statuses if status.overdue]
        if self.late_orders:
            lines.append(app.t("overdue.title", language, count=self.late_orders))
        if self.undelivered_orders:
            lines.append(app.t("overdue.undelivered_count", language, count=self.undelivered_orders))
        self.overdue_text = "\n".join(lines)

    def leave_kiosk(self) -> None:
        app = App.get_running_app()
        written = app.log_staff_action("left the kiosk app")
        if written is not None:
            wait([written], timeout=LEAVE_AUDIT_TIMEOUT_SECONDS)
        app.stop()
