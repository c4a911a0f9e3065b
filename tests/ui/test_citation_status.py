"""An answer resting on a superseded text, on the real screens: each citation names law, article and
version; the old version says 已修改 with its law's note, on the answer and article screens and in the
QR that scans off the screen; in Chinese and English, portrait and landscape."""

from __future__ import annotations

import pytest
from ui_steps import into_view

from tests.ui.conftest import LANDSCAPE, PORTRAIT
from tests.ui.test_english_legal import look, scanned_text

pytestmark = pytest.mark.ui

EXPECTED = {  # the citation of 仲裁法 第五十九条 (2017) and its status, as each language words them
    "zh_CN": ("《仲裁法》第五十九条（2017-09-01 版）", "已修改：已被2025年9月12日修订的文本取代",
              "（2017-09-01 版，已修改）"),
    "en": ("Arbitration Law, Article 59 (2017)",
           "Amended (a newer version is in force): Replaced by the revision adopted on 2025-09-12",
           " (2017, amended)"),
}


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_superseded_citation_shows_its_version_status_and_note(start_kiosk, language, size):
    kiosk = start_kiosk(f"[display]\nlanguage = {language}\n", size=size)
    from kiosk.ui.screens.legal import open_answer

    kiosk.run_until(lambda: kiosk.app.library is not None, timeout=60)
    open_answer("arb-award-final")
    kiosk.settle("answer")
    screen = kiosk.screen("answer")
    title, detail, in_qr = EXPECTED[language]
    tiles = list(reversed(screen.ids.cites.children))
    superseded = next(tile for tile in tiles if tile.cite.article == 59)
    assert superseded.title == title and superseded.detail.startswith(detail)
    # the full date in Chinese, the year in English
    assert all((tile.cite.version[:4] if language == "en" else tile.cite.version) in tile.title for tile in tiles)
    note = superseded.cite.note_en if language == "en" else superseded.cite.note
    assert "2026" in note and note in superseded.detail
    assert in_qr in screen.take_away and note in screen.take_away

    orientation = "portrait" if size == PORTRAIT else "landscape"
    shot = look(kiosk, f"citation-status-answer-{language}-{orientation}")
    if size == PORTRAIT:  # upright, the QR is a short scroll down, as the visitor scrolls to it
        into_view(kiosk, screen.ids.qr, "the take-away QR")
        shot = look(kiosk, f"citation-status-answer-{language}-{orientation}-qr")
        assert screen.take_away in scanned_text(shot), "the answer's QR does not scan off the screen"
    from kivy.uix.scrollview import ScrollView

    next(widget for widget in screen.walk() if isinstance(widget, ScrollView)).scroll_y = 0  # down to the basis
    look(kiosk, f"citation-status-answer-{language}-{orientation}-basis")

    screen.open_article(superseded)  # what a tap does; the tile may sit below the fold
    kiosk.settle("article")
    article = kiosk.screen("article")
    assert article.ids.note.text == note
    look(kiosk, f"citation-status-article-{language}-{orientation}")
