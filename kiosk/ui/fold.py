"""The fold of a scroll view: whether a widget starts below what the visitor sees of the page, so a screen
can say in words that its next step is further down."""

from __future__ import annotations

from kivy.clock import Clock


def below_fold(widget, view) -> bool:
    """Whether ``widget`` (inside the scroll view ``view``) is not wholly above the view's bottom edge."""
    return widget.to_window(0, widget.y)[1] < view.to_window(0, view.y)[1] - 1


class ActionBelow:
    """Mixed into a screen whose page (``ids.scroll``, content ``ids.page``) ends with its next step
    (``ids.qr``, the last of it): ``action_below`` is True while that step is below the fold, for a cue
    under the page that brings it up (``show_action``)."""

    def watch_fold(self) -> None:
        look = Clock.create_trigger(self._look_below)
        self.ids.scroll.bind(scroll_y=look, height=look)
        self.ids.page.bind(height=look)
        self.ids.qr.bind(y=look, height=look)

    def _look_below(self, *_args) -> None:
        self.action_below = below_fold(self.ids.qr, self.ids.scroll)

    def show_action(self) -> None:
        self.ids.scroll.scroll_y = 0  # the step is the page's last part
