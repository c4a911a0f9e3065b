"""The fade between the kiosk's screens, letting go of its GL objects as soon as it is done."""

from __future__ import annotations

import gc

from kivy.properties import ColorProperty
from kivy.uix.screenmanager import FadeTransition, Screen

from kiosk.ui.theme import THEME


class ReleasingFade(FadeTransition):
    """Kivy's fade, but its frame buffers and shader are dropped at the end of each fade.

    Kivy makes two window-sized frame buffers (with a stencil buffer) and a shader for
    every change of screen and keeps the last ones referenced, so their GL memory waits
    for the garbage collector (kivy/kivy#7478, the fix proposed in kivy/kivy#6713).
    bench_soak measured the kiosk growing by 10-20 MB per visitor (three fades each).
    Screens fade over the kiosk's background, not black, so that a screen need not paint its own.
    """

    clearcolor = ColorProperty(THEME["background"])

    def remove_screen(self, screen: Screen) -> None:
        super().remove_screen(screen)
        self.fbo_in = self.fbo_out = self.render_ctx = None
        # Kivy's buffers sit in reference cycles, so only a collection frees them; left to itself the
        # collector let the kiosk swing between 540 and 730 MB over 200 visitors. The screens were frozen
        # out of the collector once built (see freeze_built_objects), so this collection is short.
        gc.collect()


def freeze_built_objects() -> None:
    """Keep what start-up built (the screens, some million objects) out of later collections."""
    gc.collect()
    gc.freeze()
