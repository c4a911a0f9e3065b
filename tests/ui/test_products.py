"""Legal service products by touch: from the legal help into the catalogue, a product opened, and booked through the
appointment flow to a booking code, or through a request to be contacted; both languages, both orientations
and large text, every label fitting."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import cv2
import pytest
from pyzbar import pyzbar
from ui_steps import into_view, overflowing

pytestmark = pytest.mark.ui

MONDAY_MORNING = datetime(2026, 11, 30, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
PORTRAIT, LANDSCAPE = (1080, 1920), (1920, 1080)


@pytest.fixture
def kiosk(start_kiosk, monkeypatch):
    def start(config_text="", size=PORTRAIT):
        harness = start_kiosk(config_text, size)
        monkeypatch.setattr(harness.app, "now", lambda: MONDAY_MORNING)
        return harness

    return start


def product_tile(kiosk, group: str, code: str):
    tiles = kiosk.screen("products").ids[f"group_{group}"]
    kiosk.run_until(lambda: tiles.children, what=f"the {group} products")
    return into_view(kiosk, next(t for t in tiles.children if t.product.code == code), f"the {code} tile")


def open_product(kiosk, group: str, code: str, shot: str):
    kiosk.settle("home")
    kiosk.screenshot(f"home-{shot}")  # the way in: home, then the legal help
    kiosk.tap(kiosk.widget("legal", "home"))
    kiosk.settle("legal")
    kiosk.tap(kiosk.widget("products", "legal"))
    kiosk.settle("products")
    kiosk.tap(product_tile(kiosk, group, code))
    kiosk.settle("product")
    return kiosk.screen("product")


def test_a_product_for_enterprises_is_booked_by_touch_to_a_booking_code(kiosk):
    kiosk = kiosk()
    open_product(kiosk, "citizens", "village_legal_adviser", "zh_CN-portrait")  # both groups are listed
    kiosk.tap(into_view(kiosk, kiosk.widget("other_products", "product"), "the other products button"))
    kiosk.settle("products")
    kiosk.tap(product_tile(kiosk, "enterprises", "trade_notarisation"))
    kiosk.settle("product")
    screen = kiosk.screen("product")
    body = screen.ids.body.text
    for heading in ("适用对象", "服务内容", "服务提供者", "需要携带（一次性告知）", "办理方式", "依据"):
        assert f"[b]{heading}[/b]" in body
    assert "公证处" in body and "1．营业执照和法定代表人身份证明" in body
    assert "《公证法》第十一条（2017-09-01 版）" in body
    assert "营业执照和法定代表人身份证明" in screen.ids.read_aloud.read and "[b]" not in screen.ids.read_aloud.read
    assert screen.ids.book.text == "预约办理"
    kiosk.screenshot("product-zh_CN-portrait")
    # What to bring goes home on the phone.
    into_view(kiosk, screen.ids.qr, "the QR")
    kiosk.run_until(lambda: screen.take_away, what="the take-away QR")
    shot = kiosk.screenshot("product-qr-zh_CN-portrait")
    scanned = [c.data.decode() for c in pyzbar.decode(cv2.imread(str(shot), cv2.IMREAD_GRAYSCALE))]
    assert any("4. 使用国或对方单位对公证书的要求（如需翻译、认证）" in text for text in scanned), scanned

    kiosk.tap(into_view(kiosk, screen.ids.book, "the book button"))
    kiosk.settle("appointment")
    booking = kiosk.screen("appointment")
    kiosk.run_until(lambda: booking.step == "day" and booking.ids.choices.children, what="the days")
    assert booking.service.code == "notarisation", "the product's service is chosen already"
    kiosk.tap(booking.ids.choices.children[-1])
    kiosk.run_until(lambda: booking.step == "slot" and booking.ids.choices.children, what="the slots")
    kiosk.tap(booking.ids.choices.children[-1])
    kiosk.run_until(lambda: booking.step == "confirm")
    kiosk.pump(3)
    kiosk.tap(booking.ids.confirm)
    kiosk.run_until(lambda: booking.step == "booked")
    code = booking.ids.booked_code.text
    assert len(code) == 6 and code.isdigit()
    kiosk.screenshot("product-booked-zh_CN-portrait")
    def stored(services):
        with services.appointments.store.transaction(write=False) as tx:
            return tx.appointment(code)

    appointment = kiosk.app.workers.queue.run_now(lambda: stored(kiosk.app.services))
    assert appointment.service == "notarisation" and appointment.day == "2026-12-01"


def test_a_product_by_work_order_asks_to_be_contacted_and_every_view_fits(kiosk):
    kiosk = kiosk("[display]\nlanguage = en\nlarge_text = yes\n", LANDSCAPE)
    screen = open_product(kiosk, "enterprises", "legal_health_check", "en-landscape-large")
    assert screen.ids.book.text == "Ask us to contact you"
    assert "[b]What to bring (all of it, at once)[/b]" in screen.ids.body.text
    kiosk.tap(into_view(kiosk, screen.ids.book, "the request button"))
    kiosk.settle("order_consent")
    kiosk.tap(kiosk.widget("agree", "order_consent"))
    kiosk.settle("order_matter")
    chosen = {box: next(t.choice.code for t in kiosk.screen("order_matter").ids[box].children if t.state == "down")
              for box in ("kinds", "matters", "urgencies")}
    assert chosen == {"kinds": "home_visit", "matters": "other", "urgencies": "normal"}, "the product chose them"
    kiosk.tap(kiosk.widget("go_on", "order_matter"))
    kiosk.settle("order_phone")
    kiosk.type_digits(kiosk.widget("pad", "order_phone"), "13800138000")
    kiosk.tap(kiosk.widget("submit", "order_phone"))
    kiosk.settle("order_done")
    [order] = kiosk.app.workers.queue.run_now(lambda: kiosk.app.services.workorders.orders())
    assert (order.kind, order.topic, order.channel) == ("home_visit", "other", "kiosk")

    kiosk.app.visit.product = next(t.product for t in kiosk.screen("products").ids.group_enterprises.children
                                   if t.product.code == "trade_notarisation")  # the longest words
    for language in ("en", "zh_CN"):
        kiosk.app.language = language
        for size, orientation in ((LANDSCAPE, "landscape"), (PORTRAIT, "portrait")):
            kiosk.resize(size)
            for large in (True, False):
                kiosk.app.large_text = large
                for name in ("products", "product"):
                    kiosk.show(name)
                    kiosk.pump(3)
                    kiosk.screenshot(f"{name}-{language}-{orientation}{'-large' if large else ''}")
                    problems = overflowing(kiosk.screen(), kiosk.window)
                    assert not problems, f"{name} {language} {orientation} large={large}:\n" + "\n".join(problems)
