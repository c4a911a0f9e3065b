"""Visitor-facing text in Chinese and English.

One catalogue per language under ``assets/i18n/<language>.json`` maps a message
key to its text; ``str.format`` fields fill in figures. Both catalogues hold the
same keys (a test checks that and that every key used in code and kv exists).

Bilingual data (services, answers, guides, figures) names its fields one way: ``name`` holds the Chinese
and ``name_en`` the English; :func:`localised` picks the visitor's.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from functools import cache
from typing import Any

from kiosk.foundation.resources import asset

LANGUAGES = ("zh_CN", "en")
# English month names without the process locale (the kiosk runs in any).
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
log = logging.getLogger(__name__)


@cache
def catalogue(language: str) -> dict[str, str]:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")
    with asset("i18n", f"{language}.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def translate(key: str, language: str, **fields: Any) -> str:
    """The text of ``key`` in ``language``; the key itself, logged, if it is missing."""
    text = catalogue(language).get(key)
    if text is None:
        log.error("no %s text for %r", language, key)
        return key
    return text.format(**fields) if fields else text


def localised(item: Any, name: str, language: str) -> Any:
    """``item.<name>_en`` for an English visitor when there is one, else ``item.<name>`` (the Chinese)."""
    if language == "en":
        english = getattr(item, f"{name}_en", None)
        if english:
            return english
    return getattr(item, name)


def day_text(day: date, language: str) -> str:
    """A day as every screen shows it: ``12月8日 周二``, or ``Tue 8 Dec``."""
    weekday = translate(f"weekday_short.{day.weekday()}", language)
    if language == "en":
        return f"{weekday} {day.day} {MONTHS_EN[day.month - 1]}"
    return f"{day.month}月{day.day}日 {weekday}"


def version_in_english(version: str, status: str = "") -> str:
    """What follows an English citation: the year of the version cited, and a status word (amended ...)
    for one not in force: `` (2012)``, `` (2013, amended)``; "" with neither. The Chinese gives the full date."""
    words = [word for word in (version[:4], status) if word]
    return f" ({', '.join(words)})" if words else ""
