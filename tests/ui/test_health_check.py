"""The health check in the real window, fed by generated videos through the real capture thread."""

import sqlite3

import pytest

from kiosk.staff.pin import hash_pin

pytestmark = pytest.mark.ui

PIN = "24681357"


def test_a_green_code_admits_after_the_mask_and_the_outcome_is_stored_without_the_code(start_kiosk, health_clips):
    kiosk = start_kiosk(f"[camera]\nsource = {health_clips['green']}\n")
    kiosk.tap(kiosk.widget("take_number"))
    kiosk.run_until(lambda: kiosk.screen("health_check").ids.camera.texture is not None)
    kiosk.screenshot("health-check-looking-zh_CN-portrait")
    kiosk.run_until(lambda: kiosk.screen("health_check").state == "result")
    assert kiosk.screen("health_check").decision.admitted
    assert kiosk.screen("health_check").ids.camera.texture is None, "the camera picture must be dropped"
    kiosk.settle("mask")
    mask = kiosk.screen("mask")
    assert mask.ids.go_on.disabled, "the mask must be confirmed first"
    kiosk.tap(mask.ids.mask_confirm)
    kiosk.tap(mask.ids.go_on)
    kiosk.settle("services")  # and the outcome recorded by the queue worker
    with sqlite3.connect(kiosk.app.runtime.queue_db_path) as db:
        rows = db.execute("SELECT kind, colour, decision, reason FROM health_check_outcomes").fetchall()
    assert rows == [("health_code_url", "green", "admit", "green")] or rows[0][:3] == ("health_code_url", "green",
                                                                                          "admit")
    assert b"qrCode" not in kiosk.app.runtime.queue_db_path.read_bytes()


def test_a_red_code_explains_kindly_calls_staff_and_staff_can_admit(start_kiosk, health_clips):
    kiosk = start_kiosk(f"[camera]\nsource = {health_clips['red']}\n[staff]\npin_hash = {hash_pin(PIN)}\n")
    kiosk.tap(kiosk.widget("take_number"))
    kiosk.run_until(lambda: kiosk.screen("health_check").state == "result")
    screen = kiosk.screen("health_check")
    assert not screen.decision.admitted and screen.decision.colour == "red"
    assert "工作人员" in screen.ids.result.text
    kiosk.settle("health_check")
    kiosk.screenshot("health-check-red-zh_CN-portrait")
    log = (kiosk.data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "staff called" in log and "qrCode" not in log

    kiosk.tap(screen.ids.staff_check)
    kiosk.settle("staff_pin")
    kiosk.type_digits(kiosk.screen("staff_pin").ids.pad, PIN)
    kiosk.tap(kiosk.screen("staff_pin").ids.ok)
    kiosk.settle("mask")
    assert kiosk.app.visit.health_decision.source == "staff"


def test_no_camera_offers_the_staff_check_and_the_remote_channels(start_kiosk):
    kiosk = start_kiosk()
    kiosk.tap(kiosk.widget("take_number"))
    kiosk.settle("health_check")
    screen = kiosk.screen("health_check")
    assert screen.state == "no_camera"
    assert "摄像头暂时无法使用" in screen.ids.instruction.text
    kiosk.screenshot("health-check-no-camera-zh_CN-portrait")
    kiosk.tap(screen.ids.remote)
    kiosk.settle("remote")


def test_nothing_shown_gives_a_hint(start_kiosk, tmp_path, monkeypatch):
    import cv2
    import numpy as np

    from kiosk.demo.phone_screen import write_clip
    from kiosk.ui.screens import health_check

    empty = write_clip(tmp_path / "empty.avi", [np.full((480, 640, 3), 100, np.uint8)] * 60)
    assert cv2.VideoCapture(str(empty)).isOpened()
    kiosk = start_kiosk(f"[camera]\nsource = {empty}\n")
    kiosk.screen("health_check")._hint.timeout = 0.5
    kiosk.tap(kiosk.widget("take_number"))
    kiosk.run_until(lambda: kiosk.screen("health_check").state in ("hint", "no_camera"))
    assert health_check.HINT_SECONDS > 0
