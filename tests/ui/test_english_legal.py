"""The legal content in English on the real screens: topics, answers, articles, guides, channels, the
pinyin pad, the self-check, the services' and the ticket's materials, and the English print-outs.

Every screen is also shot in both orientations with and without large text, and checked that no
text runs past its box or off the screen.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import cv2
import pytest
from pyzbar import pyzbar
from ui_steps import into_view, overflowing

from kiosk.visitor import legal

pytestmark = pytest.mark.ui

ZONE = ZoneInfo("Asia/Shanghai")
MONDAY_MORNING = datetime(2026, 11, 30, 9, 30, tzinfo=ZONE)
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
BRACKETED = re.compile(r"\([^()]*\)")


def english(text: str) -> bool:
    """Non-empty, and Chinese only in brackets (a law's title kept for the counter)."""
    return bool(text.strip()) and not CJK.search(BRACKETED.sub("", text))


def look(kiosk, name: str) -> Path:
    """Screenshot the current screen and check nothing runs off it."""
    kiosk.pump(3)
    shot = kiosk.screenshot(name)
    problems = overflowing(kiosk.screen(), kiosk.window)
    assert not problems, f"{name}:\n" + "\n".join(problems)
    return shot


def scanned_text(path: Path) -> list[str]:
    texts = []
    for code in pyzbar.decode(cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)):
        try:
            text = code.data.decode("utf-8")
        except UnicodeDecodeError:  # zbar may guess Shift-JIS for UTF-8; undo that guess
            text = code.data.decode("shift_jis").encode("shift_jis").decode("utf-8")
        texts.append(text)
    return texts


def switch_to_english(kiosk) -> None:
    kiosk.tap(kiosk.widget("language_switch", "home"))
    assert kiosk.app.language == "en"


def test_legal_lookup_in_english_by_finger_and_a_switch_while_an_answer_is_open(start_kiosk):
    kiosk = start_kiosk()
    switch_to_english(kiosk)
    kiosk.tap(kiosk.widget("legal"))
    kiosk.settle("legal")  # with a tile for every topic that holds answers
    topics = kiosk.app.act(legal.topics, 8).result()
    assert len(kiosk.screen("legal").ids.tiles.children) == len(topics)
    tiles = kiosk.screen("legal").ids.tiles.children
    labour = next(t for t in tiles if t.topic.code == "labour")
    assert labour.title == "Work and wages"
    assert all(english(tile.title) and english(tile.detail) for tile in tiles)
    look(kiosk, "english-legal-portrait")
    kiosk.tap(labour)
    kiosk.run_until(lambda: len(kiosk.screen("topic").ids.tiles.children) >= 5)
    kiosk.settle("topic")
    questions = kiosk.screen("topic").ids.tiles.children
    assert all(english(tile.title) for tile in questions)
    look(kiosk, "english-topic-portrait")
    question = questions[-1]
    kiosk.tap(question)
    kiosk.settle("answer")
    screen = kiosk.screen("answer")
    answer = screen.answer
    assert screen.ids.question.text == question.title == answer.question_en
    assert answer.answer_en in screen.ids.body.text and english(screen.ids.body.text)
    cites = list(reversed(screen.ids.cites.children))
    assert cites[0].title == "Labour Contract Law, Article 30 (2012)"
    assert all(english(tile.title) and english(tile.detail) and "In force" in tile.detail for tile in cites)
    shot = look(kiosk, "english-answer-portrait")
    assert any(text.startswith(answer.question_en) and "Article 30" in text for text in scanned_text(shot)), \
        "the English answer's QR does not scan off the screen"

    kiosk.app.language = "zh_CN"  # the visitor switches while reading
    kiosk.pump(3)
    assert screen.ids.question.text == answer.question and answer.answer in screen.ids.body.text
    assert cites[0].title == "《劳动合同法》第三十条（2012-12-28 版）" and screen.take_away.startswith(answer.question)
    kiosk.app.language = "en"
    kiosk.pump(3)
    assert screen.ids.question.text == answer.question_en and screen.take_away.startswith(answer.question_en)

    kiosk.tap(into_view(kiosk, cites[0], "the first citation"))
    kiosk.settle("article")
    article = kiosk.screen("article")
    assert article.ids.law.text == "Labour Contract Law of the People's Republic of China"
    assert article.ids.status.text.startswith("Status: In force")
    look(kiosk, "english-article-portrait")


def test_an_answer_printed_in_english_is_in_english(start_kiosk, printing_helpers):
    helpers = printing_helpers
    printer = helpers.StandInPrinter()
    try:
        kiosk = start_kiosk(f"[display]\nlanguage = en\n[printer]\nkind = network\nhost = 127.0.0.1\n"
                            f"port = {printer.port}\n")
        from kiosk.ui.screens.legal import open_answer

        kiosk.run_until(lambda: kiosk.app.library is not None, timeout=60)
        open_answer("deposit-wedding-cancel")
        kiosk.settle("answer")
        screen = kiosk.screen("answer")
        kiosk.tap(screen.ids.print_answer)
        kiosk.run_until(lambda: screen.print_text == kiosk.app.t("legal.printed", "en"))
        printed = helpers.read_escpos(bytes(printer.received))
        text = " ".join(line.strip() for line in printed.lines)
        assert screen.answer.answer_en in text and printed.cut
        assert "Civil Code, Article 180 (2020)" in text
        assert not CJK.search(BRACKETED.sub("", text.replace("《", "").replace("》", "").replace("（", "(")
                                            .replace("）", ")")))
        assert printed.qr_payloads and printed.qr_payloads[0].startswith(screen.answer.question_en)
    finally:
        printer.close()


def test_guides_channels_and_the_self_check_in_english(start_kiosk):
    kiosk = start_kiosk()
    switch_to_english(kiosk)
    kiosk.tap(kiosk.widget("guides"))
    kiosk.run_until(lambda: len(kiosk.screen("guides").ids.tiles.children) == 6, timeout=60)
    kiosk.settle("guides")
    tiles = kiosk.screen("guides").ids.tiles.children
    assert all(english(tile.title) and english(tile.detail) for tile in tiles)
    look(kiosk, "english-guides-portrait")
    tile = next(t for t in tiles if t.guide.service == "legal_aid")
    assert tile.title == "Legal aid application"
    kiosk.tap(tile)
    kiosk.settle("guide")
    body = kiosk.screen("guide").ids.body.text
    assert "What to bring" in body and english(body)
    for number, item in enumerate(tile.guide.materials_en, 1):
        assert f"{number}. {item}" in body
    look(kiosk, "english-guide-portrait")
    kiosk.app.language = "zh_CN"
    kiosk.pump(2)
    assert tile.guide.materials[0] in kiosk.screen("guide").ids.body.text
    kiosk.app.language = "en"

    kiosk.app.go("remote")
    kiosk.run_until(lambda: len(kiosk.screen("remote").ids.cards.children) == 3, timeout=60)
    kiosk.settle("remote")
    for card in kiosk.screen("remote").ids.cards.children:
        words = [label.text for label in card.walk() if hasattr(label, "texture_size") and getattr(label, "text", "")]
        assert words and all(english(text) for text in words), words
    shot = look(kiosk, "english-remote-portrait")
    assert "tel:12348" in scanned_text(shot)

    kiosk.app.go("legal_aid_check")
    kiosk.settle("legal_aid_check")
    screen = kiosk.screen("legal_aid_check")
    for option in ("none", "wages", "migrant_worker"):
        kiosk.tap(next(b for b in screen.ids.options.children if b.option == option))
    kiosk.run_until(lambda: "ID card" in screen.ids.materials.text, timeout=60)
    assert english(screen.ids.materials.text)
    look(kiosk, "english-legal-aid-check-portrait")
    kiosk.app.language = "zh_CN"
    kiosk.pump(2)
    assert "身份证" in screen.ids.materials.text


def test_the_pinyin_pad_spells_english_words_in_english(start_kiosk):
    kiosk = start_kiosk("[display]\nlanguage = en\n")
    kiosk.app.go("pinyin")
    kiosk.settle("pinyin")
    screen = kiosk.screen("pinyin")
    keys = {key.key: key for key in screen.ids.pad.children}
    for letter in "wag":  # completions and results while the word is still being spelt
        kiosk.tap(keys[letter])
    kiosk.run_until(lambda: screen.code == "wag" and screen.candidates[:2] == ["wage", "wages"] and any(
        tile.result.ref == "labour-unpaid-wages" for tile in screen.ids.results.children), timeout=60)
    assert all(english(tile.title) and english(tile.detail) for tile in screen.ids.results.children)
    look(kiosk, "english-pinyin-portrait")
    kiosk.tap(screen.ids.candidates.children[-2])  # "wages"
    kiosk.run_until(lambda: screen.chosen == "wages")
    kiosk.tap(keys["clear"])
    for letter in "ldht":  # pinyin initials still work for a visitor who knows them
        kiosk.tap(keys[letter])
    kiosk.run_until(lambda: screen.candidates and screen.candidates[0] == "劳动合同" and screen.ids.results.children,
                    timeout=60)
    assert all(english(tile.title) for tile in screen.ids.results.children)


def test_the_services_and_the_ticket_list_the_materials_in_english(start_kiosk, health_clips, monkeypatch,
                                                                   printing_helpers):
    helpers = printing_helpers
    printer = helpers.StandInPrinter()
    try:
        kiosk = start_kiosk(f"[display]\nlanguage = en\n[camera]\nsource = {health_clips['green']}\n"
                            f"[printer]\nkind = network\nhost = 127.0.0.1\nport = {printer.port}\n")
        monkeypatch.setattr(kiosk.app, "now", lambda: MONDAY_MORNING)
        kiosk.pass_health_check()
        services = kiosk.screen("services")
        kiosk.run_until(lambda: len(services.ids.tiles.children) == 6 and all(
            "Bring" in tile.detail for tile in services.ids.tiles.children), timeout=60)
        tile = next(t for t in services.ids.tiles.children if t.overview.service.code == "legal_aid")
        assert "Bring (4): The applicant's ID card; The legal aid application form;" in tile.detail
        assert all(english(t.detail) for t in services.ids.tiles.children)
        look(kiosk, "english-services-portrait")
        kiosk.tap(tile)
        kiosk.settle("priority")
        kiosk.tap(kiosk.screen("priority").ids.ordinary)
        kiosk.settle("ticket")
        ticket = kiosk.screen("ticket")
        kiosk.run_until(lambda: ticket.print_text == kiosk.app.t("ticket.printed", "en"))
        assert ticket.materials_text.startswith("1. The applicant's ID card") and english(ticket.materials_text)
        printed = helpers.read_escpos(bytes(printer.received))
        text = " ".join(line.strip() for line in printed.lines)
        assert "Please have ready:" in text and "1. The applicant's ID card" in text
        assert "Legal aid application" in text and not CJK.search(text)
        look(kiosk, "english-ticket-portrait")
        kiosk.app.language = "zh_CN"
        kiosk.pump(2)
        assert ticket.materials_text.startswith("1．申请人身份证")
    finally:
        printer.close()


def prepare(kiosk):
    """Give the screens that show one thing (an answer, a guide, a ticket) something to show."""
    from kiosk.queue.model import DEFAULT_SERVICES

    app = kiosk.app
    placed = app.workers.queue.run_now(lambda: app.services.tickets.issue_ticket("legal_aid", None, MONDAY_MORNING))
    service = next(s for s in DEFAULT_SERVICES if s.code == "legal_aid")
    app.visit.service, app.visit.ticket, app.visit.ahead = service, placed.ticket, 2
    topics = app.act(legal.topics, 8).result()
    app.visit.topic = topics[0]
    # The longest answer, and a guide with many materials: the hardest to fit.
    answer = app.act(legal.answer, "tenancy-rent-relief-epidemic").result()
    app.visit.answer = answer
    app.visit.article = answer.cites[0]
    app.visit.guide = app.act(legal.guide, "notarisation").result()


def fill(kiosk, name: str) -> None:
    """What a visitor would have entered on the screens that start empty."""
    screen = kiosk.screen(name)
    if name == "pinyin":
        screen.code = "deposit"
        kiosk.run_until(lambda: screen.ids.results.children)
    elif name == "legal_aid_check":
        screen.answers = {"special": "none", "matter": "wages", "group": "migrant_worker"}
        screen.show()
        kiosk.run_until(lambda: screen.materials_text)


# English in each orientation at each text size. CI's pairwise screen tours already show every one of these
# screens in English landscape and in English portrait with large text (test_tour.py), so CI runs the other
# two here; KIOSK_FULL_TOUR=1 runs all four.
ALL_ENGLISH_VIEWS = [("portrait", (1080, 1920), False), ("portrait", (1080, 1920), True),
                     ("landscape", (1920, 1080), False), ("landscape", (1920, 1080), True)]
ENGLISH_VIEWS = (ALL_ENGLISH_VIEWS if os.environ.get("KIOSK_FULL_TOUR") == "1"
                 else [ALL_ENGLISH_VIEWS[0], ALL_ENGLISH_VIEWS[3]])


@pytest.mark.slow
def test_every_english_legal_screen_fits_both_orientations_and_large_text(start_kiosk, monkeypatch):
    kiosk = start_kiosk("[display]\nlanguage = en\nidle_timeout = 3600\n")
    monkeypatch.setattr(kiosk.app, "now", lambda: MONDAY_MORNING)
    kiosk.run_until(lambda: kiosk.app.library is not None, timeout=90)
    prepare(kiosk)
    names = ("legal", "topic", "answer", "article", "guides", "guide", "remote", "pinyin", "legal_aid_check",
             "services", "ticket")
    for orientation, size, large in ENGLISH_VIEWS:
        kiosk.resize(size)
        kiosk.app.large_text = large
        for name in names:
            kiosk.app.root.current = name
            kiosk.settle(name)
            fill(kiosk, name)
            look(kiosk, f"english-{name}-{orientation}{'-large' if large else ''}")
