"""The self-check on screen asks work injuries apart from other injuries: a migrant worker hurt in a
traffic accident is asked about income (法律援助法 第四十二条(三) spares only pay and work-injury claims)."""

from __future__ import annotations

import pytest

from tests.ui.conftest import LANDSCAPE
from tests.ui.test_english_legal import look

pytestmark = pytest.mark.ui


def test_a_migrant_worker_hurt_in_traffic_is_asked_about_income(start_kiosk):
    kiosk = start_kiosk(size=LANDSCAPE)
    kiosk.app.go("legal_aid_check")
    kiosk.settle("legal_aid_check")
    screen = kiosk.screen("legal_aid_check")

    def pick(option):
        kiosk.tap(next(button for button in screen.ids.options.children if button.option == option))

    pick("none")
    titles = {button.option: button.text for button in screen.ids.options.children}
    assert titles["work_injury"] == "工伤事故的人身损害赔偿"
    assert titles["accident_injury"] == "交通事故、医疗事故、食品药品安全事故的人身损害赔偿"
    look(kiosk, "legal-aid-check-matters-zh_CN-landscape")
    screen.answer("accident_injury")  # what a tap does; the option may sit below the fold
    screen.answer("migrant_worker")
    assert screen.question == "income" and not screen.result
