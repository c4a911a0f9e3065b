"""What every calculator returns, and the shared arithmetic of money and dates.

A result is frozen and carries, beside the figure, the working in both
languages, the articles it rests on with their versions, the assumptions, what
the visitor should check, and the local figures used with their publication
dates: a screen binds to it, a printout and the shell print it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from kiosk.legal.numerals import article_label, article_label_en
from kiosk.printing.model import CitedArticle

CENT = Decimal("0.01")


def to_cent(value: Decimal) -> Decimal:
    """Rounded to the cent, halves away from zero (ROUND_HALF_UP), as money is paid."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def yuan(value: Decimal) -> str:
    """8000 → ``8,000.00`` (the unit is added by the sentence)."""
    return f"{to_cent(value):,.2f}"


def add_months(day: date, months: int) -> date:
    """The corresponding day ``months`` later; the month's last day where there is none (民法典 第二百零二条)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Span:
    """A length of time as whole years, whole months and days, counted from a first day."""

    years: int
    months: int
    days: int

    @classmethod
    def between(cls, first: date, after_last: date) -> Span:
        """From ``first`` (counted) up to the day before ``after_last``; each step counted from ``first``
        so that month ends do not drift."""
        total = 0
        while add_months(first, total + 12) <= after_last:
            total += 12
        while add_months(first, total + 1) <= after_last:
            total += 1
        return cls(total // 12, total % 12, (after_last - add_months(first, total)).days)

    def zh(self) -> str:
        parts = [f"{self.years} 年" if self.years else "", f"{self.months} 个月" if self.months else "",
                 f"{self.days} 天" if self.days else ""]
        return " ".join(p for p in parts if p) or "0 天"

    def en(self) -> str:
        def unit(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}" if count else ""

        parts = [unit(self.years, "year"), unit(self.months, "month"), unit(self.days, "day")]
        return " ".join(p for p in parts if p) or "0 days"


def day_after(day: date) -> date:
    return day + timedelta(days=1)


@dataclass(frozen=True)
class Text:
    """One sentence in Chinese and in English."""

    zh: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.zh


@dataclass(frozen=True)
class Cite:
    """An article a result rests on: the law's short title as in the corpus file name, and its version."""

    law: str
    article: int
    version: str  # the adoption date in the corpus file name
    note: Text | None = None  # e.g. that this text has been superseded
    status: str = ""  # the national database's word when the version is not in force (已修改 ...)
    law_en: str = ""  # the English short title; in English the Chinese one stands in without it

    def label(self, language: str) -> str:
        return article_label_en(self.article) if language == "en" else article_label(self.article)

    def cited_article(self, language: str) -> CitedArticle:
        """The citation as answers print theirs: law, article, version, and status and note when replaced."""
        law = self.law_en if language == "en" and self.law_en else self.law
        return CitedArticle(law, self.label(language), self.version, status=self.status,
                            note=self.note.get(language) if self.note else "")

    def citation(self, language: str) -> str:
        """Law, article and version, with the status when the version is no longer in force."""
        return self.cited_article(language).citation(language)


@dataclass(frozen=True)
class Figure:
    """A local figure a result used: which one, its value, and the day it was published.

    ``published`` is None for a figure the visitor typed in instead of the centre's.
    """

    key: str
    label: Text
    value: Decimal
    published: date | None

    def describe(self, language: str) -> str:
        value = f"{self.value:f}"
        if language == "en":
            source = f"published {self.published}" if self.published else "as entered"
            return f"{self.label.en}: {value} ({source})"
        source = f"{self.published} 公布" if self.published else "按输入"
        return f"{self.label.zh}：{value}（{source}）"


# Deadline states.
OPEN, NEAR, PAST, UNKNOWN = "open", "near", "past", "unknown"
NEAR_DAYS = 30  # a deadline this many days away or fewer is "near"


@dataclass(frozen=True)
class Result:
    """One calculation: the amount (or the range of a fee) or the last day, and everything behind it."""

    calculator: str
    title: Text
    inputs: tuple[Text, ...]
    working: tuple[Text, ...]
    cites: tuple[Cite, ...]
    assumptions: tuple[Text, ...] = ()
    checks: tuple[Text, ...] = ()
    figures: tuple[Figure, ...] = ()
    amount: Decimal | None = None
    amount_high: Decimal | None = None  # the top of a fee set within a range; None for one amount
    last_day: date | None = None
    status: str | None = None  # for deadlines: open, near, past or unknown
    days_left: int | None = None
    findings: tuple[Text, ...] = ()  # what the figure means, shown under it (the rate above the cap ...)

    def headline(self, language: str) -> str:
        """The figure a screen shows large: ``56,000.00 元``, ``50.00–300.00 元`` or the last day."""
        en = language == "en"
        if self.amount is not None:
            figure = yuan(self.amount) + (f"–{yuan(self.amount_high)}" if self.amount_high is not None else "")
            return f"{figure} yuan" if en else f"{figure} 元"
        if self.last_day is not None:
            return f"Last day: {self.last_day}" if en else f"最后一日：{self.last_day}"
        return "Please confirm the deadline" if en else "期限请向有关机构确认"

    def as_json(self) -> dict[str, Any]:
        """The shell's form; money as exact text such as ``"56000.00"``."""
        shown: dict[str, Any] = {"calculator": self.calculator}
        if self.calculator == "deadline":
            shown["last_day"] = self.last_day.isoformat() if self.last_day else None
            shown["status"] = self.status
            shown["days_left"] = self.days_left
        else:
            shown["amount"] = f"{to_cent(self.amount):f}" if self.amount is not None else None
            if self.amount_high is not None:
                shown["amount_high"] = f"{to_cent(self.amount_high):f}"

        def texts(items: tuple[Text, ...]) -> list[dict[str, str]]:
            return [{"zh": item.zh, "en": item.en} for item in items]

        shown.update(
            title={"zh": self.title.zh, "en": self.title.en},
            inputs=texts(self.inputs),
            working=texts(self.working),
            cites=[{"law": c.law, "article": c.article, "label": c.label("zh_CN"), "version": c.version,
                    "citation": {"zh": c.citation("zh_CN"), "en": c.citation("en")},
                    **({"note": {"zh": c.note.zh, "en": c.note.en}} if c.note else {})} for c in self.cites],
            assumptions=texts(self.assumptions),
            checks=texts(self.checks),
            **({"findings": texts(self.findings)} if self.findings else {}),
            figures=[{"key": f.key, "value": f"{f.value:f}",
                      "published": f.published.isoformat() if f.published else None} for f in self.figures],
        )
        return shown


class FieldError(ValueError):
    """A value a visitor chose or typed that cannot be used: which field, its name for a visitor, and why,
    in both languages (the calculators' inputs, the documents' answers)."""

    def __init__(self, field: str, label: Text, reason: Text):
        super().__init__(f"{field}: {reason.en}")
        self.field = field
        self.label = label
        self.reason = reason

    def message(self, language: str) -> str:
        """``月工资：不能为负数，输入的是 -5`` / ``monthly wage: expected 0 or more, got -5``."""
        return f"{self.label.en}: {self.reason.en}" if language == "en" else f"{self.label.zh}：{self.reason.zh}"


class CalculatorInputError(FieldError):
    """An input a calculator cannot use."""
