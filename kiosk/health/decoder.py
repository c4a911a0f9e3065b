"""QR codes out of camera frames: zxing-cpp first, then pyzbar and a fallback chain, within a
time budget per frame.

Measured (../shared/notes/scanning.md, bench/bench_health.py): zxing-cpp reads a full 720p
frame in 1-5 ms of CPU and reads more of the hard frames than pyzbar, dark-mode screens
too. Where it reads nothing, pyzbar (the reader the design names) gives a second opinion and
the fallback steps (sharpening, the darkest channel, upscaling, contrast; 4-12 ms each at
720p) try harder: a frame runs only as many as fit in its budget (``FRAME_BUDGET_MS``), and
the next frame carries on where this one stopped, so no frame stalls the check.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import numpy as np

# The target is a p95 of 15 ms a frame at 720p; a step is started only when its measured
# cost still fits, so the budget leaves room for an estimate that was too low. The budget
# counts the decoding thread's CPU time: what a frame costs the decoder, the same on an idle
# kiosk and on a machine where other work makes the thread wait for a core.
FRAME_BUDGET_MS = 11.0
_COST_WEIGHT = 0.3  # how fast a step's cost estimate follows its latest measurement
_SKIPPED_DECAY = 0.9


@dataclass(frozen=True)
class Detection:
    """One code found in a frame. ``raw`` is the payload: keep it for this check only."""

    raw: bytes = field(repr=False)
    polygon: np.ndarray = field(repr=False)  # (N, 2) corner points in frame pixels
    method: str  # "zxing", "pyzbar" or the fallback step that found it

    @property
    def area(self) -> float:
        import cv2  # OpenCV (some 50 MB) is imported where a frame is first worked on, not with the screens

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
    from pyzbar import pyzbar  # the readers load with the first frame, not with the screens (#17: memory)

    found = []
    for symbol in pyzbar.decode(image, symbols=[pyzbar.ZBarSymbol.QRCODE]):
        points = np.array([(p.x, p.y) for p in symbol.polygon], dtype=np.float32) / scale
        found.append(Detection(raw=bytes(symbol.data), polygon=points, method="pyzbar"))
    return found


def _zxing(image: np.ndarray, scale: float = 1.0) -> list[Detection]:
    """zxing-cpp, QR only, inverted too (dark-mode screens) and downscaled, not turned by 90 degrees:
    a QR code's finder patterns read at any angle, and the turned passes read nothing more."""
    import zxingcpp

    found = []
    for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode, try_rotate=False):
        if not code.valid:
            continue
        corners = code.position
        points = np.array([(p.x, p.y) for p in (corners.top_left, corners.top_right, corners.bottom_right,
                                                corners.bottom_left)], dtype=np.float32) / scale
        found.append(Detection(raw=bytes(code.bytes), polygon=points, method="zxing"))
    return found


def _gray(frame: np.ndarray) -> np.ndarray:
    import cv2

    return frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)


def _scaled(gray: np.ndarray, width: int) -> tuple[np.ndarray, float]:
    import cv2

    scale = min(1.0, width / gray.shape[1])
    if scale == 1.0:
        return gray, 1.0
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), scale


@cache
def _clahe():
    import cv2

    return cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8))


def _sharpen(image: np.ndarray, sigma: float = 2.0, amount: float = 1.5) -> np.ndarray:
    """Unsharp mask: blur is what breaks readers first, and this wins back many blurred frames."""
    import cv2

    return cv2.addWeighted(image, 1 + amount, cv2.GaussianBlur(image, (0, 0), sigma), -amount, 0)


def _darkest_channel(frame: np.ndarray) -> np.ndarray:
    """Yellow ink is faint in grey but dark in the blue channel."""
    import cv2

    blue, green, red = cv2.split(frame)
    return cv2.min(cv2.min(blue, green), red)


Step = tuple[str, Callable[[], list[Detection]]]


def _steps(frame: np.ndarray, gray: np.ndarray, width: int, fallback: bool) -> list[Step]:
    """What runs where zxing-cpp read nothing: pyzbar, the second opinion (on the frame scaled
    to ``width``), then with ``fallback`` the fallback steps, in the order of what they read of
    the hard frames zxing-cpp missed for each millisecond they cost (bench/bench_health.py)."""
    import cv2

    def second_opinion() -> list[Detection]:
        small, scale = _scaled(gray, width)
        return _zbar(small, scale)

    steps: list[Step] = [("pyzbar", second_opinion)]
    if not fallback:
        return steps
    steps.append(("sharpen", lambda: _zxing(_sharpen(gray))))
    steps.append(("sharpen wide", lambda: _zxing(_sharpen(gray, 3.0, 2.0))))
    if frame.ndim == 3:
        steps.append(("darkest channel", lambda: _zxing(_sharpen(_darkest_channel(frame)))))
    # Small codes (the phone held further away): more pixels per module, then sharpened.
    steps.append(("upscale", lambda: _zxing(_sharpen(cv2.resize(gray, None, fx=1.5, fy=1.5,
                                                                 interpolation=cv2.INTER_CUBIC), 2.5), 1.5)))
    steps.append(("clahe", lambda: _zxing(_sharpen(_clahe().apply(gray)))))
    return steps


class StepCosts:
    """What each step costs on frames of each size, learnt as steps run. One record is shared
    by every check, so a new visitor's first frame keeps to the budget too."""

    def __init__(self) -> None:
        self._estimate: dict[tuple[str, tuple[int, ...]], float] = {}
        self._fastest: dict[tuple[str, tuple[int, ...]], float] = {}

    def estimate(self, name: str, shape: tuple[int, ...]) -> float:
        """Milliseconds the step is expected to take; 0 before it has run."""
        return self._estimate.get((name, shape), 0.0)

    def record(self, name: str, shape: tuple[int, ...], milliseconds: float) -> None:
        key = (name, shape)
        previous = self._estimate.get(key)
        self._estimate[key] = milliseconds if previous is None else previous + _COST_WEIGHT * (milliseconds - previous)
        self._fastest[key] = min(milliseconds, self._fastest.get(key, milliseconds))

    def skipped(self, name: str, shape: tuple[int, ...]) -> None:
        """One slow run (a busy core) must not bar a step for good: its estimate fades back
        towards the least it ever took, so a step that is always too costly stays barred."""
        key = (name, shape)
        if key in self._estimate:
            self._estimate[key] = max(self._fastest[key], self._estimate[key] * _SKIPPED_DECAY)


_SHARED_COSTS = StepCosts()


class Reader:
    """One frame at a time: zxing-cpp, then pyzbar, then (``fallback``) the fallback steps, as
    many as fit in ``budget_ms`` (None: no budget, every step). Remembers where the steps
    stopped, so that the next frame carries on from there. A step's cost is known once it has
    run: its very first run may overrun the budget, once."""

    def __init__(self, width: int = 640, budget_ms: float | None = FRAME_BUDGET_MS,
                 costs: StepCosts = _SHARED_COSTS):
        self.width = width
        self.budget_ms = budget_ms
        self._costs = costs
        self._next_step = 0

    def read(self, frame: np.ndarray, fallback: bool = False) -> list[Detection]:
        started = time.thread_time()
        gray = _gray(frame)
        found = _zxing(gray)
        if found:
            return found
        steps = _steps(frame, gray, self.width, fallback)
        first = self._next_step % len(steps)
        for offset in range(len(steps)):
            index = (first + offset) % len(steps)
            name, step = steps[index]
            found = self._run(name, step, gray.shape, started)
            if found is None:
                # A step too costly for the rest of a budget waits for the next frame; one too
                # costly for any frame's budget is passed over.
                self._next_step = index if offset else index + 1
                return []
            if found:
                self._next_step = index  # the step that reads this screen goes first next time
                return [d if name == "pyzbar" else Detection(raw=d.raw, polygon=d.polygon, method=name)
                        for d in found]
        self._next_step = first
        return []

    def _run(self, name: str, step: Callable[[], list[Detection]], shape: tuple[int, ...],
             started: float) -> list[Detection] | None:
        """The step's codes, or None when its expected cost no longer fits in the budget."""
        now = time.thread_time()
        if self.budget_ms is not None and (now - started) * 1000 + self._costs.estimate(name, shape) > self.budget_ms:
            self._costs.skipped(name, shape)
            return None
        found = step()
        self._costs.record(name, shape, (time.thread_time() - now) * 1000)
        return found


def decode_frame(frame: np.ndarray, fallback: bool = False, width: int = 640) -> list[Detection]:
    """Every QR code in ``frame`` (BGR or grey): zxing-cpp at full resolution, else pyzbar on the
    frame scaled to at most ``width`` pixels wide; with ``fallback``, every fallback step, without
    a time budget, when both read none."""
    return Reader(width, budget_ms=None).read(frame, fallback)


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
    """Frame after frame: zxing-cpp and pyzbar on every frame, the fallback steps on every
    ``fallback_every``-th one, each frame within ``budget_ms``."""

    def __init__(self, fallback_every: int = 5, use_fallback: bool = True, width: int = 640,
                 budget_ms: float | None = FRAME_BUDGET_MS):
        self.fallback_every = fallback_every
        self.use_fallback = use_fallback
        self._reader = Reader(width, budget_ms)
        self._count = 0

    def decode(self, frame: np.ndarray) -> Detection | None:
        """The code held up in this frame, or None."""
        self._count += 1
        fallback = self.use_fallback and self._count % self.fallback_every == 0
        return pick(self._reader.read(frame, fallback), frame.shape)
