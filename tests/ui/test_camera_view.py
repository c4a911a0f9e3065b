"""The camera preview's picture and the screens built only when first opened: what keeps the kiosk light."""

import numpy as np
import pytest

pytestmark = pytest.mark.ui


def test_the_preview_is_half_a_720p_frame_as_rgba_and_a_small_frame_keeps_its_size():
    from kiosk.ui.camera_view import PREVIEW_WIDTH, preview_image

    frame = np.zeros((720, 1280, 3), np.uint8)
    frame[..., 2] = 200  # red, in OpenCV's BGR order
    picture = preview_image(frame)
    assert picture.shape == (360, PREVIEW_WIDTH, 4) and picture.flags.c_contiguous
    assert tuple(picture[0, 0]) == (200, 0, 0, 255)
    assert preview_image(np.zeros((240, 320, 3), np.uint8)).shape == (240, 320, 4)


def test_screens_few_visitors_reach_are_built_when_first_opened(start_kiosk):
    from kiosk.ui.screen_registry import BUILT_WHEN_ASKED

    kiosk = start_kiosk(build_ahead=True)
    kiosk.run_until(lambda: kiosk.app.ready)
    root = kiosk.app.root
    assert root.is_built("health_check") and root.is_built("legal")
    assert not any(root.is_built(name) for name in BUILT_WHEN_ASKED)
    assert root.has_screen("documents"), "a screen not built yet can still be shown"
    kiosk.app.go("documents")
    kiosk.settle("documents")
    assert root.is_built("documents") and root.current == "documents"
