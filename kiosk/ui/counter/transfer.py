"""Transfer (转移): send the visitor in hand to another service's queue, chosen on tiles."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.widgets import ChoiceTile, fill_tiles

load_kv_beside(__file__)


class ServiceTile(ChoiceTile):
    code = StringProperty("")


class TransferScreen(Screen):
    title = StringProperty("")
    ticket_label = ""

    def on_pre_enter(self, *_args: Any) -> None:
        app = App.get_running_app()
        view = app.view
        ticket = view.in_hand if view else None
        if ticket is None:  # finished elsewhere meanwhile: nothing to transfer
            app.root.current = "terminal"
            return
        self.ticket_label = ticket.label
        fill_tiles(self.ids.tiles, [ServiceTile(code=service.code) for service in view.services
                                    if service.code != ticket.service], self.choose)
        self.update_texts()
        app.bind(language=self.update_texts)

    def on_leave(self, *_args: Any) -> None:
        App.get_running_app().unbind(language=self.update_texts)

    def update_texts(self, *_args: Any) -> None:
        app = App.get_running_app()
        self.title = app.t("counter.transfer_title", app.language, number=self.ticket_label)
        queued = dict(app.view.queued_by_service) if app.view else {}
        for tile in self.ids.tiles.children:
            tile.title = app.service_name(tile.code, app.language)
            tile.detail = app.t("counter.transfer_queued", app.language, queued=queued.get(tile.code, 0))

    def choose(self, tile: ServiceTile) -> None:
        app = App.get_running_app()
        app.root.current = "terminal"
        app.press("transfer", tile.code)
