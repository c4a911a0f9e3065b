"""The theme's text colours on the backgrounds they are drawn on: at least 4.5:1 (WCAG 2), as the
适老化 rules ask; a colour that fails would be unreadable for many elderly visitors."""

import pytest

from kiosk.ui.theme import THEME

MIN_CONTRAST = 4.5

# (text, background) as the screens draw them.
PAIRS = [
    *[(text, background) for text in ("ink", "muted", "header", "open", "break", "closed")
      for background in ("background", "card")],
    ("on_notice", "notice"),
    ("on_header", "header"),
    ("on_header", "switch"),
    ("ink", "switch_on"),
    ("on_button", "button"),
    ("on_button", "button_pressed"),
    ("muted", "card_line"),  # a disabled button's text
    ("on_button", "open"),  # a counter's state chip
    ("on_button", "closed"),
]


def relative_luminance(colour: tuple[float, ...]) -> float:
    """WCAG 2's relative luminance of an sRGB colour with channels in 0..1."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: tuple[float, ...], second: tuple[float, ...]) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_formula_gives_the_known_extremes():
    assert contrast((0, 0, 0), (1, 1, 1)) == pytest.approx(21.0)
    assert contrast((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)) == pytest.approx(1.0)
    assert contrast((0.4627, 0.4627, 0.4627), (1, 1, 1)) == pytest.approx(4.54, abs=0.02)  # #767676, the known edge


@pytest.mark.parametrize(("text", "background"), PAIRS, ids=[f"{t}-on-{b}" for t, b in PAIRS])
def test_text_colours_stand_out_from_their_background(text, background):
    ratio = contrast(THEME[text], THEME[background])
    assert ratio >= MIN_CONTRAST, f"{text} on {background}: {ratio:.2f}:1"
