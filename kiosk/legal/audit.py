"""``kb check`` and ``kb show``: what staff audit after an import, without Kivy.

Every citation of every answer and guide in the knowledge base (shipped and imported)
is looked up as the kiosk shows it: the law by short title and version, then the
article. A citation is

- *unresolved* when that law version or that article is not in the knowledge base;
- *text not held* when the law version is known (its metadata) but its text was never
  imported: the 2025 传染病防治法, say, which the national corpus lacks;
- *outdated* when that version is not in force today, with the version that is;
- *changed* when the article's text in the version in force differs from the cited one,
  so that a writer reviews the answer.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field

from kiosk.legal.numerals import article_label, parse_numeral

IN_FORCE = "有效"
# 民法典#1077, 民法典(2020-05-28)#1077, 刑法#133之一; also with a full-width ＃ or brackets.
ARTICLE_REF = re.compile(r"^\s*(?P<law>[^()（）#＃]+?)\s*(?:[(（](?P<version>\d{4}-\d{2}-\d{2})[)）])?\s*[#＃]\s*"
                         r"(?P<article>\d+|第?[〇零一二三四五六七八九十百千两]+条?)(?P<suffix>之[一二三四五六七八九十]+)?\s*$")


@dataclass(frozen=True)
class Finding:
    """One citation with what is wrong with it; ``kind`` is answer or guide, ``id`` its id or service."""

    kind: str
    id: str
    law: str
    version: str
    article: int
    suffix: str
    label: str
    problem: str = ""  # why unresolved, in English and Chinese
    status: str = ""  # of the cited version
    in_force: str = ""  # the version in force of the same law, "" when none is
    in_force_has_text: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class AuditReport:
    answers: int = 0
    guides: int = 0
    citations: int = 0
    unresolved: list[Finding] = field(default_factory=list)
    outdated: list[Finding] = field(default_factory=list)
    changed: list[Finding] = field(default_factory=list)
    not_held: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing unresolved: the only finding that fails the check."""
        return not self.unresolved

    def as_dict(self) -> dict:
        return {"answers": self.answers, "guides": self.guides, "citations": self.citations,
                **{name: [finding.as_dict() for finding in getattr(self, name)]
                   for name in ("unresolved", "outdated", "changed", "not_held")}}


@dataclass(frozen=True)
class _Law:
    id: int
    title: str
    version: str
    status: str
    has_text: bool
    note: str


def audit(connection: sqlite3.Connection) -> AuditReport:
    """Check every citation of every answer and guide against the laws and articles held."""
    report = AuditReport()
    cited: list[tuple[str, str, dict]] = []
    for kind, sql in (("answer", "SELECT id, cites FROM answers ORDER BY topic, position, id"),
                      ("guide", "SELECT service, cites FROM guides ORDER BY prefix, service")):
        rows = connection.execute(sql).fetchall()
        setattr(report, f"{kind}s", len(rows))
        cited += [(kind, ref, cite) for ref, cites in rows for cite in json.loads(cites or "[]")]
    report.citations = len(cited)
    for kind, ref, cite in cited:
        _check(connection, report, kind, ref, cite)
    return report


def _check(connection: sqlite3.Connection, report: AuditReport, kind: str, ref: str, cite: dict) -> None:
    suffix = cite.get("suffix", "") or ""
    base = dict(kind=kind, id=ref, law=cite["law"], version=cite["version"], article=cite["article"], suffix=suffix,
                label=article_label(cite["article"], suffix))
    law = _law(connection, cite["law"], cite["version"])
    if law is None:
        held = [row[0] for row in connection.execute(
            "SELECT version FROM laws WHERE short_title = ? ORDER BY version", (cite["law"],))]
        problem = (f"no such version; held: {', '.join(held)} 无此版本" if held
                   else "no such law in the knowledge base 知识库无此法")
        report.unresolved.append(Finding(**base, problem=problem))
        return
    current = _in_force(connection, law)
    details = dict(status=law.status, in_force=current.version if current else "",
                   in_force_has_text=bool(current and current.has_text))
    text = None
    if not law.has_text:
        report.not_held.append(Finding(**base, **details, problem="text not held 未收录文本"))
    else:
        text = _article_text(connection, law.id, cite["article"], suffix)
        if text is None:
            report.unresolved.append(Finding(**base, **details, problem="no such article in this version 此版本无此条"))
            return
    if law.status == IN_FORCE:
        return
    report.outdated.append(Finding(**base, **details))
    if text is not None and current is not None and current.has_text:
        now = _article_text(connection, current.id, cite["article"], suffix)
        if now is None or _normalised(now) != _normalised(text):
            problem = ("no article of that number in the version in force 现行版本无此条" if now is None
                       else "text differs in the version in force 现行条文已变")
            report.changed.append(Finding(**base, **details, problem=problem))


def _law(connection: sqlite3.Connection, short_title: str, version: str) -> _Law | None:
    row = connection.execute(
        "SELECT id, title, version, status, has_text, coalesce(note, '') FROM laws "
        "WHERE short_title = ? AND version = ?", (short_title, version)).fetchone()
    return _Law(row[0], row[1], row[2], row[3], bool(row[4]), row[5]) if row else None


def _in_force(connection: sqlite3.Connection, law: _Law) -> _Law | None:
    """The version of the same law in force today (the newest, should two claim it); None when repealed."""
    if law.status == IN_FORCE:
        return law
    row = connection.execute(
        "SELECT id, title, version, status, has_text, coalesce(note, '') FROM laws WHERE title = ? AND status = ? "
        "ORDER BY version DESC LIMIT 1", (law.title, IN_FORCE)).fetchone()
    return _Law(row[0], row[1], row[2], row[3], bool(row[4]), row[5]) if row else None


def _article_text(connection: sqlite3.Connection, law_id: int, number: int, suffix: str) -> str | None:
    row = connection.execute("SELECT text FROM articles WHERE law_id = ? AND number = ? AND suffix = ?",
                             (law_id, number, suffix)).fetchone()
    return row[0] if row else None


def _normalised(text: str) -> str:
    """Whitespace and line breaks are layout, not law."""
    return "".join(text.split())


# --- kb show: one article -------------------------------------------------------------


@dataclass(frozen=True)
class ArticleRef:
    law: str
    version: str  # "" for the version in force
    article: int
    suffix: str


def parse_article_ref(text: str) -> ArticleRef | None:
    """``民法典#1077``, ``民法典(2020-05-28)#1077``, ``刑法#133之一`` or ``民法典#第一千零七十七条``; None otherwise."""
    match = ARTICLE_REF.match(text)
    if not match:
        return None
    raw = match["article"]
    if raw.isdigit():
        number = int(raw)
    else:
        try:
            number = parse_numeral(raw.removeprefix("第").removesuffix("条"))
        except ValueError:
            return None
    if number <= 0:
        return None
    return ArticleRef(match["law"], match["version"] or "", number, match["suffix"] or "")


def law_versions(connection: sqlite3.Connection, short_title: str) -> dict[str, bool]:
    """Each version of a law the knowledge base knows, oldest first, and whether its text is held."""
    return {version: bool(has_text) for version, has_text in connection.execute(
        "SELECT version, has_text FROM laws WHERE short_title = ? ORDER BY version", (short_title,))}


def find_article(connection: sqlite3.Connection, ref: ArticleRef) -> dict | None:
    """The article with its law, version, status and text; without a version, the version in force
    (or, when no version holding the article is in force, the newest that holds it)."""
    version_clause, values = ("AND laws.version = ?", [ref.version]) if ref.version else ("", [])
    row = connection.execute(
        "SELECT laws.title, laws.short_title, laws.version, laws.status, laws.effective, coalesce(laws.note, ''), "
        "articles.number, articles.suffix, articles.label, articles.chapter, articles.text "
        "FROM articles JOIN laws ON laws.id = articles.law_id "
        f"WHERE laws.short_title = ? AND articles.number = ? AND articles.suffix = ? {version_clause} "
        "ORDER BY laws.status = ? DESC, laws.version DESC LIMIT 1",
        [ref.law, ref.article, ref.suffix, *values, IN_FORCE]).fetchone()
    if row is None:
        return None
    keys = ("law", "short_title", "version", "status", "effective", "note", "article", "suffix", "label", "chapter",
            "text")
    found = dict(zip(keys, row, strict=True))
    current = connection.execute("SELECT version FROM laws WHERE title = ? AND status = ? ORDER BY version DESC",
                                 (found["law"], IN_FORCE)).fetchone()
    return {**found, "in_force": current[0] if current else ""}
