"""The remote channels' addresses come from config.ini: https:// only, empty when the centre has set none."""

from __future__ import annotations

import pytest

from kiosk.foundation.config import ConfigError, load_settings


def settings_with(tmp_path, text: str):
    path = tmp_path / "config.ini"
    path.write_text(text, encoding="utf-8")
    return load_settings(path)


def test_no_address_ships_and_a_configured_one_is_kept(tmp_path):
    assert load_settings().channels.addresses() == {"provincial_website": "", "wechat_service": ""}
    settings = settings_with(tmp_path, "[channels]\nprovincial_website = https://example.gov.cn/12348?from=kiosk\n")
    assert settings.channels.addresses() == {"provincial_website": "https://example.gov.cn/12348?from=kiosk",
                                             "wechat_service": ""}


@pytest.mark.parametrize("address", ["http://example.gov.cn/", "example.gov.cn", "https://", "https://a b.cn/"])
def test_an_address_that_is_not_https_stops_start_up_with_one_line(tmp_path, address):
    with pytest.raises(ConfigError) as error:
        settings_with(tmp_path, f"[channels]\nwechat_service = {address}\n")
    assert "[channels] wechat_service: expected empty or an https:// address" in str(error.value)
