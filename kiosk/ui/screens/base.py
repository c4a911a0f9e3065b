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
                widget.scroll_x, widget.scroll_y = 0, 1
                stop_scrolling(widget)

    def step_back(self) -> bool:
        """Go back one step within this screen (a flow of steps on one screen); False: there is none."""
        return False

    def forget(self) -> None:
        """Drop whatever a visitor entered on this screen (idle timeout, faults)."""

    def release_devices(self) -> None:
        """Stop what the screen holds open (the camera) when the app stops."""


def stop_scrolling(view: ScrollView) -> None:
    """Stop a fling or a spring-back still moving ``view``, its effects left where its scroll_x/y say.

    Zeroing the velocity is not enough: when the content gets shorter than the view while scrolled down
    (a visitor's entries dropped), Kivy puts the effect's value outside its new bounds, and the damped
    effect springs back over the next frames, setting scroll_y each frame. Left running, it dragged the
    next page entered away from its top and moved it under the visitor's finger between the touch and
    the release the ScrollView hands on later, so the tap missed its button."""
    # The values the ScrollView itself gives its effects for these positions (_update_effect_*_bounds).
    for effect, value in ((view.effect_x, (view.width - view.viewport_size[0]) * view.scroll_x),
                          (view.effect_y, view.effect_y.max * view.scroll_y if view.effect_y else 0)):
        if effect is not None:
            effect.value = value  # within the bounds: no overscroll left to spring back from
            effect.overscroll = 0
            effect.velocity = 0
