"""What a document template is made of: questions a visitor answers by touch, and the page's blocks.

A template is data (``assets/documents/<name>.json``), read into these frozen objects once. A question
is a choice, a set of choices, a date, an amount of money or a rate; nothing is typed as text, so
names, ID numbers and addresses are never asked: the page leaves blank lines for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from kiosk.calculators.model import Cite, FieldError, Text

CHOICE, MULTI, DATE, AMOUNT, PERCENT = "choice", "multi", "date", "amount", "percent"
KINDS = (CHOICE, MULTI, DATE, AMOUNT, PERCENT)


@dataclass(frozen=True)
class Option:
    """One button: its key, its label in both languages, and the words it puts on the page."""

    key: str
    label: Text
    text: str  # what the document says when this option is chosen (Chinese)


@dataclass(frozen=True)
class Question:
    """One thing the visitor chooses. ``when`` asks it only if an earlier answer is one of some options."""

    key: str
    kind: str
    label: Text
    help: Text | None = None
    options: tuple[Option, ...] = ()
    minimum: Decimal | None = None  # amounts and rates
    maximum: Decimal | None = None
    min_count: int = 1  # multi: how many at least
    after: str | None = None  # date: must be on or after this other date's answer
    not_after_today: bool = False  # date: an event that has happened
    when: tuple[tuple[str, tuple[str, ...]], ...] = ()
    optional: bool = False

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)

    def as_json(self) -> dict[str, Any]:
        """What a screen (or ``doc list --json``) needs to draw the question."""
        shown: dict[str, Any] = {"key": self.key, "kind": self.kind,
                                 "label": {"zh": self.label.zh, "en": self.label.en}}
        if self.help:
            shown["help"] = {"zh": self.help.zh, "en": self.help.en}
        if self.options:
            shown["options"] = [{"key": o.key, "zh": o.label.zh, "en": o.label.en} for o in self.options]
        for name, value in (("min", self.minimum), ("max", self.maximum)):
            if value is not None:
                shown[name] = f"{value:f}"
        if self.kind == MULTI:
            shown["min_count"] = self.min_count
        if self.after:
            shown["after"] = self.after
        if self.not_after_today:
            shown["not_after_today"] = True
        if self.when:
            shown["when"] = {key: list(options) for key, options in self.when}
        if self.optional:
            shown["optional"] = True
        return shown


@dataclass(frozen=True)
class Block:
    """One element of the page, in reading order (see ``assets/documents/README.md`` for the kinds)."""

    kind: str
    text: str = ""
    items: tuple[str, ...] = ()  # field labels, element rows
    source: str = ""  # multi: the question whose chosen options are listed
    count: int = 0  # ruled lines
    when: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Template:
    name: str
    title: Text
    summary: Text
    questions: tuple[Question, ...]
    blocks: tuple[Block, ...]
    cites: tuple[Cite, ...]

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": {"zh": self.title.zh, "en": self.title.en},
            "summary": {"zh": self.summary.zh, "en": self.summary.en},
            "questions": [q.as_json() for q in self.questions],
            "cites": [{"law": c.law, "article": c.article, "label": c.label("zh_CN"), "version": c.version}
                      for c in self.cites],
        }


Value = str | tuple[str, ...] | date | Decimal


@dataclass(frozen=True)
class Answers:
    """A visitor's checked answers to one template: only the questions that were asked."""

    template: Template
    values: tuple[tuple[str, Value], ...]

    def get(self, key: str) -> Value | None:
        return dict(self.values).get(key)

    def holds(self, condition: tuple[tuple[str, tuple[str, ...]], ...]) -> bool:
        """Whether every ``key → options`` of a ``when`` is met by the answers."""
        values = dict(self.values)
        for key, options in condition:
            value = values.get(key)
            chosen = value if isinstance(value, tuple) else (value,)
            if not set(chosen) & set(options):
                return False
        return True


class DocumentAnswerError(FieldError):
    """An answer a template cannot use (``借款金额：应大于 0`` / ``amount lent: expected more than 0``)."""


class TemplateError(Exception):
    """A template file in assets/documents that cannot be used: a defect of the release, not the visitor's."""
