"""Asking to be contacted and rating the service, by finger, in both languages; the phone number is
found nowhere in plain text afterwards."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from ui_steps import open_services, overflowing, tile

pytestmark = pytest.mark.ui

MONDAY_MORNING = datetime(2026, 11, 30, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
PORTRAIT, LANDSCAPE = (1080, 1920), (1920, 1080)
PHONE = "13800138000"


@pytest.fixture
def kiosk(start_kiosk, monkeypatch, health_clips):
    def start(config_text=""):
        harness = start_kiosk(f"[camera]\nsource = {health_clips['green']}\n" + config_text)
        monkeypatch.setattr(harness.app, "now", lambda: MONDAY_MORNING)
        return harness

    return start


def on_queue(kiosk, work):
    return kiosk.app.workers.queue.run_now(lambda: work(kiosk.app.services))


def option(kiosk, screen: str, box: str, code: str):
    return next(t for t in kiosk.screen(screen).ids[box].children if t.choice.code == code)


def type_phone(kiosk, digits: str) -> None:
    pad = kiosk.widget("pad", "order_phone")
    kiosk.tap(next(key for key in pad.children if key.key == "clear"))
    kiosk.type_digits(pad, digits)


def nowhere_in_plain_text(kiosk, secret: str) -> None:
    """Not in any file of the data folder (stores, exports, logs beside them) nor the log folder."""
    folders = {kiosk.data_dir, kiosk.app.runtime.log_dir}
    files = [path for folder in folders for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]
    assert any(path.suffix == ".db" for path in files), "the stores are where the test looks"
    for path in files:
        assert secret.encode() not in path.read_bytes(), f"{secret} in plain text in {path}"


def fill_in(kiosk, kind: str | None, matter: str, urgency: str, phone: str) -> None:
    """From the consent screen through the tiles and the pad to the confirmation."""
    kiosk.settle("order_consent")
    kiosk.tap(kiosk.widget("agree", "order_consent"))
    kiosk.settle("order_matter")
    assert kiosk.widget("go_on", "order_matter").disabled, "no matter chosen yet"
    if kind:
        kiosk.tap(option(kiosk, "order_matter", "kinds", kind))
    kiosk.tap(option(kiosk, "order_matter", "matters", matter))
    kiosk.tap(option(kiosk, "order_matter", "urgencies", urgency))
    kiosk.tap(kiosk.widget("go_on", "order_matter"))
    kiosk.settle("order_phone")
    type_phone(kiosk, phone)
    kiosk.tap(kiosk.widget("submit", "order_phone"))
    kiosk.settle("order_done")


def test_a_full_day_offers_a_call_back_taken_by_taps_and_stored_encrypted(kiosk):
    kiosk = kiosk()
    on_queue(kiosk, lambda s: s.centre.set_service("notarisation", "test", MONDAY_MORNING, daily_capacity=0))
    open_services(kiosk)
    kiosk.tap(tile(kiosk, "notarisation"))
    kiosk.settle("refusal")
    call_back = next(b for b in kiosk.screen("refusal").ids.suggestions.children if b.suggestion == "callback")
    assert call_back.text == "请电话回访我"
    kiosk.tap(call_back)
    kiosk.settle("order_consent")
    assert "30天后自动删除" in kiosk.widget("notice", "order_consent").text
    kiosk.screenshot("workorder-consent-zh_CN-portrait")
    kiosk.tap(kiosk.widget("agree", "order_consent"))
    kiosk.settle("order_matter")
    assert option(kiosk, "order_matter", "kinds", "callback").state == "down", "the refusal chose the call-back"
    kiosk.tap(option(kiosk, "order_matter", "matters", "labour"))
    kiosk.tap(option(kiosk, "order_matter", "urgencies", "urgent"))
    kiosk.screenshot("workorder-matter-zh_CN-portrait")
    kiosk.tap(kiosk.widget("go_on", "order_matter"))
    kiosk.settle("order_phone")

    type_phone(kiosk, "12345")
    kiosk.tap(kiosk.widget("submit", "order_phone"))
    assert kiosk.widget("message", "order_phone").text == "请输入11位手机号码或带区号的固定电话。"
    assert on_queue(kiosk, lambda s: s.workorders.orders()) == []
    type_phone(kiosk, PHONE)
    assert kiosk.widget("phone", "order_phone").text == "138 0013 8000"
    kiosk.screenshot("workorder-phone-zh_CN-portrait")
    kiosk.tap(kiosk.widget("submit", "order_phone"))
    kiosk.settle("order_done")
    kiosk.screenshot("workorder-done-zh_CN-portrait")

    [order] = on_queue(kiosk, lambda s: s.workorders.orders())
    assert (order.kind, order.topic, order.urgency, order.channel) == ("callback", "labour", "urgent", "kiosk")
    assert order.phone_masked == "138****8000"
    assert kiosk.screen("order_phone").phone == "", "the pad let go of the number"
    summary = kiosk.widget("summary", "order_done").text
    assert "138****8000" in summary and "12348热线回电" in summary and "劳动工资" in summary
    assert "12月1日 周二 17:00前" in kiosk.widget("deadline", "order_done").text, "urgent: within one working day"
    kiosk.tap(kiosk.widget("finished", "order_done"))
    kiosk.settle("home")
    nowhere_in_plain_text(kiosk, PHONE)


def test_a_home_visit_asked_in_english_from_home_and_every_screen_fits(kiosk):
    kiosk = kiosk("[display]\nlanguage = en\n")
    kiosk.tap(kiosk.widget("contact", "home"))
    fill_in(kiosk, "home_visit", "family", "normal", "01012345678")
    [order] = on_queue(kiosk, lambda s: s.workorders.orders())
    assert (order.kind, order.topic, order.urgency) == ("home_visit", "family", "normal")
    summary = kiosk.widget("summary", "order_done").text
    assert "010****5678" in summary and "home visit" in summary and "marriage and family" in summary
    for language in ("en", "zh_CN"):
        kiosk.app.language = language
        for size, orientation in ((PORTRAIT, "portrait"), (LANDSCAPE, "landscape")):
            kiosk.resize(size)
            for large in (False, True):
                kiosk.app.large_text = large
                for screen in ("order_consent", "order_matter", "order_phone", "order_done"):
                    kiosk.show(screen)
                    kiosk.pump(3)
                    kiosk.screenshot(f"{screen}-{language}-{orientation}{'-large' if large else ''}")
                    problems = overflowing(kiosk.screen(), kiosk.window)
                    assert not problems, f"{screen} {language} {orientation} large={large}:\n" + "\n".join(problems)
    kiosk.resize(PORTRAIT)
    nowhere_in_plain_text(kiosk, "01012345678")


def fits(kiosk, screen: str, language: str) -> None:
    """``screen`` in both orientations with large text: screenshots to look at, and no label overflowing."""
    for size, orientation in ((LANDSCAPE, "landscape"), (PORTRAIT, "portrait")):
        kiosk.resize(size)
        kiosk.app.large_text = True
        kiosk.show(screen)
        kiosk.pump(3)
        kiosk.screenshot(f"{screen}-{language}-{orientation}-large")
        problems = overflowing(kiosk.screen(), kiosk.window)
        assert not problems, f"{screen} {language} {orientation}:\n" + "\n".join(problems)
    kiosk.app.large_text = False


def finished_ticket(kiosk) -> str:
    def finish(services):
        services.centre.set_counter("1", ("consultation",), True, "staff", MONDAY_MORNING)
        services.tickets.issue_ticket("consultation", None, MONDAY_MORNING)
        services.tickets.call_next("1", MONDAY_MORNING)
        return services.tickets.done("1", MONDAY_MORNING).label

    return on_queue(kiosk, finish)


def enter_ticket(kiosk, label: str) -> None:
    kiosk.settle("rating")
    letters = kiosk.screen("rating").ids.letters
    kiosk.run_until(lambda: len(letters.children) > 0, what="the ticket letters")
    kiosk.tap(next(t for t in letters.children if t.title == label[0]))
    kiosk.type_digits(kiosk.widget("pad", "rating"), label[1:])
    assert kiosk.widget("number", "rating").text == label
    kiosk.tap(kiosk.widget("go_on", "rating"))
    kiosk.settle("rating_level")


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_bad_rating_with_its_reason_is_stored_and_opens_a_rectification_order(kiosk, language):
    kiosk = kiosk(f"[display]\nlanguage = {language}\n")
    label = finished_ticket(kiosk)
    kiosk.tap(kiosk.widget("rate", "home"))
    enter_ticket(kiosk, label)
    level = kiosk.screen("rating_level")
    reasons = level.ids.reasons
    assert reasons.opacity == 0, "reasons only for the two lowest levels"
    bad = option(kiosk, "rating_level", "levels", "2")
    assert bad.text.endswith("★★☆☆☆  " + ("不满意" if language == "zh_CN" else "dissatisfied"))
    kiosk.tap(bad)
    kiosk.run_until(lambda: reasons.opacity == 1, what="the reason tiles")
    kiosk.tap(option(kiosk, "rating_level", "reasons", "long_wait"))
    kiosk.screenshot(f"rating-level-{language}-portrait")
    fits(kiosk, "rating_level", language)
    kiosk.tap(level.ids.submit)
    kiosk.run_until(lambda: level.thanked, what="the thanks")
    kiosk.settle("rating_level")
    kiosk.screenshot(f"rating-thanks-{language}-portrait")
    [rating] = on_queue(kiosk, lambda s: s.workorders.ratings())
    assert (rating.ticket_label, rating.level, rating.reasons) == (label, 2, ("long_wait",))
    [order] = on_queue(kiosk, lambda s: s.workorders.orders())
    assert order.kind == "rectification" and order.key == rating.order_key

    kiosk.tap(level.ids.submit)  # done
    kiosk.settle("home")
    kiosk.tap(kiosk.widget("rate", "home"))
    enter_ticket(kiosk, label)
    kiosk.tap(option(kiosk, "rating_level", "levels", "5"))
    kiosk.tap(kiosk.screen("rating_level").ids.submit)
    already = "这张号票已经评价过了，谢谢！" if language == "zh_CN" else "has already been rated"
    kiosk.run_until(lambda: already in kiosk.widget("message", "rating_level").text, what="once per ticket")


@pytest.mark.slow
def test_on_a_postgresql_centre_a_call_back_and_a_bad_rating_are_taken_by_taps(kiosk, pg_cluster, capsys):
    """The same taps on a kiosk whose store is the centre's PostgreSQL server; the shell reads what they made."""
    from kiosk.admin import main

    kiosk = kiosk(f"[database]\nurl = {pg_cluster.create_database()}\n")
    assert kiosk.app.runtime.uses_server
    kiosk.tap(kiosk.widget("contact", "home"))
    fill_in(kiosk, "callback", "labour", "normal", PHONE)
    kiosk.tap(kiosk.widget("finished", "order_done"))
    kiosk.settle("home")
    label = finished_ticket(kiosk)
    kiosk.tap(kiosk.widget("rate", "home"))
    enter_ticket(kiosk, label)
    level = kiosk.screen("rating_level")
    kiosk.tap(option(kiosk, "rating_level", "levels", "1"))
    kiosk.run_until(lambda: level.ids.reasons.opacity == 1, what="the reason tiles")
    kiosk.tap(option(kiosk, "rating_level", "reasons", "long_wait"))
    kiosk.tap(level.ids.submit)
    kiosk.run_until(lambda: level.thanked, what="the thanks")

    config = ["--config", str(kiosk.data_dir.parent / "config.ini"), "--data-dir", str(kiosk.data_dir)]
    capsys.readouterr()
    assert main(["workorder", "list", "--json", *config]) == 0
    orders = json.loads(capsys.readouterr().out)["orders"]
    assert sorted((o["kind"], o["phone"]) for o in orders) == [("callback", "138****8000"),
                                                                ("rectification", None)]
    assert main(["rating", "list", "--json", *config]) == 0
    [rating] = json.loads(capsys.readouterr().out)["ratings"]
    assert (rating["ticket"], rating["level"]) == (label, 1)
    nowhere_in_plain_text(kiosk, PHONE)


def test_the_ticket_screen_leads_to_the_rating_of_that_ticket(kiosk):
    kiosk = kiosk()
    open_services(kiosk)
    kiosk.tap(tile(kiosk, "mediation"))
    kiosk.settle("priority")
    kiosk.tap(kiosk.screen("priority").ids.ordinary)
    kiosk.settle("ticket")
    label = kiosk.widget("number", "ticket").text
    kiosk.tap(kiosk.widget("rate", "ticket"))
    kiosk.settle("rating")
    assert kiosk.widget("number", "rating").text == label
    for language in ("zh_CN", "en"):
        kiosk.app.language = language
        fits(kiosk, "rating", language)
    kiosk.app.language = "zh_CN"
    kiosk.tap(kiosk.widget("go_on", "rating"))
    kiosk.settle("rating_level")
    kiosk.tap(option(kiosk, "rating_level", "levels", "4"))
    kiosk.tap(kiosk.screen("rating_level").ids.submit)
    expected = "业务办结后才能评价。"
    kiosk.run_until(lambda: kiosk.widget("message", "rating_level").text == expected, what="not done yet")


def test_the_rating_screen_offers_the_camera_for_the_tickets_qr(kiosk):
    kiosk = kiosk()  # the camera sees a health code, never a ticket: it keeps looking
    kiosk.tap(kiosk.widget("rate", "home"))
    kiosk.settle("rating")
    kiosk.run_until(lambda: kiosk.screen("rating").scanning, what="the camera looking for the ticket's QR")
    for language in ("zh_CN", "en"):
        kiosk.app.language = language
        fits(kiosk, "rating", language)
    assert kiosk.widget("scan_hint", "rating").text == "Or show the QR code on your ticket to the camera"
    assert kiosk.screen("rating").scanning


def test_the_ticket_qr_shown_to_the_camera_names_the_ticket_rated(start_kiosk, tmp_path, monkeypatch):
    from kiosk.demo.phone_screen import clip_frames, write_clip
    from kiosk.visitor.printouts import signed_qr

    camera = tmp_path / "ticket.avi"  # written once the ticket's QR is known
    kiosk = start_kiosk(f"[camera]\nsource = {camera}\n")
    monkeypatch.setattr(kiosk.app, "now", lambda: MONDAY_MORNING)
    label = finished_ticket(kiosk)
    code = on_queue(kiosk, lambda s: signed_qr(s.signer, s.tickets.ticket(label, MONDAY_MORNING)))
    write_clip(camera, clip_frames(code, "green", frames=40))
    kiosk.tap(kiosk.widget("rate", "home"))
    kiosk.settle("rating_level", timeout=60)  # no typing: the camera read the ticket
    level = kiosk.screen("rating_level")
    assert (level.ticket_label, level.ticket_code) == (label, code)
    assert not kiosk.screen("rating").scanning, "the camera stops once the code is read"
    kiosk.tap(option(kiosk, "rating_level", "levels", "5"))
    kiosk.tap(level.ids.submit)
    kiosk.run_until(lambda: level.thanked, what="the thanks")
    [rating] = on_queue(kiosk, lambda s: s.workorders.ratings())
    assert (rating.ticket_label, rating.level) == (label, 5)
