"""Counters (窗口) and the services each serves: pick a counter or add one, tap its services, save."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kiosk.queue import Counter, Service
from kiosk.staff.centre_setup import next_counter_id
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.staff_widgets import StaffPage, StaffTile, StaffToggle
from kiosk.ui.widgets import fill_tiles
from kiosk.visitor import service_name
from kiosk.visitor.staff import CounterSetup, counter_setup

load_kv_beside(__file__)


class StaffCountersScreen(StaffPage):
    counter_id = StringProperty("")
    is_open = BooleanProperty(True)
    chosen = ListProperty([])  # service codes, in the order tapped

    def on_kv_post(self, _base_widget) -> None:
        App.get_running_app().bind(language=lambda *_: self.update_texts())
        self._counters: dict[str, Counter] = {}
        self._services: list[Service] = []

    def refresh(self) -> None:
        self.read(counter_setup, show=self._show)

    def _show(self, found: CounterSetup) -> None:
        counters, self._services = found.counters, found.services
        self._counters = {c.id: c for c in counters}
        fill_tiles(self.ids.tiles, [StaffTile(key=c.id) for c in counters], self.choose)
        box = self.ids.services
        box.clear_widgets()
        for service in self._services:
            toggle = StaffToggle(value=service.code)
            toggle.bind(on_release=self.toggle_service)
            box.add_widget(toggle)
        self.update_texts()

    def _name(self, code: str) -> str:
        language = App.get_running_app().language
        service = next((s for s in self._services if s.code == code), None)
        return code if service is None else service_name(service, language)

    def update_texts(self) -> None:
        app = App.get_running_app()
        for tile in self.ids.tiles.children:
            counter = self._counters[tile.key]
            tile.title = app.t("staff.counter_name", app.language, id=counter.id)
            state = app.t("staff.open" if counter.open else "staff.closed_counter", app.language)
            tile.detail = f"{state} · {'、'.join(self._name(code) for code in counter.services)}"
            tile.available = counter.open
            tile.selected = counter.id == self.counter_id
        for toggle in self.ids.services.children:
            toggle.text = self._name(toggle.value)
            toggle.state = "down" if toggle.value in self.chosen else "normal"

    def choose(self, tile: StaffTile) -> None:
        counter = self._counters[tile.key]
        self.counter_id, self.is_open, self.chosen = counter.id, counter.open, list(counter.services)
        self.answer(None)
        self.update_texts()

    def add_counter(self) -> None:
        self.counter_id, self.is_open, self.chosen = next_counter_id(self._counters.values()), True, []
        self.answer(None)
        self.update_texts()

    def toggle_service(self, toggle: StaffToggle) -> None:
        if toggle.state == "down" and toggle.value not in self.chosen:
            self.chosen.append(toggle.value)
        elif toggle.state == "normal" and toggle.value in self.chosen:
            self.chosen.remove(toggle.value)

    def save(self) -> None:
        counter_id, services, is_open = self.counter_id, tuple(self.chosen), self.is_open
        self.change(lambda setup, who, now: setup.set_counter(counter_id, services, is_open, who, now))

    def forget(self) -> None:
        super().forget()
        self.counter_id, self.chosen = "", []
