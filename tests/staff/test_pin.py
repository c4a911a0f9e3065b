"""The staff PIN: a salted slow hash, nowhere in clear, and a pad that locks after five wrong tries."""

import subprocess
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.foundation.config import load_settings
from kiosk.staff.pin import PinFormatError, PinGuard, hash_pin, pin_matches

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_hash_is_salted_and_checks_the_pin():
    first, second = hash_pin("246810"), hash_pin("246810")
    assert first != second and first.startswith("scrypt$16384$8$1$")
    assert "246810" not in first
    assert pin_matches("246810", first) and pin_matches("246810", second)
    assert not pin_matches("246811", first)


@pytest.mark.parametrize("pin", ["1234", "12a456", "", "1234567890123"])
def test_weak_or_malformed_pins_are_refused(pin):
    with pytest.raises(PinFormatError):
        hash_pin(pin)


def test_a_stored_value_that_is_not_our_hash_is_explained():
    with pytest.raises(PinFormatError, match="kiosk-admin pin set"):
        pin_matches("123456", "123456")


def test_five_wrong_tries_lock_the_pad_for_five_minutes():
    guard = PinGuard(hash_pin("246810"))
    for left in (4, 3, 2, 1):
        assert guard.try_pin("000000", NOW).attempts_left == left
    locked = guard.try_pin("000000", NOW)
    assert not locked.accepted and locked.locked_until == NOW + timedelta(minutes=5)
    # Even the right PIN is refused while locked.
    assert not guard.try_pin("246810", NOW + timedelta(minutes=4, seconds=59)).accepted
    assert guard.try_pin("246810", NOW + timedelta(minutes=5)).accepted


def test_a_right_pin_resets_the_count():
    guard = PinGuard(hash_pin("246810"))
    guard.try_pin("000000", NOW)
    assert guard.try_pin("246810", NOW).accepted
    assert guard.try_pin("000000", NOW).attempts_left == 4


def test_no_pin_set_is_said_not_accepted():
    attempt = PinGuard("").try_pin("246810", NOW)
    assert attempt.not_set and not attempt.accepted


def test_pin_set_writes_only_the_hash_and_keeps_the_comments(tmp_path):
    config = tmp_path / "config.ini"
    config.write_text("; our kiosk\n[staff]\n; the PIN hash\npin_hash =\nlockout_minutes = 5\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kiosk.admin", "pin", "set", "--stdin", "--config", str(config),
                             "--data-dir", str(tmp_path / "data")], input="13572468\n", capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    text = config.read_text(encoding="utf-8")
    assert "13572468" not in text and "; the PIN hash" in text and "; our kiosk" in text
    stored = load_settings(config).staff.pin_hash
    assert pin_matches("13572468", stored)
    everything = b"".join(path.read_bytes() for path in tmp_path.rglob("*") if path.is_file())
    assert b"13572468" not in everything, "the PIN is somewhere in clear"


def test_pin_set_refuses_the_shipped_template_and_weak_pins(tmp_path):
    base = [sys.executable, "-m", "kiosk.admin", "pin", "set", "--stdin", "--data-dir", str(tmp_path / "data")]
    shipped = subprocess.run(base, input="13572468\n", capture_output=True, text=True, timeout=60)
    assert shipped.returncode == 2 and "--config" in shipped.stderr
    config = tmp_path / "config.ini"
    config.write_text("[staff]\n", encoding="utf-8")
    weak = subprocess.run([*base, "--config", str(config)], input="12\n", capture_output=True, text=True, timeout=60)
    assert weak.returncode == 2 and "6 to 12 digits" in weak.stderr
