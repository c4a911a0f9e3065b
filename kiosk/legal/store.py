"""The knowledge base: one SQLite file (``runtime.knowledge_base_path``) through sqlite-utils.

Tables: laws (one row per version, status kept current), articles, answers,
guides, topics, channels, synonyms, docs (everything searchable, as segmented
tokens with a ranking weight), curated_fts and articles_fts (FTS5 over docs, where
SQLite has it), articles_trigram (a trigram FTS5 index over the articles' text, for
substring queries),
query_log (normalised terms and topic per day, no personal data) and meta.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path

import sqlite_utils

from kiosk.foundation.resources import asset
from kiosk.legal.content import Answer, ContentSet, Guide, LawInfo, read_content
from kiosk.legal.search import (
    INDEXES,
    RANK_INDEX,
    Hit,
    QueryPlan,
    article_prior,
    coverage,
    fts_search,
    held_words,
    like_search,
    quoted,
    substring_match,
    vocabulary_counts,
    word_weights,
)
from kiosk.legal.segment import SEGMENTER, Segmenter, padded
from kiosk.legal.statutes import ParsedStatute

log = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 120.0
# The first 64 MB of the file (the national corpus's knowledge base is some 135 MB) are memory-mapped. Mapping
# it all took a search's CPU p95 from 7.5 to 7.1 ms but kept some 108 MB of it resident in the kiosk (clean,
# shared pages, yet counted in its RSS), against 56 MB; unmapped, the p95 was 8.6 ms (CPU time of bench_legal's
# relevance questions on the national corpus, 280 searches each).
MMAP_BYTES = 64 * 1024 * 1024
SCHEMA_VERSION = "2"  # 2: English columns
DEFAULT_FILES = ("topics.json", "guides.json", "channels.json", "laws.json", "synonyms.tsv", "userdict.txt")
ANSWERS_FOLDER = "answers"  # one JSON file per topic or piece of work, so that writers never edit the same file
KIND_WEIGHT = {"answer": 3.0, "guide": 2.0, "article": 1.0}
SUBSTRING_TABLE = "articles_trigram"
TOKEN_LAYOUT = "2"  # 2: the words inside long words after all the words (segment.Segmenter.index_tokens)
CURATED_INDEXING = "4"  # how curated documents are indexed (with the dictionary's statute words); a change reloads
# A curated answer or guide is shown only when it holds at least this share of a question's words: below it,
# answers from other topics that share one word (期间, 工资) crowd out the articles that answer.
MIN_CURATED_COVERAGE = 0.5
# A story holds words of what happened that no answer holds (喝酒, 住院): there an answer holding this share is shown.
MIN_STORY_COVERAGE = 0.35
CURATED_FIRST = 0.75  # and comes before every article when it holds this share
COUNTS_REMEMBERED = 50_000  # tokens whose document counts a store remembers per index (some 5 MB at most)
CANDIDATES = 3  # each index is asked for this many times the results wanted, before merging and de-duplicating
# ... and for at least this many results: which of a question's words count in coverage depends on the candidates
# that hold them, so the same pool for the screen's 8 results and the bench's 10 gives both the same order.
CANDIDATE_RESULTS = 10
KIND_RANK = {"answer": 0, "guide": 1, "article": 2}  # at equal coverage: what explains, then what is cited
STATUS_WEIGHT = {"有效": 1.0, "尚未生效": 0.8, "已修改": 0.5, "已废止": 0.3}
ENGLISH_COLUMNS = {
    "laws": ("title_en", "short_title_en", "note_en"),
    "answers": ("question_en", "answer_en", "keywords_en", "version_note_en"),
    "guides": ("summary_en", "who_en", "materials_en", "steps_en", "fees_en", "time_limit_en", "where_when_en"),
    "channels": ("description_en", "contact_en", "qr_label_en"),
}


def fts5_available(connection: sqlite3.Connection) -> bool:
    """Whether this SQLite build has FTS5 (not every Python's does)."""
    try:
        connection.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(body)")
    except sqlite3.OperationalError:
        return False
    connection.execute("DROP TABLE temp.fts5_probe")
    return True


def law_status(effective: str, repealed: str, superseded_from: str | None, today: date) -> str:
    """有效 / 已修改 / 已废止 / 尚未生效 on ``today``; ``superseded_from``: when a later version took effect."""
    day = today.isoformat()
    if repealed and repealed <= day:
        return "已废止"
    if effective > day:
        return "尚未生效"
    if superseded_from and superseded_from <= day:
        return "已修改"
    return "有效"


def default_answer_files() -> list[Path]:
    """The shipped curated answers, in a stable order."""
    return sorted(asset("legal", ANSWERS_FOLDER).glob("*.json"))


def shipped_answers() -> list[Answer]:
    """Every curated answer the product ships, read straight from the files (for checks and tools)."""
    return [answer for path in default_answer_files() for answer in read_content(path).answers]


def default_content_files() -> list[Path]:
    return [asset("legal", name) for name in DEFAULT_FILES] + default_answer_files()


def dictionary_digest() -> str:
    """Which user dictionary cut the words, and how they are laid out: articles indexed otherwise need
    importing again."""
    return hashlib.sha256(TOKEN_LAYOUT.encode() + asset("legal", "userdict.txt").read_bytes()).hexdigest()


def read_synonyms(path: Path) -> dict[str, tuple[str, ...]]:
    """``everyday word<TAB>statute word, another`` per line; # starts a comment line."""
    table: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        term, _, targets = line.partition("\t")
        words = tuple(t.strip() for t in targets.replace("，", ",").split(",") if t.strip())
        if not term.strip() or not words:
            raise ValueError(f"{path}:{number}: expected 'word<TAB>synonym, synonym'")
        table[term.strip()] = words
    return table


class KnowledgeBase:
    """The store; methods that change it run one transaction each and are safe across threads."""

    def __init__(self, path: Path, segmenter: Segmenter = SEGMENTER, use_fts: bool | None = None):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.segmenter = segmenter
        # Several processes share the data folder; the first to load the shipped content holds the write
        # lock while it segments every answer, which takes seconds on a busy machine.
        connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None,
                                     timeout=BUSY_TIMEOUT_SECONDS)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        # Ranking reads index pages all over a 130 MB file: mapped, they are read without a system call each
        # (a tenth off a search's CPU time at 65k articles); see MMAP_BYTES for how much of it.
        connection.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        self.db = sqlite_utils.Database(connection)
        self.connection = connection
        self.lock = threading.RLock()
        self.use_fts = fts5_available(connection) if use_fts is None else use_fts
        self.has_trigram = False
        self._totals: dict[str, int] = {}  # documents per index (word weights), forgotten when docs change
        self._term_counts: dict[str, dict[str, int]] = {}  # per FTS5 table: documents per token, likewise
        self._data_version: int | None = None  # SQLite's count of commits by other connections (_forget_if_changed)
        self._synonyms: dict[str, tuple[str, ...]] | None = None
        self._create_schema()

    def close(self) -> None:
        self.connection.close()

    # --- schema and meta ---------------------------------------------------------

    def _create_schema(self) -> None:
        db = self.db
        with self.lock:
            db["meta"].create({"key": str, "value": str}, pk="key", if_not_exists=True)
            db["laws"].create({
                "id": int, "title": str, "short_title": str, "version": str, "effective": str,
                "promulgated": str, "issuer": str, "category": str, "repealed": str, "note": str,
                "has_text": int, "curated": int, "status": str, "source": str, **_english("laws"),
            }, pk="id", not_null={"title", "version"}, if_not_exists=True)
            db["laws"].create_index(["title", "version"], unique=True, if_not_exists=True)
            db["laws"].create_index(["short_title"], if_not_exists=True)
            db["articles"].create({
                "id": int, "law_id": int, "number": int, "suffix": str, "label": str, "chapter": str,
                "text": str, "source": str, "line": int,
            }, pk="id", foreign_keys=[("law_id", "laws", "id")], if_not_exists=True)
            db["articles"].create_index(["law_id", "number", "suffix"], unique=True, if_not_exists=True)
            db["answers"].create({
                "id": str, "topic": str, "question": str, "answer": str, "keywords": str, "cites": str,
                "hot": int, "version_note": str, "origin": str, "position": int, **_english("answers"),
            }, pk="id", if_not_exists=True)
            db["guides"].create({
                "service": str, "name": str, "name_en": str, "prefix": str, "summary": str, "who": str,
                "materials": str, "steps": str, "fees": str, "time_limit": str, "where_when": str,
                "hotline": str, "cites": str, "origin": str, **_english("guides"),
            }, pk="service", if_not_exists=True)
            db["topics"].create({"code": str, "name": str, "name_en": str, "position": int},
                                pk="code", if_not_exists=True)
            db["channels"].create({
                "code": str, "name": str, "name_en": str, "description": str, "contact": str,
                "qr_url": str, "qr_label": str, "origin": str, "position": int, **_english("channels"),
            }, pk="code", if_not_exists=True)
            db["synonyms"].create({"term": str, "targets": str}, pk="term", if_not_exists=True)
            db["docs"].create({"id": int, "kind": str, "ref": str, "law_id": int, "tokens": str,
                               "length": int, "weight": float}, pk="id", if_not_exists=True)
            db["docs"].create_index(["kind", "ref"], unique=True, if_not_exists=True)
            db["docs"].create_index(["law_id"], if_not_exists=True)
            # What ranking reads of each document FTS5 matches, without reading past its tokens (search.fts_search).
            db["docs"].create_index(["id", "weight", "kind", "ref"], index_name=RANK_INDEX, if_not_exists=True)
            db["query_log"].create({"day": str, "terms": str, "topic": str, "count": int},
                                   pk=("day", "terms", "topic"), if_not_exists=True)
            for table, columns in ENGLISH_COLUMNS.items():  # a knowledge base from schema 1 gains them
                missing = [column for column in columns if column not in db[table].columns_dict]
                for column in missing:
                    self.connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
                if missing:  # and the shipped content is loaded again to fill them
                    self.connection.execute("DELETE FROM meta WHERE key = 'default_content'")
            if self.use_fts:
                for index, (table, kinds) in INDEXES.items():
                    self.connection.execute(
                        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5("
                        "tokens, content='docs', content_rowid='id', tokenize='unicode61 remove_diacritics 0')")
                    self.connection.execute(
                        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table}_vocab USING fts5vocab({table}, 'row')")
                    if self.meta(f"{index}_fts") != "complete":
                        # New, or rows were written by a build without FTS5: index what docs holds.
                        with self.transaction():
                            self.connection.execute(f"INSERT INTO {table}({table}) VALUES('delete-all')")
                            self.connection.execute(
                                f"INSERT INTO {table}(rowid, tokens) SELECT id, tokens FROM docs "
                                f"WHERE kind IN ({', '.join('?' * len(kinds))})", kinds)
                            self.set_meta(f"{index}_fts", "complete")
            if self.use_fts:
                self._create_substring_index()
            if self.meta("schema") != SCHEMA_VERSION:
                self.set_meta("schema", SCHEMA_VERSION)

    def _create_substring_index(self) -> None:
        """A trigram index over the articles' own text, for substring queries (see ``find_substring``); filled
        by ``complete_substring_index``, not here: opening the store stays quick."""
        try:
            self.connection.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {SUBSTRING_TABLE} USING fts5("
                "text, content='articles', content_rowid='id', tokenize='trigram')")
        except sqlite3.OperationalError:  # an SQLite older than 3.34 has no trigram tokenizer
            return
        self.has_trigram = self.meta("substring_index") == "complete"

    def complete_substring_index(self) -> None:
        """Index the articles' text for substring queries where that is not done (a store from before the
        index, or written without FTS5): some 25 s for 65k articles, once."""
        if self.has_trigram or not self.use_fts or not self.connection.execute(
                "SELECT 1 FROM sqlite_master WHERE name = ?", (SUBSTRING_TABLE,)).fetchone():
            return
        with self.lock, self.transaction():
            self.connection.execute(f"INSERT INTO {SUBSTRING_TABLE}({SUBSTRING_TABLE}) VALUES('rebuild')")
            self.set_meta("substring_index", "complete")
        self.has_trigram = True

    def transaction(self):
        return _Transaction(self)

    def meta(self, key: str) -> str | None:
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.connection.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # --- default content -----------------------------------------------------------

    def ensure_default_content(self, today: date) -> bool:
        """Load the shipped content when it is missing or changed, and complete the substring index; True when
        the content (re)loaded."""
        self.complete_substring_index()
        files = default_content_files()
        digest = hashlib.sha256(CURATED_INDEXING.encode() + b"".join(path.read_bytes() for path in files)).hexdigest()
        if self.meta("default_content") == digest:
            self.refresh_status(today)
            return False
        content = ContentSet()
        for path in files:
            if path.suffix == ".json":
                found = read_content(path)
                for name in ("answers", "guides", "channels", "topics", "laws"):
                    getattr(content, name).extend(getattr(found, name))
        with self.lock, self.transaction():
            if self.meta("default_content") == digest:
                return False  # another process loaded it while this one waited for the write lock
            self.connection.execute("DELETE FROM topics")
            self.connection.execute("DELETE FROM synonyms")
            self._upsert("synonyms", [{"term": term, "targets": json.dumps(list(targets), ensure_ascii=False)}
                                      for term, targets in read_synonyms(asset("legal", "synonyms.tsv")).items()],
                         "term")
            self._synonyms = None  # the curated documents below are indexed with the new table
            for kind, table, key in (("answer", "answers", "id"), ("guide", "guides", "service")):
                stale = [row[0] for row in self.connection.execute(
                    f"SELECT {key} FROM {table} WHERE origin = 'default'")]
                self._delete_docs(kind, stale)
                self.connection.execute(f"DELETE FROM {table} WHERE origin = 'default'")
            self.connection.execute("DELETE FROM channels WHERE origin = 'default'")
            self._drop_retired_versions(content.laws)
            self.write_content(content, origin="default")
            self.set_meta("default_content", digest)
        self._synonyms = None
        self.refresh_status(today)
        return True

    def write_content(self, content: ContentSet, origin: str) -> None:
        """Upsert answers, guides, channels, topics and laws, and index what is searchable."""
        with self.lock, self.transaction():
            keep = set()
            if origin == "default":  # staff imports of the same id win over the shipped text
                keep = {row[0] for row in self.connection.execute(
                    "SELECT id FROM answers WHERE origin != 'default' UNION ALL "
                    "SELECT service FROM guides WHERE origin != 'default'")}
            answers = [a for a in content.answers if a.id not in keep]
            guides = [g for g in content.guides if g.service not in keep]
            self._upsert("answers", [_answer_row(a, origin, i) for i, a in enumerate(answers)], "id")
            self._upsert("guides", [_guide_row(g, origin) for g in guides], "service")
            self._upsert("channels", [{**asdict(c), "origin": origin, "position": i}
                                      for i, c in enumerate(content.channels)], "code")
            self._upsert("topics", [asdict(t) for t in content.topics], "code")
            for law in content.laws:
                self._upsert_curated_law(law)
            self._index("answer", [(a.id, _answer_text(a), _answer_about(a)) for a in answers], None)
            self._index("guide", [(g.service, _guide_text(g), f"{g.name} {g.summary}") for g in guides], None)

    def _drop_retired_versions(self, shipped: Sequence[LawInfo]) -> None:
        """Forget described versions without text that the shipped laws no longer name (an earlier release
        keyed the 2025 revisions by effective date): left behind, they would count as later versions."""
        keep = {(law.title, law.version) for law in shipped}
        titles = {title for title, _ in keep}
        retired = [(law_id,) for law_id, title, version in self.connection.execute(
            "SELECT id, title, version FROM laws WHERE curated = 1 AND has_text = 0 "
            "AND NOT EXISTS (SELECT 1 FROM articles WHERE law_id = laws.id)")
            if title in titles and (title, version) not in keep]
        self.connection.executemany("DELETE FROM laws WHERE id = ?", retired)

    def _upsert_curated_law(self, law: LawInfo) -> None:
        existing = self.connection.execute(
            "SELECT id FROM laws WHERE title = ? AND version = ?", (law.title, law.version)).fetchone()
        row = {"title": law.title, "short_title": law.short_title, "version": law.version,
               "effective": law.effective, "promulgated": law.promulgated or law.version, "issuer": law.issuer,
               "repealed": law.repealed, "note": law.note, "curated": 1, "title_en": law.title_en,
               "short_title_en": law.short_title_en, "note_en": law.note_en}
        if existing:
            self._update("laws", existing[0], row)
        else:
            self._upsert("laws", [{**row, "has_text": 0, "category": "", "status": "有效", "source": "curated"}], "")

    # --- statutes --------------------------------------------------------------------

    def write_statutes(self, statutes: Sequence[tuple[ParsedStatute, list[tuple[str, int]]]]) -> tuple[int, int]:
        """Store parsed statutes with their articles' indexed text (see segment.padded); returns (laws, articles).

        The same law version imported again replaces its articles, so nothing is duplicated.
        """
        articles_written = 0
        with self.lock, self.transaction():
            for statute, texts in statutes:
                law_id = self._law_for(statute)
                keys = {(a.number, a.suffix) for a in statute.articles}
                old = [str(article_id) for article_id, number, suffix in self.connection.execute(
                    "SELECT id, number, suffix FROM articles WHERE law_id = ?", (law_id,)) if (number, suffix) in keys]
                if old:
                    self._delete_docs("article", old)
                    self._unindex_substrings([int(i) for i in old])
                    self.connection.executemany("DELETE FROM articles WHERE id = ?", [(int(i),) for i in old])
                first_id = self._insert_articles(law_id, statute)
                self._index_substrings(first_id, first_id + len(statute.articles))
                self._index_rows("article", [(str(first_id + offset), text, length, law_id)
                                             for offset, (text, length) in enumerate(texts)])
                articles_written += len(statute.articles)
            if statutes:
                self.set_meta("articles_dictionary", dictionary_digest())
        return len(statutes), articles_written

    def _index_substrings(self, first_id: int, end_id: int) -> None:
        if self.has_trigram:
            self.connection.execute(f"INSERT INTO {SUBSTRING_TABLE}(rowid, text) SELECT id, text FROM articles "
                                    "WHERE id >= ? AND id < ?", (first_id, end_id))
        else:  # a later run with the trigram tokenizer must index what this one wrote
            self.set_meta("substring_index", "stale")

    def _unindex_substrings(self, article_ids: list[int]) -> None:
        if self.has_trigram:  # an external-content FTS5 table is told the old text of what it forgets
            self.connection.executemany(
                f"INSERT INTO {SUBSTRING_TABLE}({SUBSTRING_TABLE}, rowid, text) "
                "SELECT 'delete', id, text FROM articles WHERE id = ?", [(i,) for i in article_ids])
        else:
            self.set_meta("substring_index", "stale")

    def _insert_articles(self, law_id: int, statute: ParsedStatute) -> int:
        """Insert the articles with consecutive ids; returns the first id."""
        start = self.connection.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()[0]
        self.connection.executemany(
            "INSERT INTO articles(id, law_id, number, suffix, label, chapter, text, source, line) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(start + offset, law_id, a.number, a.suffix, a.label, a.chapter, a.text, statute.source, a.line)
             for offset, a in enumerate(statute.articles)])
        return start

    def _law_for(self, statute: ParsedStatute) -> int:
        row = self.connection.execute("SELECT id, curated FROM laws WHERE title = ? AND version = ?",
                                      (statute.title, statute.version)).fetchone()
        found = {"has_text": 1, "source": statute.source, "category": statute.category}
        if row and row[1]:  # curated metadata (effective date, issuer) is more exact than the file's
            self._update("laws", row[0], found)
            return row[0]
        values = {**found, "title": statute.title, "short_title": statute.short_title,
                  "version": statute.version, "effective": statute.effective,
                  "promulgated": statute.promulgated, "issuer": statute.issuer}
        if row:
            self._update("laws", row[0], values)
            return row[0]
        return self._upsert("laws", [{**values, "repealed": "", "note": "", "curated": 0, "status": "有效"}], "")

    # Writes use plain SQL: sqlite-utils' own writes commit, which would split our transactions.
    def _upsert(self, table: str, rows: list[dict], pk: str) -> int:
        """Insert rows, replacing on ``pk`` (none: plain insert); returns the last rowid."""
        if not rows:
            return 0
        columns = list(rows[0])
        conflict = (f" ON CONFLICT({pk}) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in columns if c != pk)
                    if pk else "")
        sql = f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}){conflict}"
        cursor = self.connection.cursor()
        for row in rows:
            cursor.execute(sql, [row[c] for c in columns])
        return cursor.lastrowid

    def _update(self, table: str, row_id: int, values: dict) -> None:
        assignments = ", ".join(f"{column} = ?" for column in values)
        self.connection.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*values.values(), row_id])

    # --- index -------------------------------------------------------------------------

    def _index(self, kind: str, items: Iterable[tuple[str, str, str]], law_id: int | None) -> None:
        """Index curated documents (ref, text, what it is about): their words, then the statute words the
        dictionary gives for the everyday words of what it is about (an answer asking about 单位 is found by
        用人单位, as a question saying 厂里 looks for it)."""
        synonyms = self.synonyms
        rows = []
        for ref, text, about in items:
            legal = [token for word in dict.fromkeys(self.segmenter.index_tokens(about))
                     for target in synonyms.get(word, ()) for token in self.segmenter.words(target)]
            rows.append((ref, *padded(self.segmenter.index_tokens(text) + legal), law_id))
        self._delete_docs(kind, [row[0] for row in rows])
        self._index_rows(kind, rows)

    def _index_rows(self, kind: str, rows: list[tuple[str, str, int, int | None]]) -> None:
        if not rows:
            return
        self._forget_counts()
        start = self.connection.execute("SELECT coalesce(max(id), 0) + 1 FROM docs").fetchone()[0]
        weight = KIND_WEIGHT[kind]
        records = [(start + i, kind, ref, law_id, text, length, weight)
                   for i, (ref, text, length, law_id) in enumerate(rows)]
        self.connection.executemany(
            "INSERT INTO docs(id, kind, ref, law_id, tokens, length, weight) VALUES (?, ?, ?, ?, ?, ?, ?)", records)
        if self.use_fts:
            table = _fts_table(kind)
            self.connection.executemany(f"INSERT INTO {table}(rowid, tokens) VALUES (?, ?)",
                                        [(r[0], r[4]) for r in records])
        else:  # a later run with FTS5 must index what this one wrote
            self.set_meta(f"{_fts_index(kind)}_fts", "stale")

    def _delete_docs(self, kind: str, refs: Sequence[str]) -> None:
        if not refs:
            return
        self._forget_counts()
        found = [row for ref in refs for row in self.connection.execute(
            "SELECT id, tokens FROM docs WHERE kind = ? AND ref = ?", (kind, ref))]
        if self.use_fts:
            table = _fts_table(kind)
            self.connection.executemany(
                f"INSERT INTO {table}({table}, rowid, tokens) VALUES ('delete', ?, ?)", found)
        else:
            self.set_meta(f"{_fts_index(kind)}_fts", "stale")
        self.connection.executemany("DELETE FROM docs WHERE id = ?", [(row[0],) for row in found])

    # --- status ------------------------------------------------------------------------

    def refresh_status(self, today: date) -> int:
        """Recompute each law version's status for ``today``, and its articles' ranking weight; returns how many
        statuses changed."""
        laws = list(self.connection.execute(
            "SELECT id, title, version, effective, repealed, status, short_title, coalesce(category, '') FROM laws "
            "ORDER BY title, version"))
        changed, weights = [], []
        for index, (law_id, title, _version, effective, repealed, status, short_title, category) in enumerate(laws):
            later = [row[3] for row in laws[index + 1:] if row[1] == title]
            new = law_status(effective, repealed or "", min(later) if later else None, today)
            if new != status:
                changed.append((new, law_id))
            weight = KIND_WEIGHT["article"] * STATUS_WEIGHT[new] * article_prior(short_title, category)
            weights.append((weight, law_id, weight))
        with self.lock, self.transaction():
            self.connection.executemany("UPDATE laws SET status = ? WHERE id = ?", changed)
            # Only rows whose weight differs are written: after the first run this reads and writes nothing much.
            self.connection.executemany(
                "UPDATE docs SET weight = ? WHERE law_id = ? AND kind = 'article' AND weight != ?", weights)
        return len(changed)

    # --- search ------------------------------------------------------------------------

    @property
    def synonyms(self) -> dict[str, tuple[str, ...]]:
        if self._synonyms is None:
            self._synonyms = {term: tuple(json.loads(targets))
                              for term, targets in self.connection.execute("SELECT term, targets FROM synonyms")}
        return self._synonyms

    def find(self, plan: QueryPlan, limit: int, indexes: Sequence[str] = ("curated", "articles")) -> list[Hit]:
        """What answers a question, best first, each document once and each article in one version.

        Each index gives its documents holding every word, then those holding any; a document's coverage is
        the weighed share of the question's words it holds (search.coverage). Curated documents holding under
        MIN_CURATED_COVERAGE are left out, those holding CURATED_FIRST come first; then the order is coverage,
        every word before some, curated before articles, bm25 times weight. Too few results: the text as typed.
        """
        if plan.empty:
            return []
        self._forget_if_changed()
        frequency, total = self._token_frequency(plan)
        single = [phrase[0] for phrase in plan.phrases() if len(phrase) == 1]

        def run(index: str, every: bool) -> list[Hit]:
            if not self.use_fts:
                return like_search(self.connection, index, plan, every, wanted)
            # The any-word pass leaves out the common words, by the index's remembered counts.
            return fts_search(self.connection, index, plan, every, wanted,
                              None if every else self._document_counts(INDEXES[index][0], single))

        wanted = max(limit, CANDIDATE_RESULTS) * CANDIDATES
        candidates: list[Hit] = []
        for index in indexes:
            found = run(index, True)
            if len(found) < wanted and len(plan.groups) > 1:
                seen = {hit.doc_id for hit in found}
                found += [hit for hit in run(index, False) if hit.doc_id not in seen][: wanted - len(found)]
            candidates += found
        held = self._coverage(plan, [hit.doc_id for hit in candidates], frequency, total)
        least = MIN_STORY_COVERAGE if plan.story else MIN_CURATED_COVERAGE
        kept = [hit for hit in candidates if hit.kind == "article" or held[hit.doc_id] >= least]
        # Curated answers and guides that hold nearly all of it come first: they explain, and cite the articles.
        kept.sort(key=lambda hit: (hit.kind == "article" or held[hit.doc_id] < CURATED_FIRST,
                                   -round(held[hit.doc_id], 1), not hit.every, KIND_RANK[hit.kind], -hit.score,
                                   hit.doc_id))
        hits = self._one_version_each(kept)[:limit]
        match = substring_match(plan.text)
        # Too few: the text may be cut otherwise than the statute's words, so it is looked for as typed; not
        # for text of under 3 characters only, where a substring is no word (裁员 in 仲裁员).
        if len(hits) < limit and "articles" in indexes and match is not None and match.trigram:
            seen = {hit.doc_id for hit in hits}
            hits += [hit for hit in self.find_substring(plan.text, limit) if hit.doc_id not in seen][:limit - len(hits)]
        return hits

    def _coverage(self, plan: QueryPlan, doc_ids: list[int], frequency: dict[str, int], total: int
                  ) -> dict[int, float]:
        held: dict[int, frozenset[int]] = {}
        for start in range(0, len(doc_ids), 500):  # SQLite's limit on bound values
            chunk = doc_ids[start:start + 500]
            for doc_id, tokens in self.connection.execute(
                    f"SELECT id, tokens FROM docs WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
                held[doc_id] = held_words(plan, tokens)
        return coverage(plan, held, word_weights(plan, frequency, total))

    def _forget_counts(self) -> None:
        self._totals.clear()
        self._term_counts.clear()

    def _forget_if_changed(self) -> None:
        """Forget the remembered counts when another connection (an import by kiosk-admin) changed the file."""
        version = self.connection.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._forget_counts()
            self._data_version = version

    def _document_counts(self, table: str, tokens: Sequence[str]) -> dict[str, int]:
        """In how many documents of an FTS5 index each token occurs (absent ones left out), remembered until
        the documents change: a question's words are mostly words asked before, and reading fts5vocab is
        a tenth of a millisecond a token at 65k articles. Tokens come from the statutes' and the curated
        words and a visitor's question; those are forgotten past COUNTS_REMEMBERED."""
        known = self._term_counts.setdefault(table, {})
        missing = [token for token in dict.fromkeys(tokens) if token not in known]
        if missing:
            if len(known) + len(missing) > COUNTS_REMEMBERED:
                known.clear()
            found = vocabulary_counts(self.connection, table, missing)
            known.update((token, found.get(token, 0)) for token in missing)
        return {token: known[token] for token in tokens if known.get(token)}

    def _token_frequency(self, plan: QueryPlan) -> tuple[dict[str, int], int]:
        """In how many documents each token of a question occurs, and of how many: over the articles where
        there are any (the statutes' language), else over the curated content."""
        tokens = sorted({token for phrase in plan.phrases() for token in phrase})
        has_articles = self.connection.execute("SELECT 1 FROM docs WHERE kind = 'article' LIMIT 1").fetchone()
        table, kinds = INDEXES["articles" if has_articles else "curated"]
        in_kinds = f"kind IN ({', '.join('?' * len(kinds))})"
        if table not in self._totals:  # counting 65k rows takes milliseconds: once per process and change
            self._totals[table] = self.connection.execute(f"SELECT count(*) FROM docs WHERE {in_kinds}",
                                                          kinds).fetchone()[0]
        total = self._totals[table]
        if self.use_fts:
            return self._document_counts(table, tokens), total
        counts = ", ".join("coalesce(sum(instr(tokens, ?) > 0), 0)" for _ in tokens)
        row = self.connection.execute(f"SELECT {counts} FROM docs WHERE {in_kinds}",
                                      (*(f" {token} " for token in tokens), *kinds)).fetchone()
        return dict(zip(tokens, row, strict=True)), total

    def _one_version_each(self, hits: list[Hit]) -> list[Hit]:
        """Each article once: where two versions of a law give the same article (same number, or the same text
        renumbered), the version in force takes the place of the better ranked one."""
        ids = [int(hit.ref) for hit in hits if hit.kind == "article"]
        if not ids:
            return hits
        rows = {str(row[0]): row[1:] for row in self.connection.execute(
            "SELECT articles.id, laws.title, articles.number, articles.suffix, articles.text, laws.status "
            f"FROM articles JOIN laws ON laws.id = articles.law_id WHERE articles.id IN ({', '.join('?' * len(ids))})",
            ids)}
        slots: dict[tuple, int] = {}  # an article's keys -> its place in the result
        result: list[Hit] = []
        for hit in hits:
            if hit.kind != "article":
                result.append(hit)
                continue
            title, number, suffix, text, status = rows[hit.ref]
            keys = ((title, number, suffix), (title, " ".join(text.split())))
            place = next((slots[key] for key in keys if key in slots), None)
            if place is None:
                for key in keys:
                    slots[key] = len(result)
                result.append(hit)
            elif status == "有效" and rows[result[place].ref][4] != "有效":
                result[place] = hit
                for key in keys:
                    slots[key] = place
        return result

    def find_substring(self, text: str, limit: int) -> list[Hit]:
        """Articles holding ``text`` as written (a phrase copied from a statute, a term cut otherwise), current
        versions and core laws first. The trigram index answers parts of 3 characters and more; a text of
        only shorter parts is looked for as words in the word index (a trigram index cannot, LIKE on it finds
        nothing on SQLite 3.40, and a scan of the articles takes a tenth of a second). Without FTS5: a scan."""
        match = substring_match(text)
        if match is None:
            return []
        join = "JOIN docs ON docs.kind = 'article' AND docs.ref = CAST(articles.id AS TEXT)"
        wanted = limit * CANDIDATES
        if self.has_trigram and match.trigram:
            short = " AND ".join("instr(articles.text, ?) > 0" for _ in match.short) or "1"
            rows = self.connection.execute(
                f"SELECT docs.id, docs.ref, docs.weight FROM {SUBSTRING_TABLE} "
                f"JOIN articles ON articles.id = {SUBSTRING_TABLE}.rowid {join} "
                f"WHERE {SUBSTRING_TABLE} MATCH ? AND {short} ORDER BY docs.weight DESC, docs.id LIMIT ?",
                (match.trigram, *match.short, wanted))
        elif self.use_fts:
            table = INDEXES["articles"][0]
            words = " AND ".join(quoted((part.lower(),)) for part in match.parts)
            rows = self.connection.execute(
                f"SELECT docs.id, docs.ref, docs.weight FROM {table} JOIN docs ON docs.id = {table}.rowid "
                f"WHERE {table} MATCH ? ORDER BY docs.weight DESC, docs.id LIMIT ?", (words, wanted))
        else:
            every = " AND ".join("instr(articles.text, ?) > 0" for _ in match.parts)
            rows = self.connection.execute(
                f"SELECT docs.id, docs.ref, docs.weight FROM articles {join} "
                f"WHERE {every} ORDER BY docs.weight DESC, docs.id LIMIT ?", (*match.parts, wanted))
        hits = [Hit(doc_id, "article", ref, weight) for doc_id, ref, weight in rows]
        return self._one_version_each(hits)[:limit]

    # --- query log -----------------------------------------------------------------------

    def log_query(self, day: date, terms: str, topic: str) -> None:
        with self.lock:
            self.connection.execute(
                "INSERT INTO query_log(day, terms, topic, count) VALUES (?, ?, ?, 1) "
                "ON CONFLICT(day, terms, topic) DO UPDATE SET count = count + 1",
                (day.isoformat(), terms, topic))

    def stats(self) -> dict[str, int | str | bool]:
        counts = {table: self.db[table].count for table in
                  ("laws", "articles", "answers", "guides", "topics", "channels", "synonyms", "docs")}
        counts["laws_with_text"] = self.connection.execute("SELECT count(*) FROM laws WHERE has_text").fetchone()[0]
        counts["logged_searches"] = self.connection.execute(
            "SELECT coalesce(sum(count), 0) FROM query_log").fetchone()[0]
        stale = counts["articles"] > 0 and self.meta("articles_dictionary") != dictionary_digest()
        return {**counts, "fts5": self.use_fts, "reimport_needed": stale,
                "file_bytes": self.path.stat().st_size, "path": str(self.path)}


def _english(table: str) -> dict[str, type]:
    return dict.fromkeys(ENGLISH_COLUMNS[table], str)


def _fts_index(kind: str) -> str:
    return next(index for index, (_, kinds) in INDEXES.items() if kind in kinds)


def _fts_table(kind: str) -> str:
    return INDEXES[_fts_index(kind)][0]


class _Transaction:
    """BEGIN/COMMIT that nests (the outer one commits)."""

    def __init__(self, store: KnowledgeBase):
        self.store = store

    def __enter__(self):
        self.store.lock.acquire()
        self.outer = not self.store.connection.in_transaction
        if self.outer:
            self.store.connection.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, kind, value, traceback):
        try:
            if self.outer:
                self.store.connection.execute("COMMIT" if kind is None else "ROLLBACK")
        finally:
            self.store.lock.release()
        return False


def _answer_row(answer: Answer, origin: str, position: int) -> dict:
    return {"id": answer.id, "topic": answer.topic, "question": answer.question, "answer": answer.answer,
            "keywords": json.dumps(list(answer.keywords), ensure_ascii=False),
            "cites": json.dumps([c.__dict__ for c in answer.cites], ensure_ascii=False),
            "hot": int(answer.hot), "version_note": answer.version_note, "origin": origin, "position": position,
            "question_en": answer.question_en, "answer_en": answer.answer_en,
            "keywords_en": json.dumps(list(answer.keywords_en), ensure_ascii=False),
            "version_note_en": answer.version_note_en}


def _guide_row(guide: Guide, origin: str) -> dict:
    row = asdict(guide)
    for key in ("materials", "steps", "cites", "materials_en", "steps_en"):
        row[key] = json.dumps(row[key], ensure_ascii=False)
    return {**row, "origin": origin}


def _answer_about(answer: Answer) -> str:
    """The question, its other phrasings and its keywords: what the answer is about."""
    return " ".join((answer.question, *answer.phrasings, *answer.keywords))


def _answer_text(answer: Answer) -> str:
    # What it is about twice: it says what the answer is about better than its body.
    # The English question and keywords make English words findable without weighing on Chinese ranking.
    head = _answer_about(answer)
    return " ".join((head, head, answer.answer, answer.question_en, *answer.keywords_en))


def _guide_text(guide: Guide) -> str:
    return " ".join((guide.name, guide.name, guide.summary, guide.who, *guide.materials, *guide.steps, guide.fees,
                     guide.name_en, guide.summary_en))
