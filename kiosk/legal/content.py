"""The knowledge base's own content: curated answers, service guides, topics,
remote channels and law metadata, read from JSON or CSV and checked.

The defaults live in ``assets/legal/``; staff import more with ``kb import``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from kiosk.legal.numerals import article_label

SERVICES = ("consultation", "notarisation", "legal_aid", "arbitration", "appraisal", "mediation")
STATUSES = ("有效", "已修改", "已废止", "尚未生效")
CITE_TEXT = re.compile(r"^\s*(?P<law>[^()（）#]+?)\s*[(（](?P<version>\d{4}-\d{2}-\d{2})[)）]\s*#\s*(?P<article>\d+)"
                       r"(?P<suffix>之[一二三四五六七八九十]+)?\s*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


def localised(item: Any, name: str, language: str) -> Any:
    """``item.<name>_en`` for an English visitor when there is one, else ``item.<name>`` (the Chinese)."""
    if language == "en":
        english = getattr(item, f"{name}_en", None)
        if english:
            return english
    return getattr(item, name)


# --- parsing ------------------------------------------------------------------


def _text(record: dict, key: str, where: str, required: bool = True) -> str:
    value = record.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ContentError(f"{where}: {key!r} should be text")
    if required and not value.strip():
        raise ContentError(f"{where}: {key!r} is missing")
    return value.strip()


def _list(record: dict, key: str, where: str) -> tuple[str, ...]:
    value = record.get(key, [])
    if isinstance(value, str):
        value = [part for part in re.split(r"[;；\n|]", value)]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ContentError(f"{where}: {key!r} should be a list of texts")
    return tuple(v.strip() for v in value if v.strip())


def _date(record: dict, key: str, where: str, required: bool = True) -> str:
    value = _text(record, key, where, required)
    if value and not ISO_DATE.match(value):
        raise ContentError(f"{where}: {key!r} should be a date such as 2021-01-01, got {value!r}")
    return value


def parse_cite(value: Any, where: str) -> Cite:
    if isinstance(value, str):
        match = CITE_TEXT.match(value)
        if not match:
            raise ContentError(f"{where}: cite {value!r} should read like 劳动合同法(2012-12-28)#40")
        return Cite(match["law"], match["version"], int(match["article"]), match["suffix"] or "")
    if not isinstance(value, dict):
        raise ContentError(f"{where}: a cite should be an object with law, version and article")
    article = value.get("article")
    if not isinstance(article, int) or article <= 0:
        raise ContentError(f"{where}: cite article should be a positive whole number, got {article!r}")
    return Cite(_text(value, "law", where), _date(value, "version", where), article,
                _text(value, "suffix", where, required=False))


def _cites(record: dict, where: str, required: bool) -> tuple[Cite, ...]:
    raw = record.get("cites", [])
    if isinstance(raw, str):
        raw = [part for part in re.split(r"[;；\n]", raw) if part.strip()]
    if not isinstance(raw, list):
        raise ContentError(f"{where}: 'cites' should be a list")
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
    """Answers, guides, channels, topics and laws from one JSON or CSV file; ContentError if unusable."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise ContentError(f"{path}: expected UTF-8 text") from None
    found = ContentSet()
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        for number, row in enumerate(reader, start=2):
            where = f"{path}:{number}"
            kind = _kind_of(row)
            if kind is None:
                raise ContentError(f"{where}: columns {', '.join(reader.fieldnames or [])} are neither "
                                   "an answer (question), a guide (service) nor a channel (qr_url)")
            getattr(found, kind).append(KINDS[kind](row, where))
        return found
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ContentError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from None
    groups = data if isinstance(data, dict) else {"": data}
    for key, records in groups.items():
        if not isinstance(records, list):
            raise ContentError(f"{path}: {key!r} should be a list of records")
        for index, record in enumerate(records):
            where = f"{path}: {key or 'record'} {index + 1}"
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
