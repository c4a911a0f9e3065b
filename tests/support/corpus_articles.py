"""The articles the national corpus holds, by law and version, for the tests that check what a question set
expects against ../shared/data/laws."""

from __future__ import annotations

from pathlib import Path

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
