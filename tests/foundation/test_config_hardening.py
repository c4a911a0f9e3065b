"""Issue #18, config minors: hostile files and values end in exit 2 naming the key, never a hang or a crash."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.admin import main
from kiosk.foundation.config import ConfigError, load_settings
from kiosk.staff.config_edit import set_config_value
from kiosk.staff.pin import PinFormatError, hash_pin

ADMIN = [sys.executable, "-m", "kiosk.admin"]


def _admin(tmp_path: Path, *argv: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([*ADMIN, *argv, "--data-dir", str(tmp_path / "data")], capture_output=True, text=True,
                          timeout=timeout)


def test_config_dev_zero_is_refused_quickly_with_exit_2(tmp_path):
    result = _admin(tmp_path, "queue", "status", "--config", "/dev/zero")
    assert result.returncode == 2 and "/dev/zero" in result.stderr and "regular file" in result.stderr


def test_an_oversized_config_is_refused(tmp_path):
    config = tmp_path / "big.ini"
    config.write_text("[centre]\n" + "; padding\n" * 40_000, encoding="utf-8")
    with pytest.raises(ConfigError, match="at most"):
        load_settings(config)


def test_a_config_saved_with_a_utf8_bom_is_read(tmp_path):
    config = tmp_path / "config.ini"
    config.write_bytes("\ufeff[centre]\nname = 测试中心\n".encode())
    assert load_settings(config).centre.name == "测试中心"


@pytest.mark.parametrize("section, key", [("tickets", "secret_file"), ("health_check", "eu_trust_list"),
                                          ("database", "knowledge_base")])
def test_a_device_as_a_file_setting_exits_2_naming_the_key(tmp_path, section, key):
    config = tmp_path / "config.ini"
    config.write_text(f"[{section}]\n{key} = /dev/zero\n", encoding="utf-8")
    result = _admin(tmp_path, "queue", "status", "--config", str(config))
    assert result.returncode == 2 and f"[{section}] {key}" in result.stderr


@pytest.mark.parametrize("spots", ["nan,nan", "inf,1", "1,-inf", "1e309,2", "5000,1", "1,2,3", "1;2"])
def test_non_finite_or_absurd_spots_are_refused(tmp_path, spots):
    config = tmp_path / "config.ini"
    config.write_text(f"[hall]\nlayout = list\nspots = {spots}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[hall\] spots: expected spots"):
        load_settings(config)


@pytest.mark.parametrize("section, key", [("hall", "pitch_m"), ("health_check", "temperature_threshold"),
                                          ("camera", "repeat_seconds"), ("printer", "timeout_seconds")])
@pytest.mark.parametrize("raw", ["nan", "inf", "-inf", "1e308", "9" * 5000])
def test_every_float_setting_is_finite_and_in_range(tmp_path, section, key, raw):
    config = tmp_path / "config.ini"
    config.write_text(f"[{section}]\n{key} = {raw}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_settings(config)
    assert f"[{section}] {key}: expected a number" in str(refused.value) and len(str(refused.value)) < 300


def test_a_huge_whole_number_is_refused_with_a_short_message(tmp_path):
    config = tmp_path / "config.ini"
    config.write_text("[queue]\nlearned_visits = " + "7" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="expected a whole number") as refused:
        load_settings(config)
    assert len(str(refused.value)) < 300


def test_an_unusable_secret_file_is_found_before_a_ticket_is_issued(tmp_path, capsys):
    secret = tmp_path / "secret.key"
    secret.write_text("not hex at all\n", encoding="utf-8")
    config = tmp_path / "config.ini"
    config.write_text(f"[tickets]\nsecret_file = {secret}\n[hours]\nmon = 00:00-23:59\n", encoding="utf-8")
    argv = ["--config", str(config), "--data-dir", str(tmp_path / "data"), "--at", "2026-11-30T09:30", "--json"]
    assert main(["ticket", "issue", "--service", "consultation", *argv]) == 2
    assert "[tickets] secret_file" in capsys.readouterr().err
    secret.write_text("ab" * 32 + "\n", encoding="utf-8")
    assert main(["ticket", "issue", "--service", "consultation", *argv]) == 0
    assert '"number": "A001"' in capsys.readouterr().out, "the refused try must not have used a number"


@pytest.mark.parametrize("pin", ["000000", "123456", "654321", "987654", "121212", "123123", "1111111111",
                                 "٢٤٦٨١٣", "２４６８１３"])
def test_weak_pins_and_digits_the_pad_cannot_type_are_refused(pin):
    with pytest.raises(PinFormatError):
        hash_pin(pin)


def test_config_ini_is_written_0600_once_it_holds_the_pin_hash(tmp_path):
    config = tmp_path / "config.ini"
    config.write_text("[staff]\npin_hash =\n", encoding="utf-8")
    os.chmod(config, 0o644)
    set_config_value(config, "staff", "lockout_minutes", "5")
    assert stat.S_IMODE(config.stat().st_mode) == 0o644  # no hash yet: left as it was
    set_config_value(config, "staff", "pin_hash", hash_pin("24681357"))
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    os.chmod(config, 0o644)
    set_config_value(config, "staff", "lockout_minutes", "6")
    assert stat.S_IMODE(config.stat().st_mode) == 0o600, "an edit of another key keeps the hash private"


def test_the_ticket_secret_is_created_0600(tmp_path, capsys):
    argv = ["--data-dir", str(tmp_path / "data"), "--at", "2026-11-30T09:30", "--json"]
    assert main(["ticket", "issue", "--service", "consultation", *argv]) == 0
    secret = tmp_path / "data" / "ticket-secret.key"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600


def test_a_pipe_as_config_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "config.ini"
    os.mkfifo(pipe)
    with pytest.raises(ConfigError, match="regular file"):
        load_settings(pipe)
