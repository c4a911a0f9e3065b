"""Reading the templates in ``assets/documents/``: one JSON file each, checked on load.

A broken template (a placeholder naming no question, a ``when`` on an unknown option) raises
:class:`TemplateError` when it is read, so a release with one fails its tests, not a visitor.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from kiosk.calculators.model import Cite, Text
from kiosk.documents.model import KINDS, MULTI, Block, Option, Question, Template, TemplateError
from kiosk.foundation.resources import asset

BLOCK_KINDS = ("title", "subtitle", "heading", "para", "fields", "list", "lines", "element", "note")
PLACEHOLDER = re.compile(r"\{(\w+)(?:\|(\w+))?\}")
FILTERS = ("capital",)


def templates_dir() -> Path:
    return Path(asset("documents"))


@cache
def load_templates(folder: Path | None = None) -> tuple[Template, ...]:
    """Every template, in the order of their ``order`` field."""
    folder = folder or templates_dir()
    loaded = []
    for path in sorted(folder.glob("*.json")):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            loaded.append((raw.get("order", 99), _template(raw)))
        except (ValueError, KeyError, TypeError, InvalidOperation) as error:
            raise TemplateError(f"{path.name}: {error}") from None
    return tuple(template for _, template in sorted(loaded, key=lambda pair: pair[0]))


def find_template(name: str, folder: Path | None = None) -> Template | None:
    return next((t for t in load_templates(folder) if t.name == name), None)


def _text(raw: dict[str, str]) -> Text:
    return Text(zh=raw["zh"], en=raw["en"])


def _when(raw: dict[str, list[str]] | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((key, tuple(options)) for key, options in (raw or {}).items())


def _decimal(raw: Any) -> Decimal | None:
    return None if raw is None else Decimal(str(raw))


def _question(raw: dict[str, Any]) -> Question:
    if raw["kind"] not in KINDS:
        raise ValueError(f"question {raw['key']}: unknown kind {raw['kind']!r}")
    return Question(
        key=raw["key"],
        kind=raw["kind"],
        label=_text(raw["label"]),
        help=_text(raw["help"]) if "help" in raw else None,
        options=tuple(Option(o["key"], Text(o["zh"], o["en"]), o["text"]) for o in raw.get("options", ())),
        minimum=_decimal(raw.get("min")),
        maximum=_decimal(raw.get("max")),
        min_count=raw.get("min_count", 1),
        after=raw.get("after"),
        not_after_today=raw.get("not_after_today", False),
        when=_when(raw.get("when")),
        optional=raw.get("optional", False),
    )


def _block(raw: dict[str, Any]) -> Block:
    kinds = [k for k in BLOCK_KINDS if k in raw]
    if len(kinds) != 1:
        raise ValueError(f"block {raw}: expected exactly one of {', '.join(BLOCK_KINDS)}")
    kind, value = kinds[0], raw[kinds[0]]
    when = _when(raw.get("when"))
    if kind == "fields":
        return Block(kind, items=tuple(value), when=when)
    if kind == "list":
        return Block(kind, source=value, when=when)
    if kind == "lines":
        return Block(kind, count=int(value), text=raw.get("label", ""), when=when)
    if kind == "element":
        return Block(kind, items=(value,), text=raw["text"], when=when)
    return Block(kind, text=value, when=when)


def _template(raw: dict[str, Any]) -> Template:
    template = Template(
        name=raw["name"],
        title=_text(raw["title"]),
        summary=_text(raw["summary"]),
        questions=tuple(_question(q) for q in raw["questions"]),
        blocks=tuple(_block(b) for b in raw["blocks"]),
        cites=tuple(Cite(c["law"], int(c["article"]), c["version"]) for c in raw["cites"]),
    )
    _check(template)
    return template


def _check(template: Template) -> None:
    """References inside the template point at questions and options that exist."""
    keys = [q.key for q in template.questions]
    if len(set(keys)) != len(keys):
        raise ValueError("a question key is used twice")

    def check_when(where: str, when: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
        for key, options in when:
            question = template.question(key)
            if question is None or any(question.option(o) is None for o in options):
                raise ValueError(f"{where}: when {key} {list(options)} names no such question or option")

    for question in template.questions:
        check_when(f"question {question.key}", question.when)
        if question.after and template.question(question.after) is None:
            raise ValueError(f"question {question.key}: after {question.after}: no such question")
        for option in question.options:
            _check_placeholders(template, f"option {question.key}.{option.key}", option.text)
    for block in template.blocks:
        check_when(f"block {block.kind}", block.when)
        _check_placeholders(template, f"block {block.kind}", block.text)
        if block.kind == "list":
            source = template.question(block.source)
            if source is None or source.kind != MULTI:
                raise ValueError(f"list {block.source}: expected a multi question")


def _check_placeholders(template: Template, where: str, text: str) -> None:
    for key, filter_name in PLACEHOLDER.findall(text):
        if template.question(key) is None:
            raise ValueError(f"{where}: {{{key}}} names no question")
        if filter_name and filter_name not in FILTERS:
            raise ValueError(f"{where}: unknown filter {filter_name!r}")
