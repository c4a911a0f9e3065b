"""Reading the .docx files of the national laws database (国家法律法规数据库) with python-docx.

Their layout: the title (one or two paragraphs), the history in parentheses
(``（2025年4月30日第十四届全国人民代表大会常务委员会第十五次会议修订）``, several
dates when the law was revised), an optional 目录 listing the chapters, then
chapters and sections as their own centred paragraphs (``第一章　总　　则``) and
articles as paragraphs starting ``第X条`` and a full-width space; the paragraphs
after an article are its 款 and 项.

The version is the latest adoption date of the history (通过, 修订, 修正), as the
database and the Markdown corpus name versions; the effective date is the
``自…起施行`` of the articles (or of the history). The file carries no status:
the knowledge base derives it from these dates and the other versions it holds.
Line numbers in errors are paragraph numbers.

The file is checked before python-docx opens it: a zip whose parts declare more
than a bounded size (a zip bomb) is refused unread.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from kiosk.legal.numerals import NUMERAL_CHARS
from kiosk.legal.statutes import (
    CHINA_PREFIX,
    NoArticles,
    ParsedStatute,
    StatuteError,
    iter_articles,
    statute_head,
)

MAX_PART_BYTES = 64 * 1024 * 1024  # one part once unpacked (the 民法典's document.xml is a few MB)
MAX_UNPACKED_BYTES = 128 * 1024 * 1024
MAX_PARTS = 2000
MAX_RATIO = 200  # unpacked / packed for a part over 1 MB; XML compresses about 10:1
HISTORY_START = re.compile(r"^[（(]\s*\d{4}\s*年")
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# 编 and 分编 of a code, 章, 节: their nesting level, as '#' headings nest in the Markdown corpus
HEADING = re.compile(rf"^第([{NUMERAL_CHARS}]{{1,6}})(分编|编|章|节)(?:[\s\u3000]+(.*))?$")
HEADING_LEVEL = {"编": 2, "分编": 3, "章": 4, "节": 5}
MAX_HEADING_CHARS = 60
TOC = re.compile(r"^目\s*录$")
IN_FORCE_FROM = re.compile(r"自\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*起\s*施行")


def check_package(path: Path, max_bytes: int) -> None:
    """StatuteError unless ``path`` is a zip whose parts, as declared, stay within the bounds."""
    if not zipfile.is_zipfile(path):
        raise StatuteError(path, 1, "not a .docx file (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise StatuteError(path, 1, f"not a readable .docx file ({error})") from None
    if len(members) > MAX_PARTS:
        raise StatuteError(path, 1, f"a .docx of more than {MAX_PARTS} parts")
    total = 0
    for member in members:
        total += member.file_size
        oversized = member.file_size > min(MAX_PART_BYTES, max_bytes)
        bomb = member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1)
        if oversized or bomb or total > MAX_UNPACKED_BYTES:
            raise StatuteError(path, 1, f"refused unread: part {member.filename[:60]!r} declares "
                                        f"{member.file_size} bytes unpacked (a zip bomb?)")


def paragraphs(path: Path) -> Iterator[tuple[int, str]]:
    """(paragraph number, text) of the document body, line breaks inside a paragraph kept as lines."""
    import docx  # imported here: only an import of .docx files needs it

    try:
        document = docx.Document(str(path))
        texts = [paragraph.text for paragraph in document.paragraphs]
    except Exception as error:  # python-docx and lxml raise many kinds for a damaged package
        raise StatuteError(path, 1, f"not a readable .docx file ({type(error).__name__}: {str(error)[:80]})") \
            from None
    for number, text in enumerate(texts, start=1):
        for line in text.splitlines():
            yield number, line


def parse_docx(path: Path, max_bytes: int, root: Path | None = None) -> ParsedStatute:
    """One statute from a .docx file; StatuteError (NoArticles when it has no 第X条) with the paragraph."""
    check_package(path, max_bytes)
    lines = list(paragraphs(path))
    title_end, history_end = _head(path, lines)
    # The title is the last paragraph above the history (a notice or a 法释 number may come before it).
    above = [(number, text) for number, text in lines[:title_end] if text.strip()]
    title = "".join("".join(text.split()) for number, text in above if number == above[-1][0]) if above else ""
    if not title:
        raise StatuteError(path, 1, "no title paragraph before the history")
    history = _history_lines(" ".join(text for _, text in lines[title_end:history_end]))
    statute = statute_head(path, [f"# {title}", *history], root, short_title=title.removeprefix(CHINA_PREFIX))
    articles = tuple(iter_articles(path, _as_markdown(lines[history_end:])))
    if not articles:
        raise NoArticles(path, lines[history_end - 1][0], "no article paragraphs (第X条 and a space)")
    effective = _in_force_from(articles[-1].text, statute.version) or statute.effective
    return replace(statute, effective=effective, articles=articles)


def _head(path: Path, lines: list[tuple[int, str]]) -> tuple[int, int]:
    """Where the title ends and where the history ends (indexes into ``lines``): the history is the
    paragraph starting （YYYY年 near the top, to the one ending with its ')'."""
    texts = [text.strip() for _, text in lines]
    start = next((index for index, text in enumerate(texts[:40]) if HISTORY_START.match(text)), None)
    if start is None:
        raise StatuteError(path, 1, "no history in parentheses, such as （2025年4月30日……通过）, "
                                    "under the title")
    end = start
    while end < len(texts) and end - start < 20:
        if texts[end].endswith(("）", ")")):
            return start, end + 1
        end += 1
    raise StatuteError(path, lines[start][0], "the history in parentheses under the title is not closed")


def _history_lines(text: str) -> list[str]:
    """``（1989年2月21日…通过　2004年8月28日…修订　根据…修正）`` as one ``YYYY年M月D日 event`` line per date."""
    inner = text.strip().removeprefix("（").removeprefix("(").removesuffix("）").removesuffix(")")
    matches = list(DATE.finditer(inner))
    lines = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(inner)
        # "…修订　根据2013年…修正": 根据 belongs to the next date's event, as 自 does in "公布　自…起施行"
        event = "".join(inner[match.end(): end].split()).removesuffix("根据").removesuffix("自")
        lines.append(f"{match.group(1)}年{match.group(2)}月{match.group(3)}日 {event}")
    return lines


def _as_markdown(lines: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """Chapter paragraphs as '#' headings, the 目录 line dropped; articles and their paragraphs as they are.

    The 目录's entries read as headings too: the real chapter heading, which follows, replaces them
    before the first article.
    """
    for number, raw in lines:
        text = raw.strip()
        if TOC.match(text):
            continue
        heading = HEADING.match(text) if len(text) <= MAX_HEADING_CHARS else None
        if heading:
            name = "".join((heading.group(3) or "").split())
            level = HEADING_LEVEL[heading.group(2)]
            yield number, f"{'#' * level} 第{heading.group(1)}{heading.group(2)} {name}".rstrip()
        else:
            yield number, text


def _in_force_from(text: str, version: str) -> str:
    """The date of the last ``自…起施行`` on or after the version's adoption, or ''."""
    for match in reversed(list(IN_FORCE_FROM.finditer(text))):
        try:
            day = date(*(int(part) for part in match.groups())).isoformat()
        except ValueError:
            continue
        if day >= version:
            return day
    return ""
