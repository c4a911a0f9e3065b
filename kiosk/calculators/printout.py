"""A calculator's result on paper and in a QR, laid out like an answer (:func:`kiosk.printing.layout.answer_layout`).

The "question" is what was calculated from what; the "answer" the figure, the working, the local figures with
their dates, the assumptions and what to check. The QR carries the same text by the answers' rule
(:func:`kiosk.printing.fitted_qr_text`): whole when it fits, else the leading lines, a line saying where the
full working is, and the citations.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from kiosk.calculators.model import Result
from kiosk.foundation.config import Settings
from kiosk.foundation.i18n import localised, translate
from kiosk.printing import AnswerPrintout, CitedArticle, fitted_qr_text
from kiosk.printing.answers import MAX_QR_BYTES

HEADINGS = {
    "zh_CN": {"working": "计算过程", "figures": "所用本地数据", "assumptions": "假设", "checks": "请核对"},
    "en": {"working": "Working", "figures": "Local figures used", "assumptions": "Assumptions",
           "checks": "Please check"},
}


def result_question(result: Result, language: str) -> str:
    """``经济补偿：工作期间 2019-03-01 至 2025-11-30，月工资 8,000.00 元``."""
    inputs = ("; " if language == "en" else "；").join(item.get(language) for item in result.inputs)
    return f"{result.title.get(language)}{': ' if language == 'en' else '：'}{inputs}"


def result_text(result: Result, language: str) -> str:
    """The figure, then each part on its own lines."""
    words = HEADINGS["en" if language == "en" else "zh_CN"]
    parts = [result.headline(language), *(text.get(language) for text in result.findings)]
    sections = (("working", [t.get(language) for t in result.working]),
                ("figures", [f.describe(language) for f in result.figures]),
                ("assumptions", [t.get(language) for t in result.assumptions]),
                ("checks", [t.get(language) for t in result.checks]))
    for key, lines in sections:
        if lines:
            colon = ":" if language == "en" else "："
            parts.append(f"{words[key]}{colon}\n" + "\n".join(f"- {line}" for line in lines))
    return "\n".join(parts)


def _articles(result: Result, language: str) -> tuple[CitedArticle, ...]:
    return tuple(cite.cited_article(language) for cite in result.cites)


def result_qr_text(result: Result, language: str, fits: Callable[[str], bool],
                   full_text_line: str) -> tuple[str, bool]:
    """What the result's QR carries, readable on a phone with no network, and whether it is the whole result:
    the whole calculation when that passes ``fits``, else its leading lines, ``full_text_line`` and the citations."""
    return fitted_qr_text(result_question(result, language), result_text(result, language),
                          _articles(result, language), fits, full_text_line, language)


def result_printout(result: Result, settings: Settings, language: str, now: datetime) -> AnswerPrintout:
    """The result as an answer print-out, which the ticket printer already knows how to print."""
    return AnswerPrintout(
        centre_name=localised(settings.centre, "name", language),
        question=result_question(result, language),
        answer=result_text(result, language),
        qr_text=result_qr_text(result, language, lambda text: len(text.encode("utf-8")) <= MAX_QR_BYTES,
                               translate("calc_qr.full_here", language))[0],
        printed_at=now,
        articles=_articles(result, language),
        language=language,
    )
