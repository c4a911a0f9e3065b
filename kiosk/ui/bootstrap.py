"""Kivy settings that must be made before Kivy is first imported."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os

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
