"""Services and their daily capacity: tap a service, type the number, save; or pause it."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import ObjectProperty, StringProperty

from kiosk.queue import Service
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.staff_widgets import StaffPage, StaffTile
from kiosk.ui.widgets import fill_tiles
from kiosk.visitor import service_name
from kiosk.visitor.staff import service_list

load_kv_beside(__file__)

CAPACITY, VISIT_MINUTES = "daily_capacity", "visit_minutes"
MAX_DIGITS = 5


class StaffServicesScreen(StaffPage):
    selected = ObjectProperty(None, allownone=True)  # the Service being edited
    field = StringProperty(CAPACITY)
    typed = StringProperty("")

    def on_kv_post(self, _base_widget) -> None:
        App.get_running_app().bind(language=lambda *_: self.update_texts())

    def refresh(self) -> None:
        self.read(service_list, show=self._show)

    def _show(self, services: list[Service]) -> None:
        fill_tiles(self.ids.tiles, [StaffTile(key=s.code) for s in services], self.choose)
        self._services = {s.code: s for s in services}
        if self.selected is not None:
            self.selected = self._services.get(self.selected.code)
        self.update_texts()

    def update_texts(self) -> None:
        app = App.get_running_app()
        language = app.language
        for tile in self.ids.tiles.children:
            service = self._services[tile.key]
            tile.title = service_name(service, language)
            tile.detail = app.t("staff.service_detail", language, capacity=service.daily_capacity,
                                minutes=f"{service.visit_minutes:g}",
                                state=app.t("staff.taking" if service.enabled else "staff.paused", language))
            tile.available = service.enabled
            tile.selected = self.selected is not None and service.code == self.selected.code

    def choose(self, tile: StaffTile) -> None:
        self.selected = self._services[tile.key]
        self.typed = ""
        self.answer(None)
        self.update_texts()

    def choose_field(self, field: str) -> None:
        self.field, self.typed = field, ""

    def add_digit(self, digit: str) -> None:
        if len(self.typed) < MAX_DIGITS:
            self.typed += digit

    def current_value(self, selected: Service | None, field: str) -> str:
        if selected is None:
            return ""
        return f"{getattr(selected, field):g}"

    def save(self) -> None:
        code, typed = self.selected.code, self.typed
        if self.field == CAPACITY:
            self.change(lambda setup, who, now: setup.set_capacity(code, typed, who, now))
        else:
            self.change(lambda setup, who, now: setup.set_visit_minutes(code, typed, who, now))

    def toggle_enabled(self) -> None:
        code, enabled = self.selected.code, not self.selected.enabled
        self.change(lambda setup, who, now: setup.set_service_enabled(code, enabled, who, now))

    def saved(self, result) -> None:
        if not self.refused:
            self.typed = ""

    def forget(self) -> None:
        super().forget()
        self.selected, self.typed = None, ""
