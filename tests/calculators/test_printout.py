"""A result printed like an answer, and its QR text, in both languages."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.calculators import deadline, severance
from kiosk.calculators.printout import result_printout, result_qr_text, result_text
from kiosk.foundation.config import load_settings
from kiosk.foundation.i18n import translate
from kiosk.printing import answer_bytes
from kiosk.printing.answers import MAX_QR_BYTES
from kiosk.printing.layout import Line, Qr, answer_layout

SETTINGS = load_settings()
NOW = datetime(2026, 12, 7, 10, 30)


@pytest.fixture
def result():
    return severance("2019-03-01", "2025-11-30", "8000", SETTINGS.calculators)


def printed(printout, joiner: str = "") -> str:
    """The printed text with wrapped lines joined again (Chinese wraps anywhere, English at spaces)."""
    return joiner.join(block.text.strip() for block in answer_layout(printout, 48) if isinstance(block, Line))


def test_the_printout_carries_figure_working_figures_and_citations(result):
    lines = printed(result_printout(result, SETTINGS, "zh_CN", NOW))
    for expected in ("经济补偿：工作期间 2019-03-01 至 2025-11-30", "56,000.00 元", "计算过程", "7 个月工资",
                     "本市上年度职工月平均工资（元）：10000（2026-05-20 公布）",
                     "《劳动合同法》第四十七条（2012-12-28 版）", "请核对"):
        assert expected.replace(" ", "") in lines.replace(" ", ""), expected


def test_the_english_printout(result):
    printout = result_printout(result, SETTINGS, "en", NOW)
    lines = printed(printout, " ")
    assert "Severance compensation: Worked 2019-03-01 to 2025-11-30" in lines
    assert "Labour Contract Law, Article 47 (2012)" in lines
    assert printout.centre_name == SETTINGS.centre.name_en


def test_it_prints_through_the_ticket_printer_bytes(result):
    data = answer_bytes(result_printout(result, SETTINGS, "zh_CN", NOW))
    assert "56,000.00".encode("gb18030") in data


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_qr_text_fits_and_keeps_the_figure(result, language):
    text, _whole = result_qr_text(result, language, lambda text: len(text.encode("utf-8")) <= MAX_QR_BYTES,
                                  translate("calc_qr.full_here", language))
    assert len(text.encode("utf-8")) <= MAX_QR_BYTES
    assert result.headline(language) in text
    blocks = answer_layout(result_printout(result, SETTINGS, language, NOW), 48)
    assert [block.data for block in blocks if isinstance(block, Qr)] == [text]


def test_a_superseded_deadline_prints_its_version_note():
    result = deadline("award-set-aside", "2026-11-23", "2026-12-07")
    assert "期限请向有关机构确认" in result_text(result, "zh_CN")
    lines = printed(result_printout(result, SETTINGS, "zh_CN", NOW))
    assert "《仲裁法》第五十九条（2017-09-01版，已修改）" in lines.replace(" ", "") and "2026年3月1日起施行" in lines
