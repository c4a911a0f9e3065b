"""Measuring search: does the article a lawyer would cite come up for an everyday question?

A question file is a JSON list of ``{"id", "question", "language", "topic", "expect": [{"law", "article",
"suffix"}]}`` (law: the short title, as in the corpus file names). A result answers a question when it is an
article whose (short title, number, suffix) is expected, in any version of that law, or a curated answer that
cites one of them. hit@k: the share of questions answered within the first k results.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.legal.library import LegalLibrary, SearchResult

Key = tuple[str, int, str]  # (law short title, article number, suffix)
DEPTH = 10  # how far down the list a rank is looked for


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    language: str
    topic: str
    expect: frozenset[Key]


@dataclass(frozen=True)
class Outcome:
    question: Question
    rank: int | None  # 1-based position of the first result that answers it; None when not in the first DEPTH


def read_questions(path: Path) -> list[Question]:
    """The questions of a file; ValueError naming the file and the entry when one is malformed."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected a JSON list of questions")
    questions = []
    for index, entry in enumerate(entries):
        try:
            expect = frozenset((e["law"], int(e["article"]), e.get("suffix", "")) for e in entry["expect"])
            questions.append(Question(entry["id"], entry["question"], entry.get("language", "zh"),
                                      entry.get("topic", ""), expect))
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{path}: entry {index}: {error!r}") from error
        if not expect:
            raise ValueError(f"{path}: entry {index}: nothing expected")
    return questions


def cited_keys(library: LegalLibrary, result: SearchResult) -> set[Key]:
    """What a result stands for: an article's own key, or the keys an answer cites."""
    connection = library.store.connection
    if result.kind == "article":
        short, number, suffix = connection.execute(
            "SELECT laws.short_title, articles.number, articles.suffix FROM articles "
            "JOIN laws ON laws.id = articles.law_id WHERE articles.id = ?", (int(result.ref),)).fetchone()
        return {(short, number, suffix)}
    if result.kind == "answer":
        (cites,) = connection.execute("SELECT cites FROM answers WHERE id = ?", (result.ref,)).fetchone()
        return {(c["law"], c["article"], c.get("suffix", "")) for c in json.loads(cites)}
    return set()


def rank(library: LegalLibrary, question: Question) -> int | None:
    results = library.search(question.question, DEPTH, log=False)
    for position, result in enumerate(results, start=1):
        if cited_keys(library, result) & question.expect:
            return position
    return None


def evaluate(library: LegalLibrary, questions: Sequence[Question]) -> list[Outcome]:
    return [Outcome(question, rank(library, question)) for question in questions]


def hit_at(outcomes: Sequence[Outcome], k: int) -> float:
    """The share of questions answered within the first k results (0 for no questions)."""
    if not outcomes:
        return 0.0
    return sum(1 for o in outcomes if o.rank is not None and o.rank <= k) / len(outcomes)
