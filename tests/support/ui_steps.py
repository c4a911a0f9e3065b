"""Steps and checks the UI tests of several files share: a service tile scrolled into view, labels that fit
(``misfits``: the screen tour's check, also run on the counter terminal)."""

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


def inside_window(kiosk, widget) -> bool:
    """Whether the whole of ``widget`` is on the window, not below a scroll view's fold."""
    from kivy.uix.scrollview import ScrollView

    bottom, top = widget.to_window(widget.x, widget.y)[1], widget.to_window(widget.x, widget.top)[1]
    parent = widget.parent
    while parent is not None and parent.parent is not parent:
        if isinstance(parent, ScrollView):
            view_bottom, view_top = parent.to_window(parent.x, parent.y)[1], parent.to_window(parent.x, parent.top)[1]
            if bottom < view_bottom - 1 or top > view_top + 1:
                return False
        parent = parent.parent
    return bottom >= 0 and top <= kiosk.window.height


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


def shown_labels(screen):
    """The labels a visitor sees: with text, a size, on the window, and neither they nor a parent hidden."""
    from kivy.uix.label import Label

    for widget in screen.walk(restrict=True):
        if isinstance(widget, Label) and widget.text.strip() and widget.width > 1 and widget.height > 1 \
                and widget.get_root_window() is not None and not any(w.opacity == 0 for w in _lineage(widget)):
            yield widget


def _lineage(widget):
    while widget is not None and widget.parent is not widget:
        yield widget
        widget = widget.parent


def drawn_lines(label) -> list[str]:
    """The lines Kivy drew for ``label``, as text."""
    return ["".join(word.text for word in line.words) for line in label._label._cached_lines]


def cut_words(label) -> list[str]:
    """Line ends that fall inside an English word, or break the Chinese rules (禁则)."""
    from kiosk.foundation.linebreak import NO_LINE_END, NO_LINE_START

    lines = [line for line in drawn_lines(label) if line.strip()]
    source, at, faults = label.text, 0, []
    for number, line in enumerate(lines):
        found = source.find(line.strip(), at)
        if found < 0:
            continue  # shortened, or a line Kivy changed: the width check covers it
        end = found + len(line.strip())
        if number + 1 < len(lines) and end < len(source) and source[end - 1].isascii() and source[end].isascii() \
                and source[end - 1].isalnum() and source[end].isalnum():
            faults.append(f"word cut after {line.strip()!r}")
        if number > 0 and line.strip()[0] in NO_LINE_START:
            faults.append(f"line starts with {line.strip()[0]!r}: {line.strip()!r}")
        if number + 1 < len(lines) and line.strip()[-1] in NO_LINE_END:
            faults.append(f"line ends with {line.strip()[-1]!r}: {line.strip()!r}")
        at = end
    return faults


def height_needed(label) -> float | None:
    """For a label whose text has a fixed height (``text_size``), the height its text takes at its width:
    Kivy drops the lines past that height instead of drawing them over the neighbour. None: it may grow."""
    width, height = label.text_size
    if height is None or not width:
        return None
    core = label._label
    probe = type(core)(**{**core.options, "text_size": (width, None)})
    probe.text = core.text
    probe.refresh()
    return probe.texture.height if probe.texture else 0


def misfits(screen, window_width: float) -> list[str]:
    """Labels drawn wider or taller than their widget (a fixed height the text spills out of, over its
    neighbour), off the window, or with a word cut. A label whose height follows its text is as tall as
    its text once laid out, so it passes."""
    faults = []
    for label in shown_labels(screen):
        name = f"{type(label).__name__} {label.text[:40]!r}"
        width, height = label.texture_size
        if width > label.width + 1:
            faults.append(f"{name}: text {width:.0f} px wide in {label.width:.0f} px")
        if height > label.height + 1:
            faults.append(f"{name}: text {height:.0f} px tall in a {label.height:.0f} px widget")
        needed = height_needed(label)
        if needed is not None and needed > label.text_size[1] + 2:
            faults.append(f"{name}: text {needed:.0f} px tall cut to {label.text_size[1]:.0f} px")
        left = label.to_window(label.center_x - width / 2, 0)[0]
        if left < -1 or left + width > window_width + 1:
            faults.append(f"{name}: text drawn from {left:.0f} to {left + width:.0f} px, off the window")
        faults += [f"{name}: {fault}" for fault in cut_words(label)]
    return faults
