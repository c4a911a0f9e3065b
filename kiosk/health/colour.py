"""The colour a health code is drawn in, from how its dark modules absorb light.

Each ink pixel is compared with the local white of the code's own light modules
(the brightest pixels around it). Per channel, the fraction of light absorbed,
scaled so that the strongest channel is 1, no longer depends on glare (which
dilutes all channels alike) or on the white balance (which the local white
carries): black absorbs every channel alike, green absorbs red and blue, yellow
blue, red green and blue. ../shared/notes/scanning.md measured the white-balance
step as what keeps yellow right under colour casts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kiosk.health.model import GREEN, NO_COLOUR, RED, YELLOW

# OpenCV hue runs 0..180. Red wraps around 0.
_HUE_RANGES = {RED: ((0, 12), (160, 181)), YELLOW: ((12, 40),), GREEN: ((40, 95),)}
_MIN_CHROMA = 0.3  # spread of the scaled absorption below which the ink is black or grey
_MIN_PIXELS = 30


@dataclass(frozen=True)
class ColourReading:
    colour: str
    confidence: float  # 0..1: how far the ink is from grey and from the next colour


def _hue_name(hue: float) -> str:
    for name, ranges in _HUE_RANGES.items():
        if any(lo <= hue < hi for lo, hi in ranges):
            return name
    return NO_COLOUR


def read_colour(frame: np.ndarray, polygon: np.ndarray) -> ColourReading:
    """The colour of the code whose corners are ``polygon`` in the BGR ``frame``."""
    import cv2  # with the first frame, not with the screens (OpenCV is some 50 MB)

    if frame.ndim != 3 or len(polygon) < 3 or not np.isfinite(polygon).all():
        return ColourReading(NO_COLOUR, 0.0)
    height, width = frame.shape[:2]
    points = np.round(polygon).astype(np.int32)
    x0, y0 = np.clip(points.min(axis=0), 0, [width - 1, height - 1])
    x1, y1 = np.clip(points.max(axis=0) + 1, 1, [width, height])
    if x1 - x0 < 8 or y1 - y0 < 8:
        return ColourReading(NO_COLOUR, 0.0)
    patch = frame[y0:y1, x0:x1].astype(np.float32)
    # The local white: the brightest pixels within a few modules (a code has at least 21
    # modules a side, so a tenth of the side spans about two).
    size = max(3, min(x1 - x0, y1 - y0) // 10) | 1
    white = cv2.dilate(patch, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    white = cv2.blur(white, (size, size)).clip(8.0, None)
    mask = np.zeros(patch.shape[:2], np.uint8)
    cv2.fillPoly(mask, [points - [x0, y0]], 1)
    absorbed = (1.0 - patch / white).clip(0.0, 1.0)[mask.astype(bool)]
    if len(absorbed) < _MIN_PIXELS:
        return ColourReading(NO_COLOUR, 0.0)
    strongest = absorbed.max(axis=1)
    threshold, _ = cv2.threshold((strongest * 255).astype(np.uint8).reshape(-1, 1), 0, 255,
                                 cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = absorbed[strongest * 255 > max(threshold, 40)]
    if len(ink) < _MIN_PIXELS:
        return ColourReading(NO_COLOUR, 0.0)
    mean = ink.mean(axis=0)
    scaled = mean / max(float(mean.max()), 1e-6)
    chroma = float(scaled.max() - scaled.min())
    if chroma < _MIN_CHROMA:
        return ColourReading(NO_COLOUR, round(min(1.0, (_MIN_CHROMA - chroma) / 0.15), 3))
    # The ink as it would look on pure white: what it lets through.
    seen = ((1.0 - scaled) * 255).astype(np.uint8).reshape(1, 1, 3)
    hue = float(cv2.cvtColor(seen, cv2.COLOR_BGR2HSV)[0, 0, 0])
    colour = _hue_name(hue)
    if colour == NO_COLOUR:
        return ColourReading(NO_COLOUR, 0.5)
    edges = [edge for lo, hi in _HUE_RANGES[colour] for edge in (lo, hi) if edge not in (0, 181)]
    margin = min(abs(hue - edge) for edge in edges)
    confidence = min(1.0, (chroma - _MIN_CHROMA) / 0.2) * min(1.0, margin / 6.0)
    return ColourReading(colour, round(confidence, 3))
