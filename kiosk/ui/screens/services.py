"""Choose a service (选择业务): what is left today, the wait, and whether it takes numbers."""

from kivy.app import App
from kivy.properties import BooleanProperty, ObjectProperty

from kiosk.foundation.i18n import localised
from kiosk.ui.background import legal_worker, run_in_background
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import ChoiceTile, fill_tiles

load_kv_beside(__file__)


class ServiceTile(ChoiceTile):
    overview = ObjectProperty(None)


class ServiceChoiceScreen(KioskScreen):
    loading = BooleanProperty(False)
    _guides: dict = {}  # noqa: RUF012  (service -> its guide, for the materials; replaced, never changed in place)

    def on_pre_enter(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        app = App.get_running_app()
        self.loading = True
        self._guides = {}
        run_in_background(lambda: app.desk.tickets.services_overview(app.now()), self._show, app.store_failed)
        legal_worker.run(lambda: {guide.service: guide for guide in app.library.guides()},
                         self._show_materials, lambda _error: None)

    def _show_materials(self, guides: dict) -> None:
        self._guides = guides
        self.update_texts(App.get_running_app().language)

    def _show(self, overviews) -> None:
        app = App.get_running_app()
        self.loading = False
        fill_tiles(self.ids.tiles, [ServiceTile(overview=overview, available=overview.open) for overview in overviews],
                   self.choose)
        self.update_texts(app.language)

    def update_texts(self, language: str) -> None:
        app = App.get_running_app()
        for tile in self.ids.tiles.children:
            overview = tile.overview
            service = overview.service
            tile.title = service.name_en if language == "en" else service.name
            if overview.open and overview.waiting == 0:
                tile.detail = app.t("services.detail_no_wait", language, left=overview.capacity_left)
            elif overview.open:
                tile.detail = app.t("services.detail", language, left=overview.capacity_left,
                                    waiting=overview.waiting, minutes=round(overview.expected_wait_minutes))
            else:
                refusal = overview.refusal
                tile.detail = refusal.message_en if language == "en" else refusal.message_zh
            guide = self._guides.get(service.materials_key)
            if guide and guide.materials and overview.open:
                materials = localised(guide, "materials", language)
                tile.detail += "\n" + app.t("services.bring", language, count=len(materials),
                                            items=("; " if language == "en" else "、").join(map(short_item, materials)))

    def choose(self, tile: ServiceTile) -> None:
        app = App.get_running_app()
        if tile.overview.open:
            app.visit.service = tile.overview.service
            app.go("priority")
        else:
            refused = app.visit.refusal = tile.overview.refusal
            # Counted for the reports (reason and service only); a failure is logged and changes nothing here.
            run_in_background(lambda: app.desk.tickets.count_refusal(refused, app.now()), lambda _: None,
                              lambda _: None)
            app.go("refusal")

    def forget(self) -> None:
        self.ids.tiles.clear_widgets()


def short_item(item: str) -> str:
    """A materials item without its explanation in brackets, for a tile's one-line list."""
    return item.split("（")[0].split(" (")[0]
