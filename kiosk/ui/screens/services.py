"""Choose a service (选择业务): what is left today, the wait, and whether it takes numbers."""

from kivy.app import App
from kivy.properties import BooleanProperty, ObjectProperty

from kiosk.foundation.i18n import localised
from kiosk.ui.base_app import ignore
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import ChoiceTile, fill_tiles
from kiosk.visitor import message, service_name
from kiosk.visitor.legal import guides_by_service
from kiosk.visitor.queueing import chosen_before, count_refusal, service_choice

load_kv_beside(__file__)


ITEM_SEPARATOR = {"zh_CN": "、", "en": "; "}  # between the materials on a tile's one line


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
        app.act(service_choice, app.now(), done=self._show)
        app.act(guides_by_service, done=self._show_materials, failed=ignore)

    def _show_materials(self, guides: dict) -> None:
        self._guides = guides
        self.update_texts(App.get_running_app().language)

    def _show(self, overviews) -> None:
        app = App.get_running_app()
        self.loading = False
        fill_tiles(self.ids.tiles, [ServiceTile(overview=overview, available=overview.open) for overview in overviews],
                   self.choose)
        self.update_texts(app.language)
        # Chosen already (a guide's 取号): straight on to it, once; back from there shows the whole list.
        wanted = chosen_before(overviews, app.visit.wanted_service)
        app.visit.wanted_service = ""
        if wanted is not None:
            self.choose(next(tile for tile in self.ids.tiles.children if tile.overview is wanted))

    def update_texts(self, language: str) -> None:
        app = App.get_running_app()
        for tile in self.ids.tiles.children:
            overview = tile.overview
            service = overview.service
            tile.title = service_name(service, language)
            if overview.open and overview.waiting == 0:
                tile.detail = app.t("services.detail_no_wait", language, left=overview.capacity_left)
            elif overview.open:
                tile.detail = app.t("services.detail", language, left=overview.capacity_left,
                                    waiting=overview.waiting, minutes=round(overview.expected_wait_minutes))
            else:
                tile.detail = message(overview.refusal, language)
            guide = self._guides.get(service.materials_key)
            if guide and guide.materials and overview.open:
                materials = localised(guide, "materials", language)
                tile.detail += "\n" + app.t("services.bring", language, count=len(materials),
                                            items=ITEM_SEPARATOR[language].join(map(short_item, materials)))

    def choose(self, tile: ServiceTile) -> None:
        app = App.get_running_app()
        app.visit.service = tile.overview.service  # a refusal offers the next free slot of this service
        if tile.overview.open:
            app.go("priority")
        else:
            refused = app.visit.refusal = tile.overview.refusal
            # Counted for the reports (reason and service only); a failure is logged and changes nothing here.
            app.act(count_refusal, refused, app.now(), failed=ignore)
            app.go("refusal")

    def forget(self) -> None:
        self.ids.tiles.clear_widgets()


def short_item(item: str) -> str:
    """A materials item without its explanation in brackets, for a tile's one-line list."""
    return item.split("（")[0].split(" (")[0]
