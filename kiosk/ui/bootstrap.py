"""Kivy settings that must be made before Kivy is first imported."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys
from collections.abc import Mapping

from kiosk.foundation.runtime import Runtime

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number
FRAME_SIZED_ALLOCATIONS = 128 * 1024


def keep_frames_off_the_heap() -> None:
    """Allocations of 128 KiB and more (camera frames, their copies) get their own mappings.

    glibc raises this threshold each time such a block is freed, after which every
    2.7 MB camera frame lands on the main heap, which fragments and never shrinks:
    measured, the kiosk grew by about 200 MB more with the camera running.
    """
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        if not libc.mallopt(M_MMAP_THRESHOLD, FRAME_SIZED_ALLOCATIONS):
            log.info("mallopt refused the mmap threshold")
    except (OSError, AttributeError, TypeError):  # not glibc: its own allocator decides
        log.info("no glibc mallopt here; the allocator's defaults stay")


def display_problem(environ: Mapping[str, str]) -> str | None:
    """Why no window can be shown, in one line, or None; checked before Kivy starts, because SDL would
    otherwise fall back to drawing off-screen and the kiosk would run on with nothing to see."""
    if not sys.platform.startswith("linux") or environ.get("SDL_VIDEODRIVER") or environ.get("WAYLAND_DISPLAY"):
        return None  # a driver chosen on purpose (kmsdrm on a console), or a Wayland session
    display = environ.get("DISPLAY")
    if not display:
        return ("no display to show the window on: DISPLAY is not set (start it from the desktop session, "
                "under xvfb-run, or with SDL_VIDEODRIVER=kmsdrm on a console)")
    if not x_display_opens(display):
        return f"cannot open the display {display} (no X server there, or no permission to use it)"
    return None


def x_display_opens(display: str) -> bool:
    """Whether Xlib can open ``display``; its own complaint on stderr is kept off the console."""
    name = ctypes.util.find_library("X11")
    if name is None:
        return True  # no Xlib to ask: let SDL try
    xlib = ctypes.CDLL(name)
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as quiet:
            os.dup2(quiet.fileno(), 2)
        connection = xlib.XOpenDisplay(display.encode())
    finally:
        os.dup2(saved, 2)
        os.close(saved)
    if not connection:
        return False
    xlib.XCloseDisplay(connection)
    return True


def prepare_kivy(runtime: Runtime, fullscreen: bool) -> None:
    """Quiet, argument-free Kivy that keeps its files in the data directory and cannot be left."""
    keep_frames_off_the_heap()
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    os.environ.setdefault("KIVY_HOME", str(runtime.data_dir / "kivy"))

    from kivy.config import Config

    width, height = runtime.settings.display.window_size
    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "show_cursor", "0" if fullscreen else "1")
    # Multisampling costs about 75 MB at 1080x1920 on software GL; edges are
    # smoothed by SmoothRoundedRectangle instead.
    Config.set("graphics", "multisamples", "0")
    # Transitions and the camera preview redraw the window every frame; 30 frames a second look as
    # smooth on a kiosk and cost half of 60. An idle screen draws only when something changed.
    Config.set("graphics", "maxfps", "30")
    # Lock-down: Escape must not quit, and right clicks must not leave touch markers.
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("input", "mouse", "mouse,disable_multitouch")
