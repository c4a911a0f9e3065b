"""The knowledge base's own content: curated answers, service guides, topics,
remote channels and law metadata, read from JSON or CSV and checked.

The defaults live in ``assets/legal/``; staff import more with ``kb import``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from kiosk.legal.numerals import article_label
from kiosk.legal.statutes import MAX_ARTICLE_NUMBER, one_line

SERVICES = ("consultation", "notarisation", "legal_aid", "arbitration", "appraisal", "mediation")
STATUSES = ("有效", "已修改", "已废止", "尚未生效")
CITE_TEXT = re.compile(r"^\s*(?P<law>[^()（）#]+?)\s*[(（](?P<version>\d{4}-\d{2}-\d{2})[)）]\s*#\s*(?P<article>\d+)"
                       r"(?P<suffix>之[一二三四五六七八九十]{1,3})?\s*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Bounds on what one record may hold: the longest shipped text has under 1,000 characters.
MAX_FIELD_CHARS = 20_000
MAX_LIST_ITEMS = 200
MAX_JSON_DIGITS = 18  # a whole number in a content file; more would not fit SQLite anyway
JSON_SPACE = re.compile(r"[ \t\n\r]*")


class ContentError(ValueError):
    """Content that cannot be used; names the file and the record (line for CSV)."""


@dataclass(frozen=True)
class Cite:
    """One cited article: the law's short title, the version (ISO date) and the article number."""

    law: str
    version: str
    article: int
    suffix: str = ""

    @property
    def label(self) -> str:
        return article_label(self.article, self.suffix)


@dataclass(frozen=True)
class Answer:
    id: str
    topic: str
    question: str
    answer: str
    cites: tuple[Cite, ...]
    keywords: tuple[str, ...] = ()
    hot: bool = False
    version_note: str = ""  # what a visitor must know about the cited version (a law since revised)
    # English for a visitor who switched language; empty in content staff imported in Chinese only.
    question_en: str = ""
    answer_en: str = ""
    keywords_en: tuple[str, ...] = ()
    version_note_en: str = ""
    # Other ways people ask the same thing, searched like the question.
    phrasings: tuple[str, ...] = ()
    # Where the visitor goes next: a service (SERVICES) to take a number for, or a remote channel's code.
    next_step: str = ""


# What a guide cites: a Cite as written in the content files, an article with its law's status
# (kiosk.legal.library.CitedArticle) as a visitor reads it.
CiteT = TypeVar("CiteT")


@dataclass(frozen=True)
class Guide(Generic[CiteT]):
    """A service guide (办事指南): who, what to bring, the steps, fees, time limits, where and when."""

    service: str
    name: str
    name_en: str
    prefix: str
    summary: str
    who: str
    materials: tuple[str, ...]
    steps: tuple[str, ...]
    fees: str
    time_limit: str
    where_when: str
    hotline: str
    cites: tuple[CiteT, ...] = ()
    summary_en: str = ""
    who_en: str = ""
    materials_en: tuple[str, ...] = ()
    steps_en: tuple[str, ...] = ()
    fees_en: str = ""
    time_limit_en: str = ""
    where_when_en: str = ""


@dataclass(frozen=True)
class Channel:
    code: str
    name: str
    name_en: str
    description: str
    contact: str
    qr_url: str  # what the QR code on screen opens; "" until the centre configures it ([channels] in config.ini)
    qr_label: str
    description_en: str = ""
    contact_en: str = ""
    qr_label_en: str = ""


@dataclass(frozen=True)
class Topic:
    code: str
    name: str
    name_en: str
    position: int


@dataclass(frozen=True)
class LawInfo:
    """A law version the answers rely on; ``has_text`` is False for versions whose text is not held."""

    title: str
    short_title: str
    version: str
    effective: str
    promulgated: str = ""
    issuer: str = ""
    repealed: str = ""  # ISO date it was repealed, or ""
    note: str = ""  # shown with every citation of this version: what replaced it, what the kiosk lacks
    has_text: bool = True
    title_en: str = ""  # the official English title where there is one
    short_title_en: str = ""
    note_en: str = ""


@dataclass
class ContentSet:
    answers: list[Answer] = field(default_factory=list)
    guides: list[Guide] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    laws: list[LawInfo] = field(default_factory=list)

    def count(self) -> int:
        return len(self.answers) + len(self.guides) + len(self.channels) + len(self.topics) + len(self.laws)


# --- parsing ------------------------------------------------------------------


def _text(record: dict, key: str, where: str, required: bool = True) -> str:
    value = record.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ContentError(f"{where}: {key!r} should be text")
    if required and not value.strip():
        raise ContentError(f"{where}: {key!r} is missing")
    if len(value) > MAX_FIELD_CHARS:
        raise ContentError(f"{where}: {key!r} is longer than {MAX_FIELD_CHARS} characters")
    return value.strip()


def _list(record: dict, key: str, where: str) -> tuple[str, ...]:
    value = record.get(key, [])
    if isinstance(value, str):
        value = [part for part in re.split(r"[;；\n|]", value)]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ContentError(f"{where}: {key!r} should be a list of texts")
    if len(value) > MAX_LIST_ITEMS or any(len(v) > MAX_FIELD_CHARS for v in value):
        raise ContentError(f"{where}: {key!r} should hold at most {MAX_LIST_ITEMS} texts "
                           f"of at most {MAX_FIELD_CHARS} characters")
    return tuple(v.strip() for v in value if v.strip())


def _date(record: dict, key: str, where: str, required: bool = True) -> str:
    value = _text(record, key, where, required)
    if value and not (ISO_DATE.match(value) and _real_date(value)):
        raise ContentError(f"{where}: {key!r} should be a date such as 2021-01-01, got {value[:40]!r}")
    return value


def _real_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _article_number(value: Any, where: str) -> int:
    """A cited article's number: a whole number from 1 to 9999 (bool is not a number here)."""
    if isinstance(value, str) and value.isdigit() and len(value) <= len(str(MAX_ARTICLE_NUMBER)):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ARTICLE_NUMBER:
        shown = repr(value)[:30] if not isinstance(value, int) or abs(value) < 10 ** MAX_JSON_DIGITS else "more digits"
        raise ContentError(f"{where}: cite article should be a whole number from 1 to {MAX_ARTICLE_NUMBER}, "
                           f"got {shown}")
    return value


def parse_cite(value: Any, where: str) -> Cite:
    if isinstance(value, str):
        match = CITE_TEXT.match(value) if len(value) <= 200 else None
        if not match or not _real_date(match["version"]):
            raise ContentError(f"{where}: cite {value[:60]!r} should read like 劳动合同法(2012-12-28)#40")
        return Cite(match["law"], match["version"], _article_number(match["article"], where), match["suffix"] or "")
    if not isinstance(value, dict):
        raise ContentError(f"{where}: a cite should be an object with law, version and article")
    article = _article_number(value.get("article"), where)
    return Cite(_text(value, "law", where), _date(value, "version", where), article,
                _text(value, "suffix", where, required=False))


def _cites(record: dict, where: str, required: bool) -> tuple[Cite, ...]:
    raw = record.get("cites", [])
    if isinstance(raw, str):
        raw = [part for part in re.split(r"[;；\n]", raw) if part.strip()]
    if not isinstance(raw, list) or len(raw) > MAX_LIST_ITEMS:
        raise ContentError(f"{where}: 'cites' should be a list of at most {MAX_LIST_ITEMS}")
    if required and not raw:
        raise ContentError(f"{where}: an answer must cite at least one article")
    return tuple(parse_cite(item, where) for item in raw)


def parse_answer(record: dict, where: str) -> Answer:
    hot = record.get("hot", False)
    return Answer(
        id=_text(record, "id", where), topic=_text(record, "topic", where),
        question=_text(record, "question", where), answer=_text(record, "answer", where),
        cites=_cites(record, where, required=True), keywords=_list(record, "keywords", where),
        hot=hot if isinstance(hot, bool) else str(hot).strip().lower() in ("1", "yes", "true"),
        version_note=_text(record, "version_note", where, required=False),
        question_en=_text(record, "question_en", where, required=False),
        answer_en=_text(record, "answer_en", where, required=False),
        keywords_en=_list(record, "keywords_en", where),
        version_note_en=_text(record, "version_note_en", where, required=False),
        phrasings=_list(record, "phrasings", where),
        next_step=_text(record, "next_step", where, required=False),
    )


def parse_guide(record: dict, where: str) -> Guide:
    service = _text(record, "service", where)
    if service not in SERVICES:
        raise ContentError(f"{where}: service should be one of {', '.join(SERVICES)}, got {service!r}")
    return Guide(
        service=service, name=_text(record, "name", where), name_en=_text(record, "name_en", where),
        prefix=_text(record, "prefix", where), summary=_text(record, "summary", where),
        who=_text(record, "who", where), materials=_list(record, "materials", where),
        steps=_list(record, "steps", where), fees=_text(record, "fees", where),
        time_limit=_text(record, "time_limit", where), where_when=_text(record, "where_when", where),
        hotline=_text(record, "hotline", where), cites=_cites(record, where, required=False),
        summary_en=_text(record, "summary_en", where, required=False),
        who_en=_text(record, "who_en", where, required=False),
        materials_en=_list(record, "materials_en", where), steps_en=_list(record, "steps_en", where),
        fees_en=_text(record, "fees_en", where, required=False),
        time_limit_en=_text(record, "time_limit_en", where, required=False),
        where_when_en=_text(record, "where_when_en", where, required=False),
    )


def parse_channel(record: dict, where: str) -> Channel:
    return Channel(
        code=_text(record, "code", where), name=_text(record, "name", where),
        name_en=_text(record, "name_en", where), description=_text(record, "description", where),
        contact=_text(record, "contact", where), qr_url=_text(record, "qr_url", where, required=False),
        qr_label=_text(record, "qr_label", where),
        description_en=_text(record, "description_en", where, required=False),
        contact_en=_text(record, "contact_en", where, required=False),
        qr_label_en=_text(record, "qr_label_en", where, required=False),
    )


def parse_topic(record: dict, where: str, position: int) -> Topic:
    return Topic(code=_text(record, "code", where), name=_text(record, "name", where),
                 name_en=_text(record, "name_en", where), position=position)


def parse_law(record: dict, where: str) -> LawInfo:
    has_text = record.get("has_text", True)
    return LawInfo(
        title=_text(record, "title", where), short_title=_text(record, "short_title", where),
        version=_date(record, "version", where), effective=_date(record, "effective", where),
        promulgated=_date(record, "promulgated", where, required=False),
        issuer=_text(record, "issuer", where, required=False),
        repealed=_date(record, "repealed", where, required=False),
        note=_text(record, "note", where, required=False), has_text=bool(has_text),
        title_en=_text(record, "title_en", where, required=False),
        short_title_en=_text(record, "short_title_en", where, required=False),
        note_en=_text(record, "note_en", where, required=False),
    )


KINDS = {"answers": parse_answer, "guides": parse_guide, "channels": parse_channel, "laws": parse_law}


def _kind_of(record: dict) -> str | None:
    if "question" in record:
        return "answers"
    if "service" in record:
        return "guides"
    if "qr_url" in record:
        return "channels"
    if "short_title" in record:
        return "laws"
    return None


def read_content(path: Path, text: str | None = None) -> ContentSet:
    """Answers, guides, channels, topics and laws from one JSON or CSV file; ContentError if unusable.

    Each error names the file and the line where the bad record starts.
    """
    name = one_line(path)
    if text is None:
        data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise ContentError(f"{name}:{line}: not UTF-8 text") from None
    found = ContentSet()
    if path.suffix.lower() == ".csv":
        _read_csv(text, name, found)
        return found
    for key, index, line, record in _json_records(text, name):
        where = f"{name}:{line}: {key or 'record'} {index + 1}"
        if not isinstance(record, dict):
            raise ContentError(f"{where}: should be an object")
        if key == "topics":
            found.topics.append(parse_topic(record, where, index))
            continue
        kind = key if key in KINDS else _kind_of(record)
        if kind is None:
            raise ContentError(f"{where}: neither an answer, a guide, a channel nor a law")
        getattr(found, kind).append(KINDS[kind](record, where))
    return found


def _read_csv(text: str, name: str, found: ContentSet) -> None:
    reader = csv.DictReader(io.StringIO(text))
    start = 2  # the line where the current row starts; line 1 is the header
    try:
        for row in reader:
            where = f"{name}:{start}"
            start = reader.line_num + 1
            kind = _kind_of(row)
            if kind is None:
                raise ContentError(f"{where}: columns {one_line(', '.join(reader.fieldnames or []))[:200]} are neither "
                                   "an answer (question), a guide (service) nor a channel (qr_url)")
            if None in row:
                raise ContentError(f"{where}: more fields than the header names")
            getattr(found, kind).append(KINDS[kind](row, where))
    except csv.Error as error:
        problem = (f"a field is longer than {csv.field_size_limit()} characters" if "field limit" in str(error)
                   else f"not valid CSV ({error})")
        raise ContentError(f"{name}:{start}: {problem}") from None


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_JSON_DIGITS:
        raise ValueError(f"a number has more than {MAX_JSON_DIGITS} digits")
    return int(text)


class _JsonRecords:
    """Walks ``{"kind": [record, ...], ...}`` or ``[record, ...]`` record by record, with each record's line.

    The top level is scanned here and each record decoded on its own, so that an error names its line.
    """

    def __init__(self, text: str, name: str):
        self.text, self.name = text, name
        self.decoder = json.JSONDecoder(parse_int=_json_int)
        self.counted, self.lines = 0, 1  # lines counted up to ``counted``: positions only grow

    def line(self, position: int) -> int:
        self.lines += self.text.count("\n", self.counted, position)
        self.counted = position
        return self.lines

    def skip(self, position: int) -> int:
        return JSON_SPACE.match(self.text, position).end()

    def fail(self, position: int, problem: str) -> ContentError:
        return ContentError(f"{self.name}:{self.line(position)}: {problem}")

    def decode(self, position: int) -> tuple[Any, int]:
        try:
            return self.decoder.raw_decode(self.text, position)
        except json.JSONDecodeError as error:
            raise ContentError(f"{self.name}:{error.lineno}: not valid JSON ({error.msg})") from None
        except RecursionError:
            raise self.fail(position, "not valid JSON (nested too deeply)") from None
        except ValueError as error:  # _json_int, or Python's own limit on digits
            raise self.fail(position, f"not valid JSON ({str(error)[:80]})") from None

    def expect(self, position: int, char: str) -> int:
        position = self.skip(position)
        if not self.text.startswith(char, position):
            raise self.fail(position, f"not valid JSON (expected {char!r})")
        return position + 1

    def records(self) -> Iterator[tuple[str, int, int, Any]]:
        position = self.skip(0)
        if self.text.startswith("[", position):
            position = yield from self.group("", position)
        elif self.text.startswith("{", position):
            position = yield from self.groups(position)
        else:
            self.decode(position)  # names what is wrong (empty, not JSON) ...
            raise self.fail(position, "should be a list of records or an object of lists")  # ... or a bare value
        if self.skip(position) != len(self.text):
            raise self.fail(self.skip(position), "not valid JSON (extra data after the end)")

    def groups(self, position: int):
        """The lists of ``{"kind": [...], ...}`` starting at ``position`` ('{'); returns the position after '}'."""
        position = self.skip(position + 1)
        if self.text.startswith("}", position):
            return position + 1
        while True:
            key, position = self.decode(position)
            if not isinstance(key, str):
                raise self.fail(position, "not valid JSON (expected a name in double quotes)")
            position = self.skip(self.expect(position, ":"))
            if not self.text.startswith("[", position):
                raise self.fail(position, f"{key[:40]!r} should be a list of records")
            position = self.skip((yield from self.group(key, position)))
            if not self.text.startswith(",", position):
                return self.expect(position, "}")
            position = self.skip(position + 1)

    def group(self, key: str, position: int):
        """The records of one list starting at ``position`` ('['); returns the position after its ']'."""
        position = self.skip(position + 1)
        index = 0
        if self.text.startswith("]", position):
            return position + 1
        while True:
            record, end = self.decode(position)
            yield key, index, self.line(position), record
            index += 1
            position = self.skip(end)
            if self.text.startswith("]", position):
                return position + 1
            position = self.skip(self.expect(position, ","))


def _json_records(text: str, name: str) -> Iterator[tuple[str, int, int, Any]]:
    """(group key, index, line, record) of every record of a JSON content file."""
    return _JsonRecords(text, name).records()
