"""What every kiosk screen shares."""

from kivy.uix.screenmanager import Screen
from kivy.uix.scrollview import ScrollView


class KioskScreen(Screen):
    """A screen starts fresh: each of its lists and texts is shown from the top when it is entered."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Bound, not an on_pre_enter method: the screens' own on_pre_enter need not call this one.
        self.fbind("on_pre_enter", self.scroll_to_top)

    def scroll_to_top(self, *_args) -> None:
        for widget in self.walk(restrict=True):
            if isinstance(widget, ScrollView):
                for effect in (widget.effect_x, widget.effect_y):
                    if effect is not None:
                        effect.velocity = 0  # a fling still running must not carry the list down again
                widget.scroll_x, widget.scroll_y = 0, 1

    def step_back(self) -> bool:
        """Go back one step within this screen (a flow of steps on one screen); False: there is none."""
        return False

    def forget(self) -> None:
        """Drop whatever a visitor entered on this screen (idle timeout, faults)."""

    def release_devices(self) -> None:
        """Stop what the screen holds open (the camera) when the app stops."""
