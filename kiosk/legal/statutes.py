"""Reading statute Markdown: one file per law version (see ../shared/data/README.md).

``# full title`` (the 民法典 files add a second ``#`` with the 编), history lines
(``2007年6月29日 ...通过``), ``<!-- INFO END -->``, then ``##``-``####`` chapter
headings and articles, each starting a line with ``第<numeral>条`` and a space;
the paragraphs that follow belong to the article.

Files are read line by line (``read_statute``) and articles come one at a time,
so that a huge file is imported in bounded memory; one article is bounded too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
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
HEAD_LINES = 200  # the title and history end within this many lines (the corpus: 35)
TITLE_LINES = 40  # the '# title' line comes within this many
MAX_HEAD_CHARS = 16_000  # title and history together (the corpus: under 900)
MAX_TITLE_CHARS = 200  # the corpus: under 80
MAX_ARTICLE_CHARS = 64_000  # the longest article of the corpus has about 3,900
MAX_ARTICLE_NUMBER = 9999
MAX_SUFFIX_NUMBER = 99  # 之一 ... 之九十九
CHAPTER_LEVELS = 8
ISSUERS = (
    "全国人民代表大会常务委员会", "全国人民代表大会", "最高人民法院", "最高人民检察院", "国务院",
)


def one_line(path: Path | str) -> str:
    """A path (or any text) as one printable line: control characters, line breaks and undecodable bytes
    escaped, so that each problem of an import is one line naming its file."""
    return "".join(ascii(char)[1:-1] if unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") else char
                   for char in str(path))


class StatuteError(ValueError):
    """A file that looks like a statute but cannot be read; names the file and line."""

    def __init__(self, path: Path | str, line: int, problem: str):
        self.path, self.line, self.problem = str(path), line, problem
        super().__init__(f"{one_line(path)}:{line}: {problem}")


class NoArticles(StatuteError):
    """A statute written without 第X条 articles (an amendment's 一、二、 items, a short decision)."""


class NotAStatute(StatuteError):
    """No '# title' and end-of-info line at the top: a folder's index, a note."""


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
    return INFO_END in text and any(line.startswith("# ") for line in text.splitlines()[:TITLE_LINES])


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
    """Parse one statute file held in memory; raises StatuteError with the line of the first problem."""
    statute, articles = read_statute(path, enumerate(text.splitlines(), start=1), root)
    found = tuple(articles)
    if not found:
        raise NoArticles(path, 1, "no article lines (第X条 followed by a space) after the history")
    return replace(statute, articles=found)


def read_statute(path: Path, lines: Iterable[tuple[int, str]], root: Path | None = None,
                 ) -> tuple[ParsedStatute, Iterator[ParsedArticle]]:
    """The statute's title, dates and issuer (``articles`` empty), and its articles as they are read.

    ``lines`` are (line number, text). The head is read here; the articles as the iterator is
    consumed, each checked (StatuteError), so that a caller can stream them to the store.
    NotAStatute when the top of the file has no title and end-of-info line.
    """
    numbered = iter(lines)
    head: list[str] = []
    size = 0
    for number, line in numbered:
        if line.strip() == INFO_END:
            break
        if number > HEAD_LINES:
            raise NotAStatute(path, 1, f"no {INFO_END} line in the first {HEAD_LINES} lines")
        head.append(line.strip())
        size += len(head[-1])
        if size > MAX_HEAD_CHARS:
            raise StatuteError(path, number, f"title and history longer than {MAX_HEAD_CHARS} characters")
    else:
        raise NotAStatute(path, 1, f"no {INFO_END} line after the title and history")
    if not looks_like_statute("\n".join([*head, INFO_END])):
        raise NotAStatute(path, 1, "no '# title' line before the history")
    statute = statute_head(path, [line for line in head if line], root)
    return statute, iter_articles(path, numbered, part=_part(head))


def _part(head: list[str]) -> str:
    titles = [line[2:].strip() for line in head if line.startswith("# ")]
    return titles[1] if len(titles) > 1 else ""


def statute_head(path: Path, head: list[str], root: Path | None = None, short_title: str = "") -> ParsedStatute:
    """Title, version, dates and issuer from the lines above the articles: '# title' lines and history."""
    if head and head[0] == "---":  # YAML front matter
        closing = head.index("---", 1) if "---" in head[1:] else 0
        head = head[closing + 1:]
    titles = [line[2:].strip() for line in head if line.startswith("# ")]
    if not titles or not titles[0]:
        raise StatuteError(path, 1, "no '# title' line before the history")
    title, part = titles[0], (titles[1] if len(titles) > 1 else "")
    if len(title) > MAX_TITLE_CHARS or len(part) > MAX_TITLE_CHARS:
        raise StatuteError(path, 1, f"a title longer than {MAX_TITLE_CHARS} characters")
    events = _history([line for line in head if not line.startswith("#")])

    stem = path.stem
    file_date = FILE_DATE.search(stem)
    if not short_title:  # one 编 of a code split over files: the file name is the 编, not the law
        short_title = (title.removeprefix(CHINA_PREFIX) if part
                       else FILE_DATE.sub("", stem).strip() or title.removeprefix(CHINA_PREFIX))
    enacted = [day for day, event in events if "施行" not in event or "通过" in event or "修" in event]
    if file_date and _valid_iso(file_date.group(1)):
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
    return ParsedStatute(
        title=title, short_title=short_title, version=version, promulgated=promulgated,
        effective=effective, issuer=issuer,
        category=path.parent.name if root is not None and path.parent != root else "",
        source=str(path), history=tuple(f"{day} {event}" for day, event in events), articles=(),
    )


def _valid_iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def iter_articles(path: Path, lines: Iterable[tuple[int, str]], part: str = "") -> Iterator[ParsedArticle]:
    """Articles from the (line number, text) lines after the head, one at a time.

    ``#`` headings nest as chapters (``part``: the 编 of a code split over files, left out of them).
    StatuteError for an unreadable or out-of-range number, an article seen twice, or one that is too long.
    """
    chapters: dict[int, str] = {}
    seen: dict[tuple[int, str], int] = {}
    current: list[str] | None = None
    size = 0
    start = (0, "", "", 0)
    for number, raw in lines:
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            level = min(len(line) - len(line.lstrip("#")), CHAPTER_LEVELS)
            if current is not None:
                yield _article(start, current)
                current = None
            chapters = {k: v for k, v in chapters.items() if k < level}
            chapters[level] = " ".join(line.lstrip("#").split())[:200]
            continue
        match = ARTICLE_LINE.match(line)
        if match is None and LOOSE_ARTICLE_LINE.match(line):
            raise StatuteError(path, number, f"article number not readable: {line[:20]!r}")
        if match:
            key = _article_key(path, number, match.group(1), match.group(2) or "", line)
            if key in seen:
                raise StatuteError(path, number, f"{article_label(*key)} appears twice (first on line {seen[key]})")
            seen[key] = number
            if current is not None:
                yield _article(start, current)
            chapter = " / ".join(chapters[k] for k in sorted(chapters) if k > 1 or not part)
            start = (*key, chapter, number)
            current = [match.group(3).strip()]
            size = len(current[0])
        elif current is not None:
            current.append(line)
            size += len(line)
        # text before the first article (a preamble) is not an article
        if current is not None and size > MAX_ARTICLE_CHARS:
            raise StatuteError(path, start[3], f"{article_label(start[0], start[1])} is longer than "
                                               f"{MAX_ARTICLE_CHARS} characters")
    if current is not None:
        yield _article(start, current)


def _article_key(path: Path, number: int, numeral: str, suffix: str, line: str) -> tuple[int, str]:
    """(number, 之X suffix) of an article line; StatuteError unless 1-9999 and 之一-之九十九."""
    out_of_range = StatuteError(path, number, "article number out of range (第一条 to 第九千九百九十九条, "
                                              f"之一 to 之九十九): {line[:20]!r}")
    if len(numeral) > 8 or len(suffix) > 4:  # longer numerals name numbers far past 9999
        raise out_of_range
    try:
        value = parse_numeral(numeral)
        extra = parse_numeral(suffix[1:]) if suffix else 1
    except ValueError:
        raise StatuteError(path, number, f"article number not readable: {line[:20]!r}") from None
    if not (1 <= value <= MAX_ARTICLE_NUMBER and 1 <= extra <= MAX_SUFFIX_NUMBER):
        raise out_of_range
    return value, suffix


def _article(start: tuple[int, str, str, int], paragraphs: list[str]) -> ParsedArticle:
    number, suffix, chapter, line = start
    return ParsedArticle(number=number, suffix=suffix, chapter=chapter,
                         text="\n".join(p for p in paragraphs if p), line=line)
