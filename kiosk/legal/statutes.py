"""Reading statute Markdown: one file per law version (see ../shared/data/README.md).

``# full title`` (the 民法典 files add a second ``#`` with the 编), history lines
(``2007年6月29日 ...通过``), ``<!-- INFO END -->``, then ``##``-``####`` chapter
headings and articles, each starting a line with ``第<numeral>条`` and a space;
the paragraphs that follow belong to the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kiosk.legal.numerals import NUMERAL_CHARS, article_label, parse_numeral

INFO_END = "<!-- INFO END -->"
CHINA_PREFIX = "中华人民共和国"
# A few source lines read "第一百二十八 条..." (a stray space); they are still articles.
ARTICLE_LINE = re.compile(rf"^第([{NUMERAL_CHARS}]+)\s*条(之[{NUMERAL_CHARS}]+)?[\s\u3000]*(.*)$")
LOOSE_ARTICLE_LINE = re.compile(r"^第(\S{1,12}?)\s*条(?:之\S{1,3})?[\s\u3000]")
HISTORY_LINE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(.*)$")
FILE_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)$")
ISSUERS = (
    "全国人民代表大会常务委员会", "全国人民代表大会", "最高人民法院", "最高人民检察院", "国务院",
)


class StatuteError(ValueError):
    """A file that looks like a statute but cannot be read; names the file and line."""

    def __init__(self, path: Path | str, line: int, problem: str):
        self.path, self.line, self.problem = str(path), line, problem
        super().__init__(f"{path}:{line}: {problem}")


class NoArticles(StatuteError):
    """A statute written without 第X条 articles (an amendment's 一、二、 items, a short decision)."""


@dataclass(frozen=True)
class ParsedArticle:
    number: int
    suffix: str  # "" or 之一 for articles inserted by an amendment
    chapter: str  # "第一章 总则 / 第一节 ..." as headings nest
    text: str
    line: int

    @property
    def label(self) -> str:
        return article_label(self.number, self.suffix)


@dataclass(frozen=True)
class ParsedStatute:
    title: str
    short_title: str
    version: str  # ISO date that names this version
    promulgated: str
    effective: str
    issuer: str
    category: str
    source: str
    history: tuple[str, ...]
    articles: tuple[ParsedArticle, ...] = field(repr=False)


def looks_like_statute(text: str) -> bool:
    """A title heading and the end-of-info marker; folder indexes and notes have neither."""
    return INFO_END in text and any(line.startswith("# ") for line in text.splitlines()[:40])


def _iso(year: str, month: str, day: str) -> str:
    return date(int(year), int(month), int(day)).isoformat()


def _history(lines: list[str]) -> list[tuple[str, str]]:
    """(ISO date, event) of each dated history line; undated continuation lines join the one before."""
    events: list[tuple[str, str]] = []
    for line in lines:
        match = HISTORY_LINE.match(line)
        if match:
            try:
                events.append((_iso(*match.group(1, 2, 3)), match.group(4).strip()))
            except ValueError:
                continue  # an impossible date in a history line: not worth refusing the law
        elif events:
            events[-1] = (events[-1][0], events[-1][1] + line)
    return events


def parse_statute(path: Path, text: str, root: Path | None = None) -> ParsedStatute:
    """Parse one statute file; raises StatuteError with the line of the first problem."""
    lines = text.splitlines()
    try:
        end = lines.index(INFO_END)
    except ValueError:
        raise StatuteError(path, 1, f"no {INFO_END} line after the title and history") from None
    head = [line.strip() for line in lines[:end] if line.strip()]
    if head and head[0] == "---":  # YAML front matter
        closing = head.index("---", 1) if "---" in head[1:] else 0
        head = head[closing + 1:]
    titles = [line[2:].strip() for line in head if line.startswith("# ")]
    if not titles or not titles[0]:
        raise StatuteError(path, 1, "no '# title' line before the history")
    title, part = titles[0], (titles[1] if len(titles) > 1 else "")
    events = _history([line for line in head if not line.startswith("#")])

    stem = path.stem
    file_date = FILE_DATE.search(stem)
    if part:  # one 编 of a code split over files: the file name is the 编, not the law
        short_title = title.removeprefix(CHINA_PREFIX)
    else:
        short_title = FILE_DATE.sub("", stem).strip() or title.removeprefix(CHINA_PREFIX)
    enacted = [day for day, event in events if "施行" not in event or "通过" in event or "修" in event]
    if file_date:
        version = file_date.group(1)
    elif enacted:
        version = max(enacted)
    elif events:
        version = max(day for day, _ in events)
    else:
        raise StatuteError(path, 1, "no version: neither a (YYYY-MM-DD) in the file name nor a dated history line")
    started = [day for day, event in events if "施行" in event and day >= version]
    effective = min(started) if started else version
    promulgated = min(day for day, _ in events) if events else version
    history_text = "".join(event for _, event in events)
    issuer = next((name for name in ISSUERS if name in history_text), "")
    if not issuer and root is not None:
        issuer = path.parent.name if path.parent != root else ""

    articles: list[ParsedArticle] = []
    chapters: dict[int, str] = {}
    seen: dict[tuple[int, str], int] = {}
    current: list[str] | None = None
    start = (0, "", "", 0)
    for index in range(end + 1, len(lines)):
        line = lines[index].strip()
        if not line:
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            if current is not None:
                articles.append(_article(start, current))
                current = None
            chapters = {k: v for k, v in chapters.items() if k < level}
            chapters[level] = " ".join(line.lstrip("#").split())
            continue
        match = ARTICLE_LINE.match(line)
        if match is None and LOOSE_ARTICLE_LINE.match(line):
            raise StatuteError(path, index + 1, f"article number not readable: {line[:20]!r}")
        if match:
            try:
                number = parse_numeral(match.group(1))
                suffix = match.group(2) or ""
                if suffix:
                    parse_numeral(suffix[1:])
            except ValueError:
                raise StatuteError(path, index + 1, f"article number not readable: {line[:20]!r}") from None
            key = (number, suffix)
            if key in seen:
                raise StatuteError(path, index + 1,
                                   f"{article_label(*key)} appears twice (first on line {seen[key]})")
            seen[key] = index + 1
            if current is not None:
                articles.append(_article(start, current))
            chapter = " / ".join(chapters[k] for k in sorted(chapters) if k > 1 or not part)
            start = (number, suffix, chapter, index + 1)
            current = [match.group(3).strip()]
        elif current is not None:
            current.append(line)
        # text before the first article (a preamble) is not an article
    if current is not None:
        articles.append(_article(start, current))
    if not articles:
        raise NoArticles(path, end + 1, "no article lines (第X条 followed by a space) after the history")
    return ParsedStatute(
        title=title, short_title=short_title, version=version, promulgated=promulgated,
        effective=effective, issuer=issuer,
        category=path.parent.name if root is not None and path.parent != root else "",
        source=str(path), history=tuple(f"{day} {event}" for day, event in events),
        articles=tuple(articles),
    )


def _article(start: tuple[int, str, str, int], paragraphs: list[str]) -> ParsedArticle:
    number, suffix, chapter, line = start
    return ParsedArticle(number=number, suffix=suffix, chapter=chapter,
                         text="\n".join(p for p in paragraphs if p), line=line)
