"""Checking a visitor's answers against a template, and putting them into the page's words.

Answers arrive as JSON-like values (a screen's choices, or ``--answers FILE``): option keys, ISO
dates, amounts as text or whole numbers. The first answer that cannot be used raises
:class:`DocumentAnswerError` naming the question, in Chinese and English.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from kiosk.calculators.model import Text, to_cent, yuan
from kiosk.documents.model import (
    AMOUNT,
    CHOICE,
    DATE,
    MULTI,
    PERCENT,
    Answers,
    DocumentAnswerError,
    Question,
    Template,
    Value,
)
from kiosk.documents.numerals import capital_yuan
from kiosk.documents.templates import PLACEHOLDER

# What an unanswered optional question leaves on paper: room to write by hand.
HAND_BLANK = "＿＿＿＿＿＿"
RATE_PLACES = Decimal("0.01")


def check_answers(template: Template, raw: Mapping[str, Any], today: date) -> Answers:
    """The answers to the questions asked, in question order; answers to questions not asked are dropped
    (a screen keeps them while the visitor goes back and forth), unknown keys are refused."""
    if not isinstance(raw, Mapping):
        raise DocumentAnswerError("answers", Text("回答", "answers"),
                                  Text("应为一组“问题：回答”", "expected an object of question: answer"))
    for key in raw:
        if template.question(key) is None:
            raise DocumentAnswerError(str(key), Text(str(key), str(key)),
                                      Text(f"《{template.title.zh}》没有这一项", f"not a question of {template.name}"))
    values: list[tuple[str, Value]] = []
    for question in template.questions:
        if not Answers(template, tuple(values)).holds(question.when):
            continue
        answer = raw.get(question.key)
        if answer is None or answer == "" or answer == []:
            if question.optional:
                continue
            raise _error(question, "请选择或填写这一项", "an answer is needed")
        values.append((question.key, _value(question, answer, dict(values), today)))
    return Answers(template, tuple(values))


def _error(question: Question, zh: str, en: str) -> DocumentAnswerError:
    return DocumentAnswerError(question.key, question.label, Text(zh, en))


def _value(question: Question, answer: Any, earlier: dict[str, Value], today: date) -> Value:
    if question.kind == CHOICE:
        if not isinstance(answer, str) or question.option(answer) is None:
            raise _error(question, f"没有“{answer}”这个选项", f"no option {answer!r}")
        return answer
    if question.kind == MULTI:
        chosen = [answer] if isinstance(answer, str) else answer
        if not isinstance(chosen, list) or not all(isinstance(c, str) for c in chosen):
            raise _error(question, "应为若干选项", "expected a list of options")
        unknown = [c for c in chosen if question.option(c) is None]
        if unknown:
            raise _error(question, f"没有“{unknown[0]}”这个选项", f"no option {unknown[0]!r}")
        if len(set(chosen)) < question.min_count:
            raise _error(question, f"至少选 {question.min_count} 项", f"choose at least {question.min_count}")
        # the page lists them in the template's order, whatever order they were touched in
        return tuple(o.key for o in question.options if o.key in chosen)
    if question.kind == DATE:
        return _date(question, answer, earlier, today)
    return _number(question, answer)


def _date(question: Question, answer: Any, earlier: dict[str, Value], today: date) -> date:
    try:
        if not isinstance(answer, str):
            raise ValueError
        day = date.fromisoformat(answer)
    except ValueError:
        raise _error(question, f"日期应为 年-月-日，收到的是 {answer}", f"expected YYYY-MM-DD, got {answer}") from None
    if question.not_after_today and day > today:
        raise _error(question, f"{day} 还没有到", f"{day} is in the future")
    start = earlier.get(question.after) if question.after else None
    if isinstance(start, date) and day < start:
        raise _error(question, f"不能早于 {start}", f"cannot be before {start}")
    return day


def _number(question: Question, answer: Any) -> Decimal:
    try:
        if isinstance(answer, bool) or not isinstance(answer, str | int | float):
            raise InvalidOperation
        value = Decimal(str(answer).strip().replace(",", ""))
    except InvalidOperation:
        raise _error(question, f"应为数字，收到的是 {answer}", f"expected a number, got {answer}") from None
    if not value.is_finite():
        raise _error(question, f"应为数字，收到的是 {answer}", f"expected a number, got {answer}")
    places = Decimal("0.01") if question.kind == AMOUNT else RATE_PLACES
    if value != value.quantize(places):
        raise _error(question, "最多两位小数", "at most two decimal places")
    if question.minimum is not None and value < question.minimum:
        raise _error(question, f"不能小于 {question.minimum}", f"expected {question.minimum} or more")
    if question.maximum is not None and value > question.maximum:
        raise _error(question, f"不能大于 {question.maximum}", f"expected {question.maximum} or less")
    return value


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def shown(question: Question, value: Value, filter_name: str = "") -> str:
    """An answer in the document's words: an option's sentence, a date, an amount, a rate."""
    if question.kind == CHOICE:
        return question.option(value).text  # type: ignore[union-attr, arg-type]
    if question.kind == MULTI:
        return "、".join(question.option(key).text for key in value)  # type: ignore[union-attr]
    if isinstance(value, date):
        return chinese_date(value)
    if question.kind == AMOUNT:
        return capital_yuan(to_cent(value)) if filter_name == "capital" else yuan(value)  # type: ignore[arg-type]
    if question.kind == PERCENT:
        return f"{value.normalize():f}"  # type: ignore[union-attr]
    raise ValueError(question.kind)


def fill(text: str, answers: Answers) -> str:
    """``text`` with each ``{key}`` or ``{key|capital}`` replaced by the answer; a blank to write on where
    the question was optional and left out. Placeholders inside option sentences are filled too."""

    def replace(match: re.Match[str]) -> str:
        key, filter_name = match.group(1), match.group(2) or ""
        question = answers.template.question(key)
        value = answers.get(key)
        if question is None or value is None:
            return HAND_BLANK
        return fill(shown(question, value, filter_name), answers)

    return PLACEHOLDER.sub(replace, text)
