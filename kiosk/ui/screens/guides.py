"""Service guides (办事指南): who can apply, what to bring, the steps, fees and time limits."""

from kivy.app import App
from kivy.properties import ObjectProperty, StringProperty
from kivy.utils import escape_markup

from kiosk.ui.background import legal_worker
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import ChoiceTile, fill_tiles

load_kv_beside(__file__)


class GuideTile(ChoiceTile):
    guide = ObjectProperty(None)


class GuidesScreen(KioskScreen):
    def on_pre_enter(self) -> None:
        app = App.get_running_app()
        legal_worker.run(lambda: app.library.guides(), self._show, app.library_failed)

    def _show(self, guides) -> None:
        fill_tiles(self.ids.tiles, [GuideTile(guide=guide, title=guide.name, detail=guide.summary)
                                    for guide in guides], self.open_guide)

    def open_guide(self, tile: GuideTile) -> None:
        app = App.get_running_app()
        app.root.get_screen("guide").guide = tile.guide
        app.go("guide")

    def forget(self) -> None:
        self.ids.tiles.clear_widgets()


def numbered(items) -> str:
    # No space after the number: Kivy wraps at spaces and would push a long Chinese line down.
    return "\n".join(f"{index}．{escape_markup(item)}" for index, item in enumerate(items, 1))


class GuideScreen(KioskScreen):
    guide = ObjectProperty(None, allownone=True)
    body = StringProperty("")

    def on_guide(self, _screen, guide) -> None:
        if guide is None:
            self.body = ""
            return
        app = App.get_running_app()
        sections = [
            ("guide.summary", escape_markup(guide.summary)),
            ("guide.who", escape_markup(guide.who)),
            ("guide.materials", numbered(guide.materials)),
            ("guide.steps", numbered(guide.steps)),
            ("guide.fees", escape_markup(guide.fees)),
            ("guide.time_limit", escape_markup(guide.time_limit)),
            ("guide.where_when", escape_markup(guide.where_when)),
            ("guide.hotline", escape_markup(guide.hotline)),
        ]
        self.body = "\n\n".join(f"[b]{app.t(key, app.language)}[/b]\n{text}" for key, text in sections if text)

    def forget(self) -> None:
        self.guide = None
