"""The hall (大厅): a small picture of the waiting spots; tap one to take it out of use or back."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.button import Button

from kiosk.queue import Spot
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.staff_widgets import StaffPage
from kiosk.visitor.staff import spots

load_kv_beside(__file__)


class SpotButton(Button):
    """One waiting spot, drawn where it is in the hall."""

    spot_id = NumericProperty(0)
    in_use = BooleanProperty(True)


class StaffHallScreen(StaffPage):
    summary = StringProperty("")

    def on_kv_post(self, _base_widget) -> None:
        self._spots: list[Spot] = []
        self.ids.plan.bind(size=lambda *_: self.place(), pos=lambda *_: self.place())

    def refresh(self) -> None:
        self.read(spots, show=self._show)

    def _show(self, spots: list[Spot]) -> None:
        self._spots = spots
        plan = self.ids.plan
        plan.clear_widgets()
        for spot in spots:
            button = SpotButton(spot_id=spot.id, in_use=spot.in_use)
            button.bind(on_release=self.toggle)
            plan.add_widget(button)
        app = App.get_running_app()
        self.summary = app.t("staff.hall_summary", app.language, in_use=len([s for s in spots if s.in_use]),
                             total=len(spots), spacing=f"{app.settings.hall.spacing_m:g}")
        self.place()

    def place(self) -> None:
        """Scale the hall's metres into the picture, keeping its proportions."""
        plan, spots = self.ids.plan, {s.id: s for s in self._spots}
        if not spots:
            return
        xs, ys = [s.x for s in spots.values()], [s.y for s in spots.values()]
        width, depth = max(xs) - min(xs) or 1, max(ys) - min(ys) or 1
        cell = min(plan.width / (width + 1), plan.height / (depth + 1))
        left = plan.x + (plan.width - cell * (width + 1)) / 2
        bottom = plan.y + (plan.height - cell * (depth + 1)) / 2
        for button in plan.children:
            spot = spots[button.spot_id]
            button.size = (cell * 0.8, cell * 0.8)
            button.center = (left + cell * (spot.x - min(xs) + 0.5), bottom + cell * (max(ys) - spot.y + 0.5))

    def toggle(self, button: SpotButton) -> None:
        spot_id, in_use = button.spot_id, not button.in_use
        self.change(lambda setup, who, now: setup.set_spot_in_use(spot_id, in_use, who, now))
