"""Service guides and the remote channels, with QR codes a phone can scan off the screen."""

import cv2
import pytest
from pyzbar import pyzbar

pytestmark = pytest.mark.ui


def test_the_remote_channels_show_qr_codes_that_scan(start_kiosk):
    kiosk = start_kiosk()
    kiosk.tap(kiosk.widget("remote"))
    kiosk.run_until(lambda: len(kiosk.screen("remote").ids.cards.children) == 3, timeout=60)
    kiosk.settle("remote")
    shot = kiosk.screenshot("remote-zh_CN-portrait")
    image = cv2.imread(str(shot), cv2.IMREAD_GRAYSCALE)
    found = {code.data.decode() for code in pyzbar.decode(image)}
    assert "tel:12348" in found
    assert len(found) == 3, found


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
