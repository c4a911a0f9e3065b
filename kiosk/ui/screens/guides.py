"""Service guides (办事指南): who can apply, what to bring, the steps, fees and time limits."""

from kivy.app import App
from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.utils import escape_markup

from kiosk.foundation.i18n import localised
from kiosk.ui.fold import ActionBelow
from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import ChoiceTile, fill_tiles
from kiosk.visitor import legal
from kiosk.visitor.printouts import SCREEN_QR_PX, guide_take_away

load_kv_beside(__file__)


class GuideTile(ChoiceTile):
    guide = ObjectProperty(None)


class GuidesScreen(KioskScreen):
    def on_pre_enter(self) -> None:
        App.get_running_app().act(legal.guides, done=self._show)

    def _show(self, guides) -> None:
        fill_tiles(self.ids.tiles, [GuideTile(guide=guide) for guide in guides], self.open_guide)  # worded in guides.kv

    def open_guide(self, tile: GuideTile) -> None:
        app = App.get_running_app()
        app.visit.guide = tile.guide
        app.go("guide")

    def forget(self) -> None:
        self.ids.tiles.clear_widgets()


# No space after the number in Chinese: Kivy wraps at spaces and would push a long Chinese line down.
NUMBER_MARKER = {"zh_CN": "{}．", "en": "{}. "}


def numbered(items, language: str = "zh_CN") -> str:
    return "\n".join(NUMBER_MARKER[language].format(index) + escape_markup(item)
                     for index, item in enumerate(items, 1))


class GuideScreen(ActionBelow, KioskScreen):
    """A guide, then the next step: take a number for its service, or take the guide away as a QR."""

    guide = ObjectProperty(None, allownone=True)
    body = StringProperty("")
    take_away = StringProperty("")
    take_away_whole = BooleanProperty(True)
    qr_side = NumericProperty(dp(SCREEN_QR_PX))
    action_below = BooleanProperty(False)  # the next step and the QR below the fold: a cue says so

    def on_kv_post(self, _base) -> None:
        App.get_running_app().bind(language=lambda _app, language: self.show(language))
        self.watch_fold()

    def on_pre_enter(self) -> None:
        self.guide = App.get_running_app().visit.guide

    def on_guide(self, _screen, _guide) -> None:
        self.show(App.get_running_app().language)

    def show(self, language: str) -> None:
        guide = self.guide
        if guide is None:
            self.body = self.take_away = ""
            return
        app = App.get_running_app()
        app.act(guide_take_away, guide, language, self.qr_side, done=lambda taken: self._show_take_away(guide, taken))

        def text(name: str) -> str:
            return escape_markup(localised(guide, name, language))

        sections = [
            ("guide.summary", text("summary")),
            ("guide.who", text("who")),
            ("guide.materials", numbered(localised(guide, "materials", language), language)),
            ("guide.steps", numbered(localised(guide, "steps", language), language)),
            ("guide.fees", text("fees")),
            ("guide.time_limit", text("time_limit")),
            ("guide.where_when", text("where_when")),
            ("guide.hotline", text("hotline")),
        ]
        self.body = "\n\n".join(f"[b]{app.t(key, language)}[/b]\n{text}" for key, text in sections if text)

    def _show_take_away(self, guide, taken) -> None:
        if guide is self.guide:  # not forgotten, nor another guide opened, meanwhile
            self.take_away, self.take_away_whole = taken.text, taken.whole

    def take_number(self) -> None:
        """取号办理: the usual way to a number (health check first), then straight to this guide's service."""
        App.get_running_app().take_number("ticket", service=self.guide.service)

    def forget(self) -> None:
        self.guide = None
