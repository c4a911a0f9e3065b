"""Book a slot on another day by touch, then check in with the code on the number pad."""

from datetime import datetime
from zoneinfo import ZoneInfo

import cv2
import pytest
from pyzbar import pyzbar

pytestmark = pytest.mark.ui

ZONE = ZoneInfo("Asia/Shanghai")


def test_book_another_day_then_check_in_with_the_code(start_kiosk, health_clips, monkeypatch):
    kiosk = start_kiosk(f"[camera]\nsource = {health_clips['green']}\n")
    clock = {"now": datetime(2026, 11, 30, 9, 30, tzinfo=ZONE)}  # a Monday
    monkeypatch.setattr(kiosk.app, "now", lambda: clock["now"])

    kiosk.app.go("appointment")
    screen = kiosk.screen("appointment")
    kiosk.run_until(lambda: len(screen.ids.choices.children) == 6)
    kiosk.settle("appointment")
    notarisation = next(t for t in screen.ids.choices.children if t.service.code == "notarisation")
    kiosk.tap(notarisation)
    kiosk.run_until(lambda: screen.step == "day" and screen.ids.choices.children)
    first_day = screen.ids.choices.children[-1]
    assert first_day.day.isoformat() == "2026-12-01"  # Tuesday: weekends are closed
    kiosk.tap(first_day)
    kiosk.run_until(lambda: screen.step == "slot" and screen.ids.choices.children)
    first_slot = screen.ids.choices.children[-1]
    assert f"{first_slot.slot.start:%H:%M}" == "09:00"
    kiosk.tap(first_slot)
    kiosk.run_until(lambda: screen.step == "confirm")
    kiosk.pump(3)
    kiosk.tap(screen.ids.confirm)
    kiosk.run_until(lambda: screen.step == "booked")
    code = screen.ids.booked_code.text
    assert len(code) == 6 and code.isdigit()
    kiosk.pump(5)
    shot = kiosk.screenshot("appointment-booked-zh_CN-portrait")
    scanned = {c.data.decode() for c in pyzbar.decode(cv2.imread(str(shot), cv2.IMREAD_GRAYSCALE))}
    assert any(payload.endswith(code) for payload in scanned)

    # Tuesday, a few minutes before the window: the visitor checks in.
    kiosk.app.forget_visitor()
    clock["now"] = datetime(2026, 12, 1, 8, 50, tzinfo=ZONE)
    kiosk.pump(3)
    kiosk.tap(kiosk.widget("check_in", "home"))
    kiosk.settle("mask", timeout=60)
    kiosk.tap(kiosk.screen("mask").ids.mask_confirm)
    kiosk.tap(kiosk.screen("mask").ids.go_on)
    kiosk.settle("checkin")
    checkin = kiosk.screen("checkin")
    kiosk.type_digits(checkin.ids.pad, code)
    kiosk.tap(checkin.ids.submit)
    kiosk.settle("ticket")
    ticket = kiosk.app.visit.ticket
    assert ticket.priority == "appointment" and ticket.label.startswith("B")
    assert kiosk.screen("ticket").ids.number.text == ticket.label


def test_a_wrong_code_is_explained_and_nothing_is_issued(start_kiosk, health_clips, monkeypatch):
    kiosk = start_kiosk()
    monkeypatch.setattr(kiosk.app, "now", lambda: datetime(2026, 12, 1, 9, 0, tzinfo=ZONE))
    kiosk.app.go("checkin")
    kiosk.settle("checkin")
    checkin = kiosk.screen("checkin")
    kiosk.type_digits(checkin.ids.pad, "123456")
    kiosk.tap(checkin.ids.submit)
    kiosk.run_until(lambda: checkin.message)
    assert "没有找到这个预约码" in checkin.ids.message.text
    assert kiosk.app.root.current == "checkin" and checkin.code == ""


def test_check_in_by_showing_the_appointment_qr_to_the_camera(start_kiosk, tmp_path, monkeypatch):
    from kiosk.demo.phone_screen import clip_frames, sample_health_url, write_clip

    camera = tmp_path / "phone.avi"  # written once the appointment's code is known
    kiosk = start_kiosk(f"[camera]\nsource = {camera}\n")
    clock = {"now": datetime(2026, 11, 30, 9, 30, tzinfo=ZONE)}
    monkeypatch.setattr(kiosk.app, "now", lambda: clock["now"])
    window = datetime(2026, 12, 1, 9, 0, tzinfo=ZONE)
    booked = kiosk.app.workers.queue.run_now(
        lambda: kiosk.app.services.appointments.book("mediation", window, clock["now"]))
    # The visitor shows the health code, then the appointment QR saved on the phone.
    write_clip(camera, [*clip_frames(sample_health_url(), "green", frames=30, empty_frames=10),
                        *clip_frames(booked.qr_payload, "green", frames=40, seed=1)])

    clock["now"] = datetime(2026, 12, 1, 8, 45, tzinfo=ZONE)
    kiosk.tap(kiosk.widget("check_in", "home"))
    kiosk.settle("mask", timeout=60)
    kiosk.tap(kiosk.screen("mask").ids.mask_confirm)
    kiosk.tap(kiosk.screen("mask").ids.go_on)
    kiosk.settle("checkin")
    assert kiosk.screen("checkin").scanning
    kiosk.settle("ticket", timeout=60)
    ticket = kiosk.app.visit.ticket
    assert ticket.priority == "appointment" and ticket.label.startswith("F")
    assert not kiosk.screen("checkin").scanning, "the camera stops once the code is read"
