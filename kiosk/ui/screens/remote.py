"""Remote channels (远程服务): the 12348 hotline, the provincial website and the WeChat service."""

from kivy.app import App
from kivy.properties import ObjectProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.visitor import legal

load_kv_beside(__file__)


class ChannelCard(BoxLayout):
    channel = ObjectProperty(None)


class RemoteScreen(KioskScreen):
    def on_pre_enter(self) -> None:
        app = App.get_running_app()
        addresses = app.settings.channels.addresses()  # what the centre configured; empty: ask staff
        app.act(legal.channels, addresses, done=self._show)

    def _show(self, channels) -> None:
        cards = self.ids.cards
        cards.clear_widgets()
        for channel in channels:
            cards.add_widget(ChannelCard(channel=channel))
