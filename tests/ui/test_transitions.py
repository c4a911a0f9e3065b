"""The kiosk's fade between screens: it runs, and lets go of its frame buffers when each fade ends."""

import pytest

from kiosk.ui.transitions import ReleasingFade

pytestmark = pytest.mark.ui


def test_every_change_of_screen_fades_and_releases_its_buffers(start_kiosk):
    kiosk = start_kiosk(fade=True)
    manager = kiosk.app.root
    assert isinstance(manager.transition, ReleasingFade)
    seen_active = []
    for name in ("legal", "home", "legal", "home"):
        manager.current = name
        # The fade is under way for at least one frame: the screen change is not instant.
        seen_active.append(manager.transition.is_active)
        kiosk.settle(name)
        transition = manager.transition
        assert (transition.fbo_in, transition.fbo_out, transition.render_ctx) == (None, None, None), \
            f"the fade to {name!r} kept its frame buffers"
    assert all(seen_active)
