"""QR codes out of camera frames: pyzbar every frame, a costlier fallback every k-th frame.

Measured (../shared/notes/scanning.md): plain pyzbar costs about 8 ms a frame,
a fallback chain 17-120 ms, so the fallback runs on every ``fallback_every``-th
frame only, and only when pyzbar found nothing. Every frame is read scaled down
to ``width`` pixels; the fallback tries the full resolution first.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import cv2
import numpy as np
from pyzbar import pyzbar
from pyzbar.pyzbar import ZBarSymbol

_QR_ONLY = [ZBarSymbol.QRCODE]


@dataclass(frozen=True)
class Detection:
    """One code found in a frame. ``raw`` is the payload: keep it for this check only."""

    raw: bytes = field(repr=False)
    polygon: np.ndarray = field(repr=False)  # (N, 2) corner points in frame pixels
    method: str  # "pyzbar" or the fallback step that found it

    @property
    def area(self) -> float:
        return float(cv2.contourArea(self.polygon.astype(np.float32)))

    @property
    def text(self) -> str:
        """The payload as text, with zbar's Shift-JIS guess undone; undecodable bytes replaced."""
        return payload_text(self.raw)

    def __repr__(self) -> str:  # the payload never reaches a log through a repr
        return f"Detection(method={self.method!r}, bytes={len(self.raw)})"


def payload_text(raw: bytes) -> str:
    """zbar sometimes guesses Shift-JIS for UTF-8 and hands back the wrong characters
    re-encoded as UTF-8 ("法律援助" -> "豕募ｾ区抄蜉ｩ"): encoding them back through Shift-JIS
    gives the original UTF-8 bytes."""
    text = raw.decode("utf-8", errors="replace")
    if text.isascii():
        return text
    for codec in ("shift_jis", "cp932"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def _zbar(image: np.ndarray, scale: float = 1.0) -> list[Detection]:
    found = []
    for symbol in pyzbar.decode(image, symbols=_QR_ONLY):
        points = np.array([(p.x, p.y) for p in symbol.polygon], dtype=np.float32) / scale
        found.append(Detection(raw=bytes(symbol.data), polygon=points, method="pyzbar"))
    return found


def _gray(frame: np.ndarray) -> np.ndarray:
    return frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)


_CLAHE = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8))
_OPENCV_DETECTOR = cv2.QRCodeDetector()


def _sharpen(image: np.ndarray, sigma: float = 2.0, amount: float = 1.5) -> np.ndarray:
    """Unsharp mask: blur is what breaks pyzbar first, and this wins back most blurred frames."""
    return cv2.addWeighted(image, 1 + amount, cv2.GaussianBlur(image, (0, 0), sigma), -amount, 0)


def _fallback_steps(frame: np.ndarray) -> Iterator[tuple[str, Callable[[], list[Detection]]]]:
    """In the order that read most of the moderate frames plain pyzbar missed, cheapest first
    (measured: sharpening alone about 40%, the whole chain about 70%). Yellow ink is faint in
    grey, so one step works on the darkest channel."""
    gray = _gray(frame)
    yield "sharpen", lambda: _zbar(_sharpen(gray))
    yield "sharpen+clahe", lambda: _zbar(_sharpen(_CLAHE.apply(gray)))
    yield "clahe", lambda: _zbar(_CLAHE.apply(gray))
    if frame.ndim == 3:
        yield "sharpen min channel", lambda: _zbar(_sharpen(frame.min(axis=2)))
    yield "sharpen wide", lambda: _zbar(_sharpen(gray, 3.0, 2.0))
    if gray.shape[1] <= 640:  # small codes in a small frame: more pixels per module
        yield "upscale", lambda: _zbar(cv2.resize(gray, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC), 2.0)
    yield "opencv", lambda: _opencv(gray)


def _opencv(gray: np.ndarray) -> list[Detection]:
    try:
        text, points, _ = _OPENCV_DETECTOR.detectAndDecode(gray)
    except cv2.error:
        return []
    if not text or points is None:
        return []
    return [Detection(raw=text.encode("utf-8"), polygon=points.reshape(-1, 2).astype(np.float32), method="opencv")]


def decode_frame(frame: np.ndarray, fallback: bool = False, width: int = 640) -> list[Detection]:
    """Every QR code pyzbar reads in ``frame`` (BGR or grey) scaled to at most ``width`` pixels
    wide; with ``fallback``, try harder (full resolution first) when it reads none."""
    gray = _gray(frame)
    scale = min(1.0, width / gray.shape[1])
    if scale < 1.0:
        found = _zbar(cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), scale)
    else:
        found = _zbar(gray)
    if found or not fallback:
        return found
    steps = _fallback_steps(frame)
    if scale < 1.0:
        steps = itertools.chain([("full", lambda: _zbar(gray))], steps)
    for name, step in steps:
        found = step()
        if found:
            return [Detection(raw=d.raw, polygon=d.polygon, method=name if d.method == "pyzbar" else d.method)
                    for d in found]
    return []


def pick(detections: list[Detection], shape: tuple[int, ...]) -> Detection | None:
    """Of several codes, the largest, and of similar sizes the most central: the one held up."""
    if not detections:
        return None
    height, width = shape[:2]
    centre = np.array([width / 2, height / 2], dtype=np.float32)
    diagonal = float(np.hypot(width, height))

    def score(d: Detection) -> float:
        distance = float(np.linalg.norm(d.polygon.mean(axis=0) - centre)) / diagonal
        return d.area * (1.0 - distance)

    return max(detections, key=score)


class RepeatFilter:
    """The same code seen again within ``repeat_seconds`` is one event, not a new scan.

    Holds a digest of recent payloads only, forgotten after the window.
    """

    def __init__(self, repeat_seconds: float):
        self.repeat_seconds = repeat_seconds
        self._seen: dict[bytes, float] = {}

    def is_new(self, raw: bytes, now: float) -> bool:
        """Whether ``raw`` at monotonic time ``now`` starts a new event (and remember it)."""
        self._seen = {k: t for k, t in self._seen.items() if now - t < self.repeat_seconds}
        digest = hashlib.sha256(raw).digest()
        new = digest not in self._seen
        self._seen[digest] = now
        return new

    def forget(self) -> None:
        self._seen.clear()


class Decoder:
    """Frame after frame: pyzbar always, the fallback on every ``fallback_every``-th frame."""

    def __init__(self, fallback_every: int = 5, use_fallback: bool = True, width: int = 640):
        self.fallback_every = fallback_every
        self.use_fallback = use_fallback
        self.width = width
        self._count = 0

    def decode(self, frame: np.ndarray) -> Detection | None:
        """The code held up in this frame, or None."""
        self._count += 1
        fallback = self.use_fallback and self._count % self.fallback_every == 0
        return pick(decode_frame(frame, fallback, self.width), frame.shape)
