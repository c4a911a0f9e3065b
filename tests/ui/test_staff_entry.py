"""Staff reach their screen by a long press in the corner and the PIN; visitors do not by chance."""

import pytest

from kiosk.foundation.i18n import translate
from kiosk.staff.pin import hash_pin

pytestmark = pytest.mark.ui

PIN = "24681357"


@pytest.fixture(scope="module")
def pin_config():
    return f"[staff]\npin_hash = {hash_pin(PIN)}\nlockout_attempts = 3\n"


def corner(kiosk):
    return 40, kiosk.window.height - 40


def test_a_long_press_in_the_corner_opens_the_pin_pad(start_kiosk, pin_config):
    kiosk = start_kiosk(pin_config)
    kiosk.app._staff_hold.timeout = 0.5
    # A touch let go at once: nothing. (One held for a moment could outlast the timer on a loaded machine,
    # where a single frame can take longer than the hold.)
    kiosk.hold(*corner(kiosk), seconds=0)
    assert kiosk.app.root.current == "home"
    kiosk.hold(*kiosk.widget("hours_card").center, seconds=0.8)  # a hold elsewhere: nothing
    assert kiosk.app.root.current == "home"
    kiosk.hold(*corner(kiosk), seconds=0.8)
    assert kiosk.app.root.current == "staff_pin"


def test_the_right_pin_opens_the_staff_screen_and_leaving_is_a_staff_action(start_kiosk, pin_config, monkeypatch):
    kiosk = start_kiosk(pin_config)
    kiosk.show("staff_pin")
    screen = kiosk.screen("staff_pin")
    kiosk.type_digits(screen.ids.pad, PIN)
    assert screen.ids.dots.text == " ".join("●" * len(PIN)), "typed digits must be masked"
    kiosk.tap(screen.ids.ok)
    kiosk.run_until(lambda: kiosk.app.root.current == "staff" and not kiosk.app.root.transition.is_active)

    stopped = []
    monkeypatch.setattr(kiosk.app, "stop", lambda *args: stopped.append(True))
    kiosk.tap(kiosk.screen("staff").ids.leave)
    assert stopped == [True]
    log = (kiosk.data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "left the kiosk app" in log and PIN not in log


def test_wrong_pins_count_down_then_lock_the_pad(start_kiosk, pin_config):
    kiosk = start_kiosk(pin_config)
    kiosk.show("staff_pin")
    screen = kiosk.screen("staff_pin")
    for left in (2, 1):
        kiosk.type_digits(screen.ids.pad, "000000")
        kiosk.tap(screen.ids.ok)
        assert screen.ids.message.text == translate("staff.pin_wrong", "zh_CN", left=left)
    kiosk.type_digits(screen.ids.pad, "000000")
    kiosk.tap(screen.ids.ok)
    assert "错误次数过多" in screen.ids.message.text
    kiosk.type_digits(screen.ids.pad, PIN)
    kiosk.tap(screen.ids.ok)
    assert kiosk.app.root.current == "staff_pin", "the right PIN must not pass while the pad is locked"


def test_no_pin_set_says_how_to_set_one(start_kiosk):
    kiosk = start_kiosk()
    kiosk.show("staff_pin")
    screen = kiosk.screen("staff_pin")
    kiosk.type_digits(screen.ids.pad, "123456")
    kiosk.tap(screen.ids.ok)
    assert "kiosk-admin pin set" in screen.ids.message.text
    assert kiosk.app.root.current == "staff_pin"


def test_the_idle_timeout_leaves_the_staff_screens(start_kiosk, pin_config):
    kiosk = start_kiosk(pin_config + "[display]\nidle_timeout = 600\n")
    kiosk.show("staff_pin")
    kiosk.type_digits(kiosk.screen("staff_pin").ids.pad, "12")
    kiosk.app.last_activity -= 601
    kiosk.run_until(lambda: kiosk.app.root.current == "home")
    assert kiosk.screen("staff_pin").typed == ""
