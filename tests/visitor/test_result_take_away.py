"""A calculator result's take-away QR follows the answers' rule: the whole result when its code still scans
from a phone, else the figure and the leading lines of the working, a line saying where the full working is,
and the citations; never a text cut off in the middle without a word."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from kiosk.calculators import severance
from kiosk.calculators.printout import result_printout, result_text
from kiosk.foundation.config import load_settings
from kiosk.foundation.i18n import translate
from kiosk.printing.answers import MAX_QR_BYTES
from kiosk.visitor.printouts import SCREEN_QR_PX, result_take_away, scans_on_screen

SETTINGS = load_settings()
NOW = datetime(2026, 12, 7, 10, 30)
LANGUAGES = ("zh_CN", "en")


@pytest.fixture
def result():
    return severance("2019-03-01", "2025-11-30", "8000", SETTINGS.calculators)


def long_working(result):
    """The same result with a working twelve times as long, as a many-step calculation has."""
    return replace(result, working=result.working * 12, checks=result.checks * 3)


def with_printer(kind: str):
    return replace(SETTINGS, printer=replace(SETTINGS.printer, kind=kind))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_result_that_scans_whole_is_carried_whole(result, language):
    side = 2 * SCREEN_QR_PX  # a code this large still scans with the whole working in it
    taken = result_take_away(result, SETTINGS, language, side)
    assert taken.whole and result_text(result, language) in taken.text
    assert scans_on_screen(taken.text, side)
    assert translate("calc_qr.full_on_screen", language) not in taken.text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("printer", ["none", "usb"])
def test_a_long_working_gives_key_points_citations_and_where_the_rest_is(result, language, printer):
    long = long_working(result)
    taken = result_take_away(long, with_printer(printer), language)
    assert not taken.whole and scans_on_screen(taken.text, SCREEN_QR_PX)
    where = translate("calc_qr.full_on_paper" if printer != "none" else "calc_qr.full_on_screen", language)
    assert where in taken.text
    assert long.headline(language) in taken.text, "the figure is the first key point"
    for cite in long.cites:
        assert cite.cited_article(language).citation(language) in taken.text
    # Cut between the working's lines, never inside one.
    kept = taken.text.split("\n")[1:taken.text.split("\n").index(where)]
    lines = result_text(long, language).split("\n")
    assert kept and kept == lines[:len(kept)] and len(kept) < len(lines)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_printouts_qr_says_the_full_working_is_printed_above(result, language):
    paper = result_printout(long_working(result), SETTINGS, language, NOW)
    assert len(paper.qr_text.encode("utf-8")) <= MAX_QR_BYTES
    assert translate("calc_qr.full_here", language) in paper.qr_text
    assert result.headline(language) in paper.qr_text
