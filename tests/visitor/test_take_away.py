"""What an answer's and a guide's take-away QR carries: the whole text when its code still scans on the
kiosk's screen, else the key points with the citations and a line saying where the full text is.

Each code is drawn as the screen draws it (one module to whole pixels, at the on-screen size, slightly
blurred as a phone's camera sees it) and read back with the kiosk's own decoder.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import cv2
import numpy as np
import pytest

from kiosk.foundation.config import load_settings
from kiosk.foundation.i18n import localised, translate
from kiosk.foundation.qr_matrix import qr_modules, qr_side, qr_version
from kiosk.health.decoder import decode_frame
from kiosk.legal.library import LegalLibrary
from kiosk.printing.answers import MAX_QR_BYTES
from kiosk.visitor.printouts import (
    MIN_MODULE_PX,
    SCREEN_QR_PX,
    answer_printout,
    answer_take_away,
    guide_take_away,
    printer_fitted,
    scans_on_screen,
)

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
LANGUAGES = ("zh_CN", "en")


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> LegalLibrary:
    opened = LegalLibrary(tmp_path_factory.mktemp("kb") / "legal.db", lambda: NOW)
    opened.prepare()
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def answers(library):
    return [library.answer(summary.id) for topic in library.topics(hot_per_topic=1)
            for summary in library.hot_questions(topic.code, limit=100)]


def with_printer(settings, kind: str):
    return replace(settings, printer=replace(settings.printer, kind=kind))


def on_screen(text: str, side_px: float = SCREEN_QR_PX) -> np.ndarray:
    """``text``'s code as the screen shows it: modules scaled to ``side_px`` without smoothing, as a
    phone's camera sees it (a little blur)."""
    modules = np.array(qr_modules(text), dtype=np.uint8)
    side = int(side_px)
    picture = cv2.resize(np.where(modules, 0, 255).astype(np.uint8), (side, side), interpolation=cv2.INTER_NEAREST)
    framed = cv2.copyMakeBorder(picture, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255)
    return cv2.GaussianBlur(framed, (3, 3), 0.8)


def read_back(text: str, side_px: float = SCREEN_QR_PX) -> list[str]:
    return [found.text for found in decode_frame(on_screen(text, side_px), fallback=True)]


def test_a_code_scans_when_its_modules_are_large_enough_on_screen():
    text = "法" * 300  # version 24 at the kiosk's error correction
    version = qr_version(text)
    assert version is not None and qr_side(version) * MIN_MODULE_PX <= SCREEN_QR_PX
    assert scans_on_screen(text, SCREEN_QR_PX) and read_back(text) == [text]
    assert not scans_on_screen(text, SCREEN_QR_PX / 2), "half the size: modules too small for a phone"
    assert not scans_on_screen("法" * 1200, 4000), "beyond version 40 no size holds it"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_answers_take_away_is_whole_or_says_where_the_full_text_is_and_scans(answers, language):
    settings = with_printer(load_settings(None), "network")
    line = translate("next.qr_full_on_paper", language)
    cut = 0
    for answer in answers:
        taken = answer_take_away(answer, settings, language)
        text = localised(answer, "answer", language)
        assert taken.text.startswith(localised(answer, "question", language))
        for cite in answer.cites:  # the citations are never left out
            assert cite.article_label(language) in taken.text, (answer.id, language)
        if taken.whole:
            assert text in taken.text and line not in taken.text
        else:
            cut += 1
            assert line in taken.text and text not in taken.text, (answer.id, language)
            points = taken.text.split("\n")[1]
            assert text.startswith(points.strip()) and points.rstrip()[-1] in "。！？；.!?;", (
                "the key points end at a sentence's end", answer.id, points)
        assert scans_on_screen(taken.text, SCREEN_QR_PX)
    assert cut < len(answers) / 4, "most answers go whole"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_answer_is_cut_to_key_points_that_a_phone_still_reads(answers, language):
    longest = max(answers, key=lambda answer: len(localised(answer, "answer", language).encode("utf-8")))
    twice = replace(longest, answer=longest.answer * 2, answer_en=f"{longest.answer_en} {longest.answer_en}")
    shortest = min(answers, key=lambda answer: len(localised(answer, "answer", language).encode("utf-8")))
    settings = load_settings(None)  # no printer: the full text is on the screen
    assert not printer_fitted(settings)

    long_one, short_one = answer_take_away(twice, settings, language), answer_take_away(shortest, settings, language)

    assert not long_one.whole and translate("next.qr_full_on_screen", language) in long_one.text
    assert short_one.whole
    assert read_back(long_one.text) == [long_one.text]
    assert read_back(short_one.text) == [short_one.text]


def test_the_paper_qr_of_a_long_answer_says_the_full_text_is_on_that_paper(answers):
    longest = max(answers, key=lambda answer: len(answer.answer.encode("utf-8")))
    paper = answer_printout(longest, load_settings(None), "zh_CN", NOW)
    assert len(paper.qr_text.encode("utf-8")) <= MAX_QR_BYTES
    assert translate("next.qr_full_here", "zh_CN") in paper.qr_text and paper.answer == longest.answer


def test_a_centre_address_is_carried_whole(answers):
    settings = load_settings(None)
    settings = replace(settings, tickets=replace(settings.tickets, answer_url="https://example.gov.cn/faq/{id}"))
    taken = answer_take_away(answers[0], settings, "en")
    assert taken.whole and taken.text == f"https://example.gov.cn/faq/{answers[0].id}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_guide_goes_away_in_a_code_that_scans(library, language):
    for guide in library.guides():
        taken = guide_take_away(guide, language)
        assert taken.text.startswith(localised(guide, "name", language))
        assert localised(guide, "materials", language)[0] in taken.text, "what to bring comes first"
        assert taken.whole or translate("next.qr_guide_on_screen", language) in taken.text
        assert scans_on_screen(taken.text, SCREEN_QR_PX)
    assert read_back(taken.text) == [taken.text]
