"""Shared inputs of the health-check tests: settings, payloads and generated clips."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.demo.phone_screen import MILD, clip_frames, sample_health_url, write_clip
from kiosk.foundation.config import Settings, load_settings


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings(None)


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Short mildly degraded clips, one per colour, the code appearing after 4 empty frames."""
    folder = tmp_path_factory.mktemp("clips")
    return {colour: write_clip(folder / f"{colour}.avi",
                               clip_frames(sample_health_url(), colour, 16, degradation=MILD, seed=i, empty_frames=4))
            for i, colour in enumerate(("green", "yellow", "red", "black"))}
