"""Service guides and the remote channels, with QR codes a phone can scan off the screen."""

import cv2
import pytest
from pyzbar import pyzbar

pytestmark = pytest.mark.ui


CHANNELS = """
[channels]
provincial_website = https://example.gov.cn/12348
wechat_service = https://example.gov.cn/wechat
"""


def remote_codes(kiosk, name: str) -> set[str]:
    kiosk.tap(kiosk.widget("remote"))
    kiosk.run_until(lambda: len(kiosk.screen("remote").ids.cards.children) == 3, timeout=60)
    kiosk.settle("remote")
    kiosk.pump(5)
    image = cv2.imread(str(kiosk.screenshot(name)), cv2.IMREAD_GRAYSCALE)
    return {code.data.decode() for code in pyzbar.decode(image)}


def test_the_remote_channels_show_qr_codes_that_scan(start_kiosk):
    kiosk = start_kiosk(CHANNELS)
    found = remote_codes(kiosk, "remote-zh_CN-portrait")
    assert found == {"tel:12348", "https://example.gov.cn/12348", "https://example.gov.cn/wechat"}, found


def test_a_channel_the_centre_has_not_configured_shows_no_code_and_says_to_ask_staff(start_kiosk):
    kiosk = start_kiosk()
    found = remote_codes(kiosk, "remote-unconfigured-zh_CN-portrait")
    assert found == {"tel:12348"}, found
    cards = {card.channel.code: card for card in kiosk.screen("remote").ids.cards.children}
    for code in ("provincial_website", "wechat_service"):
        assert cards[code].ids.qr_label.text == "本中心尚未设置此渠道的地址，请向工作人员询问"
        assert cards[code].ids.qr.height == 0
    assert cards["hotline_12348"].ids.qr_label.text == "扫码直接拨打12348"


def test_a_guide_tells_everything_to_bring_at_once(start_kiosk):
    kiosk = start_kiosk()
    kiosk.tap(kiosk.widget("guides"))
    kiosk.run_until(lambda: len(kiosk.screen("guides").ids.tiles.children) == 6, timeout=60)
    kiosk.settle("guides")
    tile = next(t for t in kiosk.screen("guides").ids.tiles.children if t.guide.service == "legal_aid")
    assert tile.title == "法律援助申请"
    kiosk.tap(tile)
    kiosk.settle("guide")
    body = kiosk.screen("guide").ids.body.text
    assert "需带材料" in body and "办理步骤" in body
    for number, item in enumerate(tile.guide.materials, 1):
        assert f"{number}．{item}" in body
    kiosk.screenshot("guide-legal-aid-zh_CN-portrait")
    kiosk.tap(kiosk.screen("guide").children[0].children[-1].children[-1])  # back
    kiosk.settle("guides")


def test_a_double_tap_on_a_guide_is_one_step_back(start_kiosk):
    kiosk = start_kiosk()
    kiosk.tap(kiosk.widget("guides"))
    kiosk.run_until(lambda: len(kiosk.screen("guides").ids.tiles.children) == 6, timeout=60)
    kiosk.settle("guides")
    tile = next(t for t in kiosk.screen("guides").ids.tiles.children if t.guide.service == "legal_aid")
    tile.dispatch("on_release")  # an elderly finger's second tap lands on the tile's release again
    tile.dispatch("on_release")
    kiosk.settle("guide")
    kiosk.app.go_back()
    kiosk.settle("guides")
