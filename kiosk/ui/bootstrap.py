"""Kivy settings that must be made before Kivy is first imported."""

from __future__ import annotations

import os

from kiosk.runtime import Runtime


def prepare_kivy(runtime: Runtime, fullscreen: bool) -> None:
    """Quiet, argument-free Kivy that keeps its files in the data directory and cannot be left."""
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
    # Lock-down: Escape must not quit, and right clicks must not leave touch markers.
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("input", "mouse", "mouse,disable_multitouch")
