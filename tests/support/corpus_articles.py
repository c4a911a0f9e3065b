"""The articles the national corpus holds, by law and version, for the tests that check what a question set
expects against ../shared/data/laws; and the checks every question set's tests share."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.legal.evaluation import read_questions
from kiosk.legal.statutes import NoArticles, StatuteError, looks_like_statute, parse_statute

Articles = set[tuple[int, str]]  # (number, suffix)


def corpus_versions(root: Path) -> tuple[dict[str, dict[str, Articles]], dict[tuple[str, str], str]]:
    """Short title -> version -> its articles, and (short title, version) -> the day it took effect.

    A version spread over several files (the 民法典, one per 编) joins their articles and takes effect on the
    earliest day; malformed files are the import tests' business and are left out.
    """
    versions: dict[str, dict[str, Articles]] = {}
    effective: dict[tuple[str, str], str] = {}
    for path in sorted(root.rglob("*.md")):
        text = path.read_text(encoding="utf-8-sig")
        if not looks_like_statute(text):
            continue
        try:
            statute = parse_statute(path, text, root)
        except (NoArticles, StatuteError):
            continue
        versions.setdefault(statute.short_title, {}).setdefault(statute.version, set()).update(
            (article.number, article.suffix) for article in statute.articles)
        key = (statute.short_title, statute.version)
        effective[key] = min(effective.get(key, statute.effective), statute.effective)
    return versions, effective


def in_force(versions: dict[str, dict[str, Articles]], effective: dict[tuple[str, str], str],
             today: str) -> dict[str, Articles]:
    """Short title -> the articles of its newest version in effect on ``today`` (YYYY-MM-DD)."""
    found = {}
    for title, by_version in versions.items():
        started = [version for version in by_version if effective[title, version] <= today]
        if started:
            found[title] = by_version[max(started)]
    return found


def malformed_entries(question_set: Path) -> list[str]:
    """The ids of a question set's entries with other fields than a question's, or an expected article's."""
    return [entry["id"] for entry in json.loads(question_set.read_text(encoding="utf-8"))
            if set(entry) != {"id", "question", "language", "topic", "expect"}
            or not all(set(e) == {"law", "article", "suffix"} for e in entry["expect"])]


def not_in_force(question_set: Path, laws: Path, today: str) -> list[tuple[str, str, int, str]]:
    """(question id, law, article, suffix) for each article a question set expects that the corpus at ``laws``
    does not hold in the version in force on ``today``."""
    articles = in_force(*corpus_versions(laws), today)
    return [(question.id, law, article, suffix) for question in read_questions(question_set)
            for law, article, suffix in question.expect
            if (article, suffix) not in articles.get(law, set())]
