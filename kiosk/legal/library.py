"""``LegalLibrary``: what the visitor screens and kiosk-admin ask of the legal knowledge base.

Open it with the knowledge-base path and a clock; nothing slow happens until
``prepare()`` (build the default content on a fresh data directory, refresh each
law's status) and ``warm_up()`` (load jieba), which a UI runs in a thread. Every
other method prepares on first use, so a script needs no set-up step.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.foundation.i18n import localised, version_in_english
from kiosk.foundation.resources import asset
from kiosk.legal.content import Channel, Guide
from kiosk.legal.importer import DEFAULT_LIMITS, ImportLimits, ImportReport, import_paths
from kiosk.legal.numerals import article_label, article_label_en
from kiosk.legal.pinyin import PinyinIndex
from kiosk.legal.search import Hit, plan_query
from kiosk.legal.segment import SEGMENTER, STOPWORDS, Segmenter, tokens_of
from kiosk.legal.store import KnowledgeBase

Clock = Callable[[], datetime]
# The i18n key of each status word: the knowledge base stores the Chinese words, as the national database does.
STATUS_KEYS = {"有效": "legal.status.in_force", "已修改": "legal.status.amended", "已废止": "legal.status.repealed",
               "尚未生效": "legal.status.not_yet_in_force"}
STATUS_EN = {"已修改": "amended", "已废止": "repealed", "尚未生效": "not yet in force"}  # short, for a title
SNIPPET_CHARS = 80
PRODUCTS_KEY = "products"  # the meta entry holding an imported products catalogue (checked by its core)
SNIPPET_CHARS_EN = 140  # Latin letters are narrow: about the same width on a tile


@dataclass(frozen=True)
class CitedArticle:
    """An article as a visitor sees it: which law, which version, whether it is in force, and its text."""

    law: str  # full title, as in the statute's heading
    short_title: str
    version: str
    status: str  # 有效 / 已修改 / 已废止 / 尚未生效
    effective: str
    article: int
    suffix: str
    label: str
    chapter: str
    text: str | None  # None until the statute's text is imported (kiosk-admin kb import)
    note: str = ""  # the law version's note: what replaced it, what the kiosk does not hold
    law_en: str = ""  # the official English title, where the knowledge base has one
    short_title_en: str = ""
    note_en: str = ""

    def title(self, language: str, with_status: bool = False) -> str:
        """How a visitor sees the citation: 《劳动合同法》第三十条（2012-12-28 版）, or Labour Contract Law, Article 30
        (2012). ``with_status`` adds the status of a version not in force, for a line with no room for it
        beside (（2013-06-29 版，已修改）, "(2013, amended)").
        """
        flagged = with_status and self.status and not self.in_force
        if language != "en":
            status = f"，{self.status}" if flagged else ""
            return f"《{self.short_title}》{self.label}" + (f"（{self.version} 版{status}）" if self.version else "")
        return (f"{self.law_name(language, short=True)}, {self.article_label(language)}"
                + version_in_english(self.version, STATUS_EN.get(self.status, self.status) if flagged else ""))

    def law_name(self, language: str, short: bool = False) -> str:
        """The law's title: 《中华人民共和国劳动合同法》; in English its English title (the Chinese one, without
        book-title marks, for a law the knowledge base has no English title for)."""
        chinese, english = (self.short_title, self.short_title_en) if short else (self.law, self.law_en)
        if language == "en":
            return english or chinese
        return f"《{chinese}》"

    def article_label(self, language: str) -> str:
        return article_label_en(self.article, self.suffix) if language == "en" else self.label

    @property
    def in_force(self) -> bool:
        return self.status == "有效"

    @property
    def status_key(self) -> str:
        return STATUS_KEYS.get(self.status, "legal.status.unknown")

    def detail(self, status_word: str, language: str) -> str:
        """The status (worded by the caller's catalogue) and the law's note, as under a citation on screen."""
        note = localised(self, "note", language)
        return f"{status_word}{'：' if language != 'en' else ': '}{note}" if note else status_word


@dataclass(frozen=True)
class AnswerSummary:
    id: str
    topic: str
    question: str
    question_en: str = ""


@dataclass(frozen=True)
class AnswerView:
    id: str
    topic: str
    question: str
    answer: str
    version_note: str
    cites: tuple[CitedArticle, ...]
    question_en: str = ""
    answer_en: str = ""
    version_note_en: str = ""


@dataclass(frozen=True)
class TopicView:
    code: str
    name: str
    name_en: str
    hot: tuple[AnswerSummary, ...]

    def hot_lines(self, language: str) -> str:
        """The hot questions, one a line, in the visitor's language."""
        return "\n".join(localised(summary, "question", language) for summary in self.hot)


@dataclass(frozen=True)
class SearchResult:
    kind: str  # answer, guide, article
    ref: str  # answer id, service code or article id
    title: str
    score: float
    snippet: str
    topic: str = ""
    cites: tuple[dict, ...] = ()  # for an answer: {law, article}
    law: str = ""  # for an article: the full title
    article: int | None = None
    label: str = ""
    status: str = ""
    version: str = ""
    service: str = ""
    title_en: str = ""  # an answer's English question, a guide's English name
    snippet_en: str = ""
    law_en: str = ""  # for an article: the law's official English title, where known
    note: str = ""  # for an article: its law version's note (what replaced it)
    note_en: str = ""

    def as_dict(self) -> dict:
        data = asdict(self)
        data["cites"] = list(self.cites)
        return {key: value for key, value in data.items() if value not in ("", None, [])}


@dataclass
class _State:
    prepared: bool = False
    vocabulary: frozenset[str] = field(default_factory=frozenset)


class LegalLibrary:
    def __init__(self, path: Path, clock: Clock, timezone: str = "Asia/Shanghai",
                 segmenter: Segmenter = SEGMENTER, use_fts: bool | None = None):
        self.store = KnowledgeBase(path, segmenter, use_fts)
        self.clock = clock
        self.zone = ZoneInfo(timezone)
        self.segmenter = segmenter
        self._state = _State()
        self._lock = threading.Lock()
        self._pinyin: PinyinIndex | None = None

    @classmethod
    def for_runtime(cls, runtime, clock: Clock | None = None, **options) -> LegalLibrary:
        zone = runtime.settings.centre.timezone
        return cls(runtime.knowledge_base_path, clock or (lambda: datetime.now(ZoneInfo(zone))), zone, **options)

    def close(self) -> None:
        self.store.close()

    def today(self) -> date:
        return self.clock().astimezone(self.zone).date()

    # --- start-up ------------------------------------------------------------------

    def prepare(self) -> None:
        """Build the default content on first use and bring law statuses up to today; cheap afterwards."""
        with self._lock:
            if self._state.prepared:
                return
            self.store.ensure_default_content(self.today())
            self._state = _State(True, self._build_vocabulary())

    def warm_up(self) -> float:
        """Load jieba and prepare; seconds jieba took. Meant for a worker thread, before a search is asked."""
        seconds = self.segmenter.warm_up()
        self.prepare()
        return seconds

    def _build_vocabulary(self) -> frozenset[str]:
        """The legal words the query log may keep: never a name, an ID or a phone number."""
        words: set[str] = set()
        words.update(self.store.synonyms)
        for targets in self.store.synonyms.values():
            words.update(targets)
        for line in asset("legal", "userdict.txt").read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                words.add(line.split()[0])
        for line in asset("legal", "pinyin_terms.txt").read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):  # the terms only: no need to load pypinyin here
                words.add(line.split("\t")[0].strip())
        for keywords, english in self.store.connection.execute("SELECT keywords, keywords_en FROM answers"):
            words.update(json.loads(keywords))
            words.update(tokens_of(json.loads(english or "[]")))  # English words as a query is cut into them
        for (name,) in self.store.connection.execute("SELECT name FROM topics"):
            words.add(name)
        return frozenset(words)

    @property
    def pinyin_index(self) -> PinyinIndex:
        if self._pinyin is None:
            self._pinyin = PinyinIndex.default()
        return self._pinyin

    # --- browsing ------------------------------------------------------------------

    def topics(self, hot_per_topic: int = 8) -> list[TopicView]:
        self.prepare()
        with self.store.lock:
            rows = self.store.connection.execute("SELECT code, name, name_en FROM topics ORDER BY position").fetchall()
        # A topic without answers would be a dead end for the visitor who taps it.
        views = [TopicView(code, name, name_en, tuple(self.hot_questions(code, hot_per_topic)))
                 for code, name, name_en in rows]
        return [view for view in views if view.hot]

    def hot_questions(self, topic: str, limit: int = 8) -> list[AnswerSummary]:
        """A topic's answers: the hot ones first, then in the order written."""
        self.prepare()
        with self.store.lock:
            rows = self.store.connection.execute(
                "SELECT id, topic, question, coalesce(question_en, '') FROM answers WHERE topic = ? "
                "ORDER BY hot DESC, position, id LIMIT ?", (topic, limit)).fetchall()
        return [AnswerSummary(*row) for row in rows]

    def answer(self, answer_id: str) -> AnswerView | None:
        self.prepare()
        with self.store.lock:
            row = self.store.connection.execute(
                "SELECT id, topic, question, answer, version_note, cites, coalesce(question_en, ''), "
                "coalesce(answer_en, ''), coalesce(version_note_en, '') FROM answers WHERE id = ?",
                (answer_id,)).fetchone()
            if row is None:
                return None
            return AnswerView(*row[:5], cites=tuple(self.cited(json.loads(row[5]))), question_en=row[6],
                              answer_en=row[7], version_note_en=row[8])

    def cited(self, cites: Iterable[dict]) -> list[CitedArticle]:
        """Resolve {law, version, article, suffix} against the store; missing text is None."""
        found = []
        for cite in cites:
            suffix = cite.get("suffix", "")
            law = self.store.connection.execute(
                "SELECT id, title, short_title, version, status, effective, note, coalesce(title_en, ''), "
                "coalesce(short_title_en, ''), coalesce(note_en, '') FROM laws WHERE short_title = ? AND version = ?",
                (cite["law"], cite["version"])).fetchone()
            if law is None:
                found.append(CitedArticle(cite["law"], cite["law"], cite["version"], "", "", cite["article"],
                                          suffix, article_label(cite["article"], suffix), "", None))
                continue
            article = self.store.connection.execute(
                "SELECT chapter, text FROM articles WHERE law_id = ? AND number = ? AND suffix = ?",
                (law[0], cite["article"], suffix)).fetchone()
            found.append(CitedArticle(
                law=law[1], short_title=law[2], version=law[3], status=law[4], effective=law[5],
                article=cite["article"], suffix=suffix, label=article_label(cite["article"], suffix),
                chapter=article[0] if article else "", text=article[1] if article else None, note=law[6] or "",
                law_en=law[7], short_title_en=law[8], note_en=law[9]))
        return found

    def guide(self, service: str) -> Guide[CitedArticle] | None:
        self.prepare()
        with self.store.lock:
            row = self.store.connection.execute(
                "SELECT service, name, name_en, prefix, summary, who, materials, steps, fees, time_limit, "
                "where_when, hotline, cites, coalesce(summary_en, ''), coalesce(who_en, ''), "
                "coalesce(materials_en, '[]'), coalesce(steps_en, '[]'), coalesce(fees_en, ''), "
                "coalesce(time_limit_en, ''), coalesce(where_when_en, '') FROM guides WHERE service = ?",
                (service,)).fetchone()
            if row is None:
                return None
            return Guide(*row[:6], materials=tuple(json.loads(row[6])), steps=tuple(json.loads(row[7])),
                             fees=row[8], time_limit=row[9], where_when=row[10], hotline=row[11],
                             cites=tuple(self.cited(json.loads(row[12]))), summary_en=row[13], who_en=row[14],
                             materials_en=tuple(json.loads(row[15])), steps_en=tuple(json.loads(row[16])),
                             fees_en=row[17], time_limit_en=row[18], where_when_en=row[19])

    def guides(self) -> list[Guide[CitedArticle]]:
        self.prepare()
        services = [row[0] for row in self.store.connection.execute("SELECT service FROM guides ORDER BY prefix")]
        return [guide for guide in map(self.guide, services) if guide]

    def channels(self, addresses: Mapping[str, str] | None = None) -> list[Channel]:
        """The remote channels; ``addresses`` (code: address, as ``[channels]`` in config.ini gives them) set
        what each QR opens. An empty address leaves the channel without a QR: the screen says to ask staff."""
        self.prepare()
        with self.store.lock:
            rows = self.store.connection.execute(
                "SELECT code, name, name_en, description, contact, qr_url, qr_label, coalesce(description_en, ''), "
                "coalesce(contact_en, ''), coalesce(qr_label_en, '') FROM channels ORDER BY position").fetchall()
        channels = [Channel(*row) for row in rows]
        return [replace(c, qr_url=addresses[c.code]) if addresses and c.code in addresses else c for c in channels]

    def pinyin(self, code: str, limit: int = 12) -> list[str]:
        return self.pinyin_index.lookup(code, limit)

    def english_words(self, start: str, limit: int = 8) -> list[str]:
        """English legal words that begin with ``start`` (wag -> wage, wages), shortest first: the pad's
        completions for an English visitor. Only words of the answers' English keywords."""
        self.prepare()
        start = start.lower()
        found = [word for word in self._state.vocabulary if word.isascii() and word.isalpha() and len(word) > 2
                 and word.startswith(start) and word not in STOPWORDS]
        return sorted(found, key=lambda word: (len(word), word))[:limit]

    # --- search --------------------------------------------------------------------

    def search(self, query: str, limit: int = 10, topic: str = "", log: bool = True,
               within: str = "all") -> list[SearchResult]:
        """Curated answers and guides, then articles, for a visitor's words, best first.

        ``within``: "all", "curated" (answers and guides only), "articles" (a list of its own on screen) or
        "text" (articles holding the text as typed, such as a phrase copied from a statute).
        ``log`` adds the legal words of the query (never anything else) and the topic to today's counts.
        """
        self.prepare()
        limit = max(1, min(limit, 50))
        plan = plan_query(query, self.segmenter, self.store.synonyms)
        with self.store.lock:  # one SQLite connection serves the UI thread and the warm-up thread
            if within == "text":
                hits = self.store.find_substring(query, limit)
            else:
                indexes = {"all": ("curated", "articles"), "curated": ("curated",), "articles": ("articles",)}[within]
                hits = self.store.find(plan, limit, indexes)
            results = [self._result(hit) for hit in hits]
        if log:
            terms = [word for word in plan.words if word in self._state.vocabulary]
            if terms:
                best = topic or next((r.topic for r in results if r.kind == "answer"), "")
                self.store.log_query(self.today(), " ".join(terms), best)
        return results

    def _result(self, hit: Hit) -> SearchResult:
        connection = self.store.connection
        score = round(hit.score, 4)
        if hit.kind == "answer":
            topic, question, answer, cites, question_en, answer_en = connection.execute(
                "SELECT topic, question, answer, cites, coalesce(question_en, ''), coalesce(answer_en, '') "
                "FROM answers WHERE id = ?", (hit.ref,)).fetchone()
            return SearchResult("answer", hit.ref, question, score, _snippet(answer), topic=topic,
                                cites=self._cite_summaries(json.loads(cites)),
                                title_en=question_en, snippet_en=_snippet(answer_en, SNIPPET_CHARS_EN))
        if hit.kind == "guide":
            name, summary, name_en, summary_en = connection.execute(
                "SELECT name, summary, name_en, coalesce(summary_en, '') FROM guides WHERE service = ?",
                (hit.ref,)).fetchone()
            return SearchResult("guide", hit.ref, name, score, _snippet(summary), service=hit.ref, title_en=name_en,
                                snippet_en=_snippet(summary_en, SNIPPET_CHARS_EN))
        row = connection.execute(
            "SELECT laws.title, laws.short_title, laws.version, laws.status, articles.number, articles.suffix, "
            "articles.label, articles.text, coalesce(laws.short_title_en, ''), coalesce(laws.title_en, ''), "
            "coalesce(laws.note, ''), coalesce(laws.note_en, '') "
            "FROM articles JOIN laws ON laws.id = articles.law_id WHERE articles.id = ?", (int(hit.ref),)).fetchone()
        title, short, version, status, number, suffix, label, text, short_en, title_en, note, note_en = row
        cite = CitedArticle(title, short, version, status, "", number, suffix, label, "", text,
                            short_title_en=short_en)
        return SearchResult("article", hit.ref, cite.title("zh_CN", with_status=True), score, _snippet(text),
                            law=title, article=number, label=label, status=status, version=version,
                            title_en=cite.title("en", with_status=True), law_en=title_en, note=note, note_en=note_en)

    def _cite_summaries(self, cites: list[dict]) -> tuple[dict, ...]:
        """An answer's citations as a result lists them: law (full title where known), version and article;
        without reading the articles' text as ``cited`` does (a result list shows no text)."""
        summaries = []
        for cite in cites:
            law = self.store.connection.execute("SELECT title FROM laws WHERE short_title = ? AND version = ?",
                                                (cite["law"], cite["version"])).fetchone()
            summaries.append({"law": law[0] if law else cite["law"], "version": cite["version"],
                              "article": cite["article"]})
        return tuple(summaries)

    def popular_terms(self, start: date, end: date, limit: int = 20) -> list[tuple[str, str, int]]:
        """(terms, topic, count) asked between two days inclusive, most asked first: the reports' 热点."""
        rows = self.store.connection.execute(
            "SELECT terms, topic, sum(count) AS asked FROM query_log WHERE day BETWEEN ? AND ? "
            "GROUP BY terms, topic ORDER BY asked DESC, terms LIMIT ?", (start.isoformat(), end.isoformat(), limit))
        return [tuple(row) for row in rows]

    def daily_counts(self, start: date, end: date) -> list[tuple[str, str, int]]:
        """(day, topic, searches) per day and topic."""
        rows = self.store.connection.execute(
            "SELECT day, topic, sum(count) FROM query_log WHERE day BETWEEN ? AND ? GROUP BY day, topic "
            "ORDER BY day, topic", (start.isoformat(), end.isoformat()))
        return [tuple(row) for row in rows]

    # --- staff ---------------------------------------------------------------------

    def import_paths(self, paths: Iterable[Path], progress: Callable[[str], None] | None = None,
                     limits: ImportLimits = DEFAULT_LIMITS,
                     elsewhere: Callable[[Path], bool] = lambda _path: False) -> ImportReport:
        """Import statutes and content; files ``elsewhere`` claims (a products catalogue) are left to the caller."""
        self.prepare()
        report = import_paths(self.store, paths, self.today(), progress, limits, elsewhere)
        with self._lock:
            self._state = _State(True, self._build_vocabulary())
        return report

    def imported_products(self) -> str | None:
        """The legal service products catalogue staff imported, as its JSON text; None: the shipped one is used."""
        with self.store.lock:
            return self.store.meta(PRODUCTS_KEY)

    def keep_products(self, text: str) -> None:
        """Keep a checked products catalogue (its JSON text) in the knowledge base, in place of the shipped one."""
        with self.store.transaction():
            self.store.set_meta(PRODUCTS_KEY, text)

    def stats(self) -> dict:
        self.prepare()
        return self.store.stats()


def _snippet(text: str, chars: int = SNIPPET_CHARS) -> str:
    """The start of ``text`` on one line; English is cut between words, never inside one."""
    flat = " ".join(text.split())
    if len(flat) <= chars:
        return flat
    cut = flat[:chars]
    if flat[chars - 1].isascii() and flat[chars - 1].isalnum() and flat[chars].isascii() and flat[chars].isalnum():
        word_start = cut.rfind(" ")
        if word_start > chars // 2:  # a word longer than half the snippet (a URL) is cut where it must be
            cut = cut[:word_start]
    return cut.rstrip(" ,;:") + "…"
