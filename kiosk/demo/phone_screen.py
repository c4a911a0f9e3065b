"""A simulated phone screen showing a coloured QR code, as a camera would see it.

Used by the tests, the benchmark and the demo camera: the degradations are the
ones measured to matter (blur, noise, glare, moiré, tilt, colour cast, JPEG).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from kiosk.foundation.qr_matrix import qr_modules
from kiosk.health.model import GREEN, RED, YELLOW

# Ink colours (BGR) close to what the provincial apps draw; "black" is a plain code.
INK: dict[str, tuple[int, int, int]] = {
    GREEN: (80, 168, 0),
    YELLOW: (0, 196, 248),
    RED: (40, 30, 224),
    "black": (20, 20, 20),
}


@dataclass(frozen=True)
class Degradation:
    """How badly the camera sees the screen; zero everywhere is a perfect picture."""

    blur_sigma: float = 0.0  # Gaussian blur, pixels
    noise_sigma: float = 0.0  # sensor noise, grey levels
    glare: float = 0.0  # strength of a bright reflection, 0..1
    moire: float = 0.0  # amplitude of the screen-door pattern, 0..1
    tilt: float = 0.0  # corner skew as a fraction of the code's size
    cast: tuple[float, float, float] = (1.0, 1.0, 1.0)  # white-balance gains (B, G, R)
    jpeg_quality: int = 0  # 0: no JPEG round trip
    module_px: float = 5.0  # pixels per QR module
    dim: float = 0.0  # light lost to a dim screen or a dark hall, 0..1 (the sensor noise stays)
    dark_mode: bool = False  # the phone draws the code light on a dark page


def sample_health_url(token: str = "0123456789abcdef0123456789abcdef") -> str:
    """A made-up 苏康码-style URL of the shape the default ``url_patterns`` accept, for demos."""
    return f"https://jsstm.jszwfw.gov.cn/jkm/2?qrCode=V{token}#/result"


MILD = Degradation(blur_sigma=0.6, noise_sigma=3.0, glare=0.1, moire=0.02, tilt=0.01, jpeg_quality=90)
MODERATE = Degradation(blur_sigma=1.0, noise_sigma=6.0, glare=0.35, moire=0.06, tilt=0.04,
                       cast=(1.15, 1.0, 0.85), jpeg_quality=60)


# Ranges each degradation is drawn from, per level. "moderate" is calibrated to the measured
# case of ../shared/notes/scanning.md: plain pyzbar reads well under half of the frames.
LEVELS: dict[str, dict[str, tuple[float, float]]] = {
    "mild": {"blur": (0.3, 0.8), "noise": (1.0, 4.0), "glare": (0.05, 0.25), "moire": (0.01, 0.04),
             "tilt": (0.0, 0.03), "cast": (-0.15, 0.15), "jpeg": (75, 95), "module": (5.0, 6.5)},
    "moderate": {"blur": (1.3, 2.2), "noise": (3.0, 9.0), "glare": (0.2, 0.6), "moire": (0.03, 0.1),
                 "tilt": (0.02, 0.08), "cast": (-0.35, 0.35), "jpeg": (40, 80), "module": (3.8, 5.5)},
    # The phone further away (smaller modules) and tilted, out of focus, in a dim hall, with
    # glare, and one screen in four in dark mode: where zxing-cpp reads about a quarter.
    "hard": {"blur": (1.4, 2.6), "noise": (4.0, 10.0), "glare": (0.3, 0.75), "moire": (0.02, 0.08),
             "tilt": (0.06, 0.14), "cast": (-0.3, 0.3), "jpeg": (40, 75), "module": (1.9, 3.0),
             "dim": (0.2, 0.7)},
}
DARK_MODE_SHARE = 0.25


def random_degradation(rng: np.random.Generator, level: str = "moderate") -> Degradation:
    """A degradation drawn from the ranges of ``level`` ("mild", "moderate" or "hard")."""
    ranges = LEVELS[level]

    def draw(name: str) -> float:
        return float(rng.uniform(*ranges[name]))

    degradation = Degradation(
        blur_sigma=draw("blur"), noise_sigma=draw("noise"), glare=draw("glare"), moire=draw("moire"),
        tilt=draw("tilt"), cast=tuple(1.0 + float(v) for v in rng.uniform(*ranges["cast"], 3)),  # type: ignore[arg-type]
        jpeg_quality=int(draw("jpeg")), module_px=draw("module"),
    )
    if "dim" not in ranges:  # the milder levels draw nothing more, so their seeds keep their frames
        return degradation
    return replace(degradation, dim=draw("dim"), dark_mode=bool(rng.uniform() < DARK_MODE_SHARE))


@lru_cache(maxsize=64)
def _modules(payload: str | bytes) -> np.ndarray:
    return np.array(qr_modules(payload), dtype=np.uint8)  # type: ignore[arg-type]  # qrcode takes bytes too


@lru_cache(maxsize=4)
def _grid(width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    return yy, xx


def _screen(payload: str | bytes, colour: str, module_px: float, dark_mode: bool = False) -> np.ndarray:
    """The phone's screen: a light page with a header band and the code in its colour; in dark
    mode a dark page with the code drawn light (a black code in light grey)."""
    modules = _modules(payload)
    side = round(len(modules) * module_px)
    code = cv2.resize(modules, (side, side), interpolation=cv2.INTER_NEAREST).astype(bool)
    width, height = side + 2 * int(module_px * 3), int(side * 1.9)
    page = np.full((height, width, 3), 28 if dark_mode else 250, np.uint8)
    ink = (225, 225, 225) if dark_mode and colour == "black" else INK[colour]
    page[: int(side * 0.35)] = ink if colour != "black" else (200, 120, 40)
    top = int(side * 0.55)
    left = (width - side) // 2
    region = page[top: top + side, left: left + side]
    region[code] = ink
    return page


_NOISE_MARGIN = 32  # a clip's noise field is this much larger; each frame takes a shifted window


@dataclass(frozen=True)
class Lighting:
    """What stays put while the phone moves: moiré and glare as a per-pixel gain and added
    light (colour cast folded in), and a field of sensor noise each frame takes a window of."""

    gain: np.ndarray
    light: np.ndarray
    noise: np.ndarray | None


def make_lighting(size: tuple[int, int], degradation: Degradation, rng: np.random.Generator) -> Lighting:
    width, height = size
    yy, xx = _grid(width, height)
    gain = np.ones((height, width), np.float32)
    if degradation.moire:
        angle = rng.uniform(0, np.pi)
        step = np.float32(2 * np.pi / rng.uniform(3.0, 7.0))
        wave = np.sin(xx * (step * np.float32(np.cos(angle))) + yy * (step * np.float32(np.sin(angle))))
        gain += np.float32(degradation.moire) * wave
    light = np.zeros((height, width), np.float32)
    if degradation.glare:
        gx, gy = rng.uniform(0.3, 0.7) * width, rng.uniform(0.3, 0.7) * height
        radius = rng.uniform(0.1, 0.25) * width
        blob = np.exp(((xx - np.float32(gx)) ** 2 + (yy - np.float32(gy)) ** 2) * np.float32(-0.5 / radius**2))
        light = np.float32(degradation.glare) * blob
        # glare blends towards white: x + (255 - x) * g  ==  x * (1 - g) + 255 * g
        gain *= np.float32(1.0) - light
        light *= np.float32(255.0)
    # The camera's auto exposure keeps the brightest channel of white paper from clipping;
    # only glare still blows out.
    cast = np.float32(degradation.cast) / np.float32(max(1.0, *degradation.cast))
    noise = None
    if degradation.noise_sigma:
        shape = (height + _NOISE_MARGIN, width + _NOISE_MARGIN, 3)
        noise = rng.standard_normal(shape, dtype=np.float32) * np.float32(degradation.noise_sigma)
    return Lighting(np.ascontiguousarray(gain[..., None] * cast), np.ascontiguousarray(light[..., None] * cast),
                    noise)


def render(payload: str | bytes, colour: str, size: tuple[int, int] = (640, 480),
           degradation: Degradation = Degradation(), rng: np.random.Generator | None = None,
           offset: tuple[float, float] = (0.0, 0.0), lighting: Lighting | None = None) -> np.ndarray:
    """One BGR camera frame of ``size`` (width, height) showing ``payload`` in ``colour``.

    ``offset`` moves the phone from the centre, as fractions of the frame; ``lighting`` from
    :func:`make_lighting` is drawn afresh when not given.
    """
    rng = rng or np.random.default_rng(0)
    width, height = size
    page = _screen(payload, colour, degradation.module_px, degradation.dark_mode)
    ph, pw = page.shape[:2]
    bezel = max(6, pw // 14)
    phone = np.full((ph + 2 * bezel, pw + 2 * bezel, 3), 25, np.uint8)
    phone[bezel: bezel + ph, bezel: bezel + pw] = page
    fh, fw = phone.shape[:2]
    scale = min(1.0, 0.95 * height / fh, 0.95 * width / fw)
    cx = width / 2 + offset[0] * width
    cy = height / 2 + offset[1] * height
    hw, hh = fw * scale / 2, fh * scale / 2
    skew = degradation.tilt * fw * scale
    jitter = rng.uniform(-skew, skew, (4, 2)) if skew else np.zeros((4, 2))
    corners = np.float32([[cx - hw, cy - hh], [cx + hw, cy - hh], [cx + hw, cy + hh], [cx - hw, cy + hh]]) + jitter
    source = np.float32([[0, 0], [fw, 0], [fw, fh], [0, fh]])
    matrix = cv2.getPerspectiveTransform(source, corners.astype(np.float32))
    background = np.empty((height, width, 3), np.uint8)
    background[:] = (95, 100, 110)
    frame = cv2.warpPerspective(phone, matrix, (width, height), dst=background, borderMode=cv2.BORDER_TRANSPARENT,
                                flags=cv2.INTER_LINEAR).astype(np.float32)
    lighting = lighting or make_lighting(size, degradation, rng)
    frame = cv2.add(cv2.multiply(frame, lighting.gain), lighting.light)
    if degradation.dim:
        frame *= np.float32(1.0 - degradation.dim)
    if degradation.blur_sigma:
        frame = cv2.GaussianBlur(frame, (0, 0), degradation.blur_sigma)
    if lighting.noise is not None:
        dy, dx = (int(v) for v in rng.integers(0, _NOISE_MARGIN, 2))
        frame = cv2.add(frame, lighting.noise[dy: dy + height, dx: dx + width])
    image = cv2.convertScaleAbs(frame)  # rounds and saturates to 0..255
    if degradation.jpeg_quality:
        _ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, degradation.jpeg_quality])
        image = cv2.imdecode(encoded, cv2.IMREAD_COLOR)
    return image


def clip_frames(payload: str, colour: str, frames: int, size: tuple[int, int] = (640, 480),
                degradation: Degradation = Degradation(), seed: int = 0,
                empty_frames: int = 0) -> Iterator[np.ndarray]:
    """Frames of a visitor holding the phone up: ``empty_frames`` of an empty scene, then the
    phone coming closer and wandering slightly under the same lighting, each frame with fresh
    noise and focus."""
    rng = np.random.default_rng(seed)
    lighting = make_lighting(size, degradation, rng)
    for index in range(frames):
        if index < empty_frames:
            scene = np.empty((size[1], size[0], 3), np.uint8)
            scene[:] = (95, 100, 110)
            yield np.clip(scene + rng.normal(0, degradation.noise_sigma or 1.0, scene.shape), 0, 255).astype(np.uint8)
            continue
        # The visitor brings the phone closer while the camera's focus hunts.
        approach = 0.85 + 0.3 * (index - empty_frames) / max(1, frames - empty_frames - 1)
        wobble = replace(degradation, blur_sigma=degradation.blur_sigma * float(rng.uniform(0.7, 1.2)),
                         module_px=degradation.module_px * approach)
        offset = (float(rng.uniform(-0.05, 0.05)), float(rng.uniform(-0.04, 0.04)))
        yield render(payload, colour, size, wobble, rng, offset, lighting)


def write_clip(path: Path, frames: Iterator[np.ndarray] | list[np.ndarray], fps: float = 15.0) -> Path:
    """Write frames to a short video (.avi as Motion-JPEG at high quality, .mp4 as MPEG-4)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fourcc = cv2.VideoWriter_fourcc(*("mp4v" if path.suffix.lower() == ".mp4" else "MJPG"))
    writer: cv2.VideoWriter | None = None
    try:
        for frame in frames:
            if writer is None:
                writer = cv2.VideoWriter(str(path), fourcc, fps, (frame.shape[1], frame.shape[0]))
                if not writer.isOpened():
                    raise OSError(f"cannot write a video to {path}")
                writer.set(cv2.VIDEOWRITER_PROP_QUALITY, 95)
            writer.write(frame)
    finally:
        if writer is not None:
            writer.release()
    return path


def write_demo_clip(path: Path, colour: str = GREEN, fps: float = 15.0) -> Path:
    """A four-second loop for a demo camera: an empty scene, then a phone showing a made-up
    health code in ``colour`` under mild degradation."""
    frames = clip_frames(sample_health_url(), colour, int(4 * fps), degradation=MILD, seed=1,
                         empty_frames=int(1.5 * fps))
    return write_clip(path, frames, fps)
