"""Steps and checks the UI tests of several files share: a service tile scrolled into view, labels that fit."""

from __future__ import annotations


def tile(kiosk, code):
    """The service's tile, scrolled into view as a visitor would (six tiles with what to bring
    outgrow a portrait screen, so the last ones start below it)."""
    tiles = kiosk.screen("services").ids.tiles
    found = next(t for t in tiles.children if t.overview.service.code == code)
    view = tiles.parent

    def in_view() -> bool:
        x, y = found.to_window(*found.center)
        (left, bottom), (right, top) = view.to_window(view.x, view.y), view.to_window(view.right, view.top)
        if left <= x <= right and bottom <= y <= top:
            return True
        view.scroll_to(found, animate=False)  # again until it holds: the list may still be laying out
        return False

    kiosk.run_until(in_view, what=f"the {code} tile scrolled into view")
    kiosk.pump(2)
    return found


def into_view(kiosk, widget, what: str = "the widget"):
    """``widget`` scrolled into its screen's view as a visitor would before touching or scanning it: an
    answer with its read-aloud and take-a-number buttons puts its citations and QR below a portrait fold."""
    from kivy.uix.scrollview import ScrollView

    view = widget.parent
    while view is not None and not isinstance(view, ScrollView):
        view = view.parent
    assert view is not None, f"{what} is not in a scroll view"

    def in_view() -> bool:
        bottom, top = widget.to_window(widget.x, widget.y)[1], widget.to_window(widget.x, widget.top)[1]
        view_bottom, view_top = view.to_window(view.x, view.y)[1], view.to_window(view.x, view.top)[1]
        if view_bottom - 1 <= bottom and top <= view_top + 1:
            return True
        view.scroll_to(widget, padding=0, animate=False)  # again until it holds: the page may still lay out
        return False

    kiosk.run_until(in_view, what=f"{what} scrolled into view")
    kiosk.pump(2)
    return widget


def open_services(kiosk):
    kiosk.pass_health_check()
    kiosk.run_until(lambda: len(kiosk.screen("services").ids.tiles.children) == 6)


def shown(widget) -> bool:
    while widget is not None and widget.parent is not widget:  # the window is its own parent
        if widget.opacity == 0 or widget.height <= 0:
            return False
        widget = widget.parent
    return True


def overflowing(screen, window) -> list[str]:
    """Labels whose text is wider or taller than their box, or that reach past the window's sides."""
    from kivy.uix.label import Label
    from kivy.uix.scrollview import ScrollView

    found = []
    for widget in screen.walk():
        if not isinstance(widget, Label) or not widget.text or widget.get_root_window() is None or not shown(widget):
            continue
        parent, sideways = widget.parent, False
        while parent is not None and parent.parent is not parent:
            sideways = sideways or (isinstance(parent, ScrollView) and parent.do_scroll_x)
            parent = parent.parent
        if sideways:  # the candidate bar scrolls sideways on purpose
            continue
        left = widget.to_window(widget.x, widget.y)[0]
        width, height = widget.texture_size
        outside = left < -1 or left + widget.width > window.width + 1
        if width > widget.width + 2 or height > widget.height + 2 or outside:
            found.append(f"{type(widget).__name__} {widget.text[:40]!r}: text {width:.0f}x{height:.0f} in box "
                         f"{widget.width:.0f}x{widget.height:.0f} at x={left:.0f}")
    return found
