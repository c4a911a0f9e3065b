"""Colours of the kiosk: high contrast, calm, readable from a step away.

Every colour text is drawn in has a contrast of at least 4.5:1 (WCAG) with the backgrounds it is drawn
on (tests/ui/test_theme_contrast.py): the status colours are text too, not only marks.
"""

THEME = {
    "background": (0.955, 0.965, 0.98, 1),
    "header": (0.06, 0.25, 0.52, 1),
    "on_header": (1, 1, 1, 1),
    "card": (1, 1, 1, 1),
    "card_line": (0.82, 0.86, 0.92, 1),
    "ink": (0.11, 0.13, 0.18, 1),
    "muted": (0.33, 0.37, 0.44, 1),
    "button": (0.09, 0.42, 0.78, 1),
    "button_pressed": (0.05, 0.30, 0.60, 1),
    "on_button": (1, 1, 1, 1),
    "switch": (0.18, 0.36, 0.64, 1),
    "switch_on": (0.97, 0.76, 0.18, 1),
    "notice": (1.0, 0.94, 0.74, 1),
    "on_notice": (0.36, 0.22, 0.0, 1),
    "open": (0.06, 0.46, 0.22, 1),
    "break": (0.64, 0.33, 0.0, 1),
    "closed": (0.74, 0.17, 0.14, 1),
}
