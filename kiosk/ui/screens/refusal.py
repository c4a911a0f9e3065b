"""No ticket this time: why, in plain words, and what the visitor can do instead."""

from kivy.app import App
from kivy.properties import StringProperty

from kiosk.ui.kvfiles import load_kv_beside
from kiosk.ui.screens.base import KioskScreen
from kiosk.visitor import message

load_kv_beside(__file__)

# What each suggestion of the queue opens; suggestions whose screen is not built are not offered.
SUGGESTION_SCREENS = {"other_service": "services", "appointment": "appointment", "remote_channels": "remote"}


class RefusalScreen(KioskScreen):
    message = StringProperty("")

    def on_kv_post(self, _base) -> None:
        App.get_running_app().bind(language=lambda *_: self.on_pre_enter())

    def on_pre_enter(self) -> None:
        app = App.get_running_app()
        refusal = app.visit.refusal
        if refusal is None:
            return
        self.message = message(refusal, app.language)
        box = self.ids.suggestions
        box.clear_widgets()
        from kiosk.ui.widgets import SuggestionButton

        for suggestion in refusal.suggestions:
            screen = SUGGESTION_SCREENS.get(suggestion)
            if screen and app.root.has_screen(screen):
                button = SuggestionButton(suggestion=suggestion)
                button.bind(on_release=lambda _b, target=screen: app.go(target))
                box.add_widget(button)
        if "remote_channels" in refusal.suggestions and app.root.has_screen("order_consent"):
            from kiosk.ui.screens.workorder import start_contact

            button = SuggestionButton(suggestion="callback")
            button.bind(on_release=lambda _b: start_contact("callback"))
            box.add_widget(button)

    def forget(self) -> None:
        self.message = ""
        self.ids.suggestions.clear_widgets()
