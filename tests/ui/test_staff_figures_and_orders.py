"""Staff update a calculator figure with its publication day, and read the overdue work orders: in the real
window, by taps, in both languages and orientations."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from ui_steps import into_view, overflowing

from kiosk.foundation.runtime import open_runtime
from kiosk.staff.pin import hash_pin
from kiosk.ui.screens.calculators import open_calculator
from kiosk.visitor.staff import set_local_figure
from kiosk.wiring import open_services

pytestmark = pytest.mark.ui

PIN = "13572468"
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday
PORTRAIT, LANDSCAPE = (1080, 1920), (1920, 1080)


@pytest.fixture
def kiosk(start_kiosk, monkeypatch):
    harness = start_kiosk(f"[staff]\npin_hash = {hash_pin(PIN)}\n")
    monkeypatch.setattr(harness.app, "now", lambda: NOW)
    harness.app._staff_hold.timeout = 0.3
    harness.run_until(lambda: harness.app.ready, timeout=60)
    return harness


def sign_in(kiosk) -> None:
    kiosk.hold(30, kiosk.window.height - 30, seconds=1.0)
    kiosk.settle("staff_pin")
    pad = kiosk.screen("staff_pin")
    kiosk.type_digits(pad.ids.pad, PIN)
    kiosk.tap(pad.ids.ok)
    kiosk.settle("staff")


def key(pad, name: str):
    return next(k for k in pad.children if k.key == name)


def fits(kiosk, screen: str, name: str) -> None:
    for size, orientation in ((PORTRAIT, "portrait"), (LANDSCAPE, "landscape")):
        kiosk.resize(size)
        kiosk.app.large_text = True
        kiosk.drawn("large text")
        kiosk.screenshot(f"{name}-{orientation}-large")
        found = overflowing(kiosk.screen(screen), kiosk.window)
        assert found == [], f"{name} {orientation}: {found}"
    kiosk.app.large_text = False
    kiosk.resize(PORTRAIT)


@pytest.mark.slow
def test_staff_update_the_lpr_with_its_day_and_an_absurd_value_is_refused(kiosk):
    sign_in(kiosk)
    kiosk.tap(kiosk.widget("local_figures", "staff"))
    kiosk.settle("staff_local_figures")
    page = kiosk.screen("staff_local_figures")
    tiles = {tile.key: tile for tile in page.ids.figures.children}
    assert tiles["lpr_one_year"].title == "一年期贷款市场报价利率（LPR）\n3.0 % · 2026-11-20 公布"
    assert page.ids.save.disabled, "no figure chosen yet"
    kiosk.tap(tiles["lpr_one_year"])
    assert page.value_text == "3.0" and page.ids.date_field.title == "公布日期：2026-11-20"
    kiosk.tap(key(page.ids.pad, "clear"))
    kiosk.type_digits(page.ids.pad, "31")
    assert page.value_text == "31"
    kiosk.tap(page.ids.save)
    kiosk.run_until(lambda: page.refused, what="an absurd LPR refused")
    assert "不合常理" in page.message and "未保存" in page.message
    kiosk.tap(key(page.ids.pad, "delete"))
    assert page.message == "", "the refusal goes once staff change the value"
    kiosk.tap(page.ids.point)
    kiosk.type_digits(page.ids.pad, "05")
    assert page.ids.value_field.title == "数值：3.05"
    kiosk.tap(page.ids.date_field)
    assert "●" in page.ids.date_field.text and page.ids.point.disabled  # the field typed into carries a mark
    kiosk.tap(key(page.ids.pad, "clear"))
    kiosk.type_digits(page.ids.pad, "20261201")
    kiosk.screenshot("staff-local-figures-zh_CN-portrait")
    kiosk.tap(page.ids.save)
    kiosk.run_until(lambda: page.message.startswith("已保存"), what="the figure saved")
    text = (kiosk.data_dir.parent / "config.ini").read_text(encoding="utf-8")
    assert "lpr_one_year = 3.05\nlpr_published = 2026-12-01" in text
    kiosk.run_until(lambda: kiosk.app.settings.calculators.lpr_one_year == Decimal("3.05"),
                    what="the kiosk using the new figure")
    kiosk.run_until(lambda: tiles["lpr_one_year"].title.endswith("3.05 % · 2026-12-01 公布"))
    kiosk.app.language = "en"
    english = "one-year loan prime rate (LPR)\n3.05 % · published 2026-12-01"
    kiosk.run_until(lambda: tiles["lpr_one_year"].title == english)
    assert page.message == "Saved; the calculators of every kiosk use the new figure."
    fits(kiosk, "staff_local_figures", "staff-local-figures-en")
    kiosk.app.language = "zh_CN"
    fits(kiosk, "staff_local_figures", "staff-local-figures-zh_CN")


@pytest.mark.slow
def test_a_figure_saved_on_another_kiosk_is_calculated_with_here_without_a_restart(kiosk, tmp_path):
    other = tmp_path / "other" / "config.ini"  # another kiosk of the centre on the same data folder
    other.parent.mkdir()
    other.write_text("[centre]\nkiosk_id = other\n", encoding="utf-8")
    services = open_services(open_runtime(other, kiosk.data_dir))
    try:
        set_local_figure(services, "average_monthly_wage", "12000", "2026-06-01", "staff@other", NOW)
    finally:
        services.close()
    open_calculator("severance", {"start": "2010-01-01", "end": "2026-11-30", "monthly_wage": "50000"})
    kiosk.settle("calculator")
    screen = kiosk.screen("calculator")
    kiosk.run_until(lambda: kiosk.app.settings.calculators.average_monthly_wage == Decimal(12000),
                    what="this kiosk reading the other's figure")
    kiosk.tap(into_view(kiosk, screen.ids.calculate, "the calculate button"))
    kiosk.run_until(lambda: screen.shown is not None, what="the result")
    assert "12000" in screen.ids.figures.text and "2026-06-01" in screen.ids.figures.text
    assert "average_monthly_wage = 12000" not in (kiosk.data_dir.parent / "config.ini").read_text(encoding="utf-8")


def give_up(services, order) -> None:
    """The sender's last try at ``order`` fails (an answer no retry fixes): it becomes a dead letter.
    On the queue worker, which owns the store's connection."""
    store, now = services.workorders.store, datetime.now(NOW.tzinfo)
    [claim] = [c for c in store.claim(now, now + timedelta(minutes=1), "test-sender", 10) if c.order.id == order.id]
    with store.transaction() as tx:
        assert tx.failed(claim.outbox_id, "test-sender", "HTTP 500", None)


@pytest.mark.slow
def test_overdue_work_orders_are_counted_on_the_staff_screen_and_listed_in_words(kiosk):
    services = kiosk.app.services
    on_queue = kiosk.app.workers.queue.run_now
    on_queue(lambda: services.workorders.create("callback", "labour", "13912345678", NOW - timedelta(days=7)))
    not_due = on_queue(lambda: services.workorders.create("online", "family", "13912345678", NOW))
    sign_in(kiosk)
    staff = kiosk.screen("staff")
    kiosk.run_until(lambda: staff.late_orders == 1, what="the overdue orders counted")
    assert staff.undelivered_orders == 0 and "未能送达" not in staff.overdue_text
    assert kiosk.widget("orders", "staff").text == "⚠ 逾期工单：1"
    assert "逾期工单：1 件" in staff.overdue_text  # in the banner's words, not only its colour
    kiosk.screenshot("staff-overdue-zh_CN-portrait")
    kiosk.tap(kiosk.widget("orders", "staff"))
    kiosk.settle("staff_orders")
    page = kiosk.screen("staff_orders")
    assert page.title == "逾期工单：1 件"
    assert "12348热线回电 · 劳动工资" in page.orders_text and "139****5678" in page.orders_text
    assert "网上办理" not in page.orders_text
    assert page.undelivered_text == ""

    # The sender gives up on the order that is not due yet: staff see it, in words, with what to do.
    on_queue(lambda: give_up(services, not_due))
    kiosk.app.go("staff")
    kiosk.settle("staff")
    kiosk.run_until(lambda: staff.undelivered_orders == 1, what="the undelivered order counted")
    assert "未能送达平台的工单：1 件" in staff.overdue_text
    kiosk.tap(kiosk.widget("orders", "staff"))
    kiosk.settle("staff_orders")
    kiosk.run_until(lambda: page.undelivered_text.startswith("⚠ 未能送达平台的工单：1 件"), what="the dead letter")
    assert f"{not_due.id}号 · 网上办理 · 婚姻家庭" in page.undelivered_text and "HTTP 500" in page.undelivered_text
    assert "kiosk-admin workorder retry" in page.undelivered_text and "13912345678" not in page.undelivered_text
    kiosk.screenshot("staff-orders-undelivered-zh_CN-portrait")
    kiosk.app.language = "en"
    kiosk.run_until(lambda: "hotline call-back · work and wages" in page.orders_text)
    assert "did not receive: 1" in page.undelivered_text and "not received after 1 tries" in page.undelivered_text
    fits(kiosk, "staff_orders", "staff-orders-en")
