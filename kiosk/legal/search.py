"""Ranking visitor questions against the knowledge base.

A question is cut into words; each word with its synonyms from the dictionary is one group
(房租 -> 房租 OR 租金). Curated content (answers, guides) and articles are two indexes; each
gives the documents holding every word, then those holding any (less the common ones), ranked
by bm25 times the document's weight (answers above guides; current laws above superseded ones;
core laws above regulations, interpretations and departmental rules: ``article_prior``).
The store then orders all of them by coverage, the weighed share of the question's words a
document holds (``coverage``): curated documents holding three quarters come first, those
under half are left out, and each article is shown once, in the version in force. FTS5 does
the work where SQLite has it; otherwise the same bm25 is computed in Python over a scan of the
same stored tokens (the "LIKE path"), so the order is the same. Text as typed is looked for
with a trigram index (``substring_match``).
"""

from __future__ import annotations

import math
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from kiosk.legal.segment import TOKEN, Segmenter

MAX_QUERY_CHARS = 160  # a question longer than this is cut: a story of four sentences fits, nobody types more
MAX_GROUPS = 12
# Where a told story's clauses end: punctuation, or a space between Chinese words (English words are spaced).
CLAUSE = re.compile(r"[，,。！!？?；;：:]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
# A question of fewer clauses or characters is no story: its first clause names the subject as much as its last.
STORY_CLAUSES, STORY_CHARS = 3, 40
# Each index: its FTS5 table and the document kinds it holds.
INDEXES = {"curated": ("curated_fts", ("answer", "guide")), "articles": ("articles_fts", ("article",))}
# In the any-word pass a word in more documents than this (以上, 期间, 费用) says little and costs
# much (bm25 over thousands of rows): it is left out unless nothing else is left. The curated
# index holds far fewer documents, so it is never cut.
COMMON_DOCS = 600
# An index of docs holding what ranking reads of a matched document (id, weight, kind, ref): looking it up by
# id reads a small index page instead of the document's row with its tokens (a quarter of an any-word
# search's time at 65k articles, where thousands of articles match).
RANK_INDEX = "docs_rank"
BM25_K1, BM25_B = 1.2, 0.75  # FTS5's built-in constants
LEGAL_WORD_WEIGHT = 2.0  # a word of the legal dictionary (userdict.txt, synonyms.tsv) against any other word
MIN_IDF = 0.1  # a word in nearly every document still counts for a little
STORY_WORD_WEIGHT = 0.5  # a word told before the clause that asks, against a word of that clause
# The laws a public legal service centre's visitors need most, by short title: their articles rank above
# those of the many specialised regulations and interpretations that share their words.
CORE_LAWS = frozenset((
    "民法典", "劳动法", "劳动合同法", "劳动合同法实施条例", "劳动争议调解仲裁法", "社会保险法", "工伤保险条例",
    "保障农民工工资支付条例", "女职工劳动保护特别规定", "职工带薪年休假条例", "消费者权益保护法", "食品安全法",
    "产品质量法", "电子商务法", "道路交通安全法", "道路交通安全法实施条例", "医疗纠纷预防和处理条例",
    "医疗事故处理条例", "物业管理条例", "婚姻登记条例", "反家庭暴力法", "老年人权益保障法", "未成年人保护法",
    "妇女权益保障法", "法律援助法", "公证法", "仲裁法", "人民调解法", "民事诉讼法", "刑事诉讼法", "刑法",
    "行政复议法", "行政诉讼法", "行政处罚法", "治安管理处罚法", "国家赔偿法", "传染病防治法", "突发事件应对法",
    "个人信息保护法",
))
CORE_PRIOR = 3.0  # measured on the dev set: 1.6 -> 3.0 took hit@5 from 60% to 70%
# The judicial interpretations a visitor's question most often needs: above other interpretations, below the laws.
CORE_INTERPRETATIONS = frozenset((
    "最高人民法院关于审理民间借贷案件适用法律若干问题的规定",
    "最高人民法院关于适用《民法典》婚姻家庭编的解释（一）",
    "最高人民法院关于适用《民法典》继承编的解释（一）",
    "最高人民法院关于审理道路交通事故损害赔偿案件适用法律若干问题的解释",
    "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）",
))
CORE_INTERPRETATION_PRIOR = 1.6
# By the corpus folder a law comes from: national laws above State Council regulations, judicial
# interpretations and departmental rules (the folder names of ../shared/data/laws).
CATEGORY_PRIOR = {"行政法规": 1.0, "司法解释": 0.9, "部门规章": 0.7}
LAW_PRIOR = 1.2  # every other folder holds laws of the National People's Congress and its Standing Committee


@dataclass(frozen=True)
class Hit:
    doc_id: int
    kind: str
    ref: str
    score: float  # larger is better
    every: bool = False  # found holding every word of the question


@dataclass(frozen=True)
class QueryPlan:
    """The words of a question, each with its alternatives, as token phrases."""

    words: tuple[str, ...]
    groups: tuple[tuple[tuple[str, ...], ...], ...]
    text: str = ""  # the question as typed (cut to MAX_QUERY_CHARS), for the substring fallback
    legal: tuple[bool, ...] = ()  # whether each word is one of the legal dictionary's (see coverage)
    story: tuple[bool, ...] = ()  # whether each word was told before the clause that asks (see word_weights)

    @property
    def empty(self) -> bool:
        return not self.groups

    @cached_property
    def needles(self) -> tuple[tuple[str, ...], ...]:
        """Each group's phrases as they occur in stored tokens (segment.padded)."""
        return tuple(tuple(f" {' '.join(phrase)} " for phrase in group) for group in self.groups)

    def phrases(self) -> list[tuple[str, ...]]:
        seen: dict[tuple[str, ...], None] = {}
        for group in self.groups:
            for phrase in group:
                seen.setdefault(phrase, None)
        return list(seen)


def article_prior(short_title: str, category: str) -> float:
    """How much an article's law weighs in ranking, before its status (curated laws, without a folder, are core)."""
    if short_title in CORE_LAWS or not category:
        return CORE_PRIOR
    if short_title in CORE_INTERPRETATIONS:
        return CORE_INTERPRETATION_PRIOR
    return CATEGORY_PRIOR.get(category, LAW_PRIOR)


def held_words(plan: QueryPlan, tokens: str) -> frozenset[int]:
    """Which of a question's words (by position in the plan) a document's padded tokens hold."""
    return frozenset(index for index, needles in enumerate(plan.needles) if any(n in tokens for n in needles))


def word_weights(plan: QueryPlan, frequency: dict[str, int], total: int) -> list[float]:
    """How much each word of a question says of its subject: its idf (a word's documents estimated by its most
    common alternative, a phrase's by its rarest token: 期间 says little, 停工留薪期 much), times the weight
    of a word of the legal dictionary (三个 may be rare, it is no subject), less for a word of the story told
    before the clause that asks (the question is asked at the end: 孩子 of 我能争到孩子吗 says more than 喝酒)."""
    weights = []
    story = plan.story or (False,) * len(plan.groups)
    for legal, told, group in zip(plan.legal, story, plan.groups, strict=True):
        documents = max(min(frequency.get(token, 0) for token in phrase) for phrase in group)
        weights.append((LEGAL_WORD_WEIGHT if legal else 1.0) * (STORY_WORD_WEIGHT if told else 1.0)
                       * max(math.log((total + 1) / (documents + 1)), MIN_IDF))
    return weights


def coverage(plan: QueryPlan, held: dict[int, frozenset[int]], weights: list[float]) -> dict[int, float]:
    """Each document's share of what the question's words say (``weights``), counting only words of two
    characters or more (unless there are none) that are legal words or that some document holds: a name, a
    number or a typo says nothing of the subject."""
    known = frozenset().union(*held.values()) | {index for index, legal in enumerate(plan.legal) if legal}
    counted = {index for index in known if len(plan.words[index]) > 1} or known
    whole = sum(weights[index] for index in counted)
    return {doc_id: sum(weights[index] for index in words & counted) / whole if whole else 0.0
            for doc_id, words in held.items()}


def normalise(text: str) -> str:
    """Trimmed and cut to MAX_QUERY_CHARS characters."""
    return (text or "").strip()[:MAX_QUERY_CHARS]


@lru_cache(maxsize=4096)
def _phrase(segmenter: Segmenter, synonym: str) -> tuple[str, ...]:
    """A dictionary word as tokens: cut once, not at every question that uses it (never a visitor's words)."""
    return tuple(segmenter.words(synonym))


def asked_words(text: str, segmenter: Segmenter) -> set[str]:
    """The words of the last clause that has any (我能争到孩子吗; not 这个怎么办, which says nothing)."""
    for clause in reversed(CLAUSE.split(text)):
        words = segmenter.query_words(clause) if clause.strip() else []
        if words:
            return set(words)
    return set()


def chosen_words(text: str, segmenter: Segmenter, synonyms: dict[str, tuple[str, ...]]) -> list[str]:
    """The question's words, at most MAX_GROUPS, in order. A story told before the question holds more: then
    the words of the dictionary and those of the last clause (where the question is asked) are kept first,
    the rest of the story's words only while there is room."""
    words = segmenter.query_words(text)
    if len(words) <= MAX_GROUPS:
        return words
    last = asked_words(text, segmenter)
    rank = {word: (word not in synonyms and not segmenter.is_legal_word(word)) * 2 + (word not in last)
            for word in words}
    # Within a rank the later words first: a story ends nearer its question than it begins.
    kept = set(sorted(words, key=lambda word: (rank[word], -words.index(word)))[:MAX_GROUPS])
    return [word for word in words if word in kept]


def plan_query(text: str, segmenter: Segmenter, synonyms: dict[str, tuple[str, ...]]) -> QueryPlan:
    words, groups, legal = [], [], []
    seen: set[tuple[str, ...]] = set()  # each phrase once: 订金 (-> 定金) and 定金 make one group
    for word in chosen_words(normalise(text), segmenter, synonyms):
        if (word,) in seen:
            continue
        alternatives = [(word,)]
        for phrase in (_phrase(segmenter, synonym) for synonym in synonyms.get(word, ())):
            if phrase and phrase not in seen and phrase not in alternatives:
                alternatives.append(phrase)
        seen.update(alternatives)
        words.append(word)
        groups.append(tuple(alternatives))
        legal.append(word in synonyms or segmenter.is_legal_word(word))
    clauses = sum(1 for clause in CLAUSE.split(normalise(text)) if segmenter.query_words(clause))
    story_told = clauses >= STORY_CLAUSES and len(normalise(text)) >= STORY_CHARS
    asked = asked_words(normalise(text), segmenter) if story_told else set()
    story = tuple(word not in asked for word in words) if asked else ()
    return QueryPlan(tuple(words), tuple(groups), normalise(text), tuple(legal), story if any(story) else ())


@dataclass(frozen=True)
class SubstringMatch:
    """A substring query: the runs of letters and digits typed (whatever else was typed is dropped, so FTS5
    syntax means nothing), those of 3 characters and more as a trigram MATCH expression."""

    parts: tuple[str, ...]
    trigram: str  # "" when every part is shorter than a trigram
    short: tuple[str, ...]  # the parts a trigram index cannot look for


def substring_match(text: str) -> SubstringMatch | None:
    """The substring query for a visitor's text; None when nothing searchable was typed."""
    parts = tuple(dict.fromkeys(TOKEN.findall(unicodedata.normalize("NFKC", normalise(text)))))[:MAX_GROUPS]
    if not parts:
        return None
    long = [part for part in parts if len(part) >= 3]
    return SubstringMatch(parts, " AND ".join(f'"{part}"' for part in long),
                          tuple(part for part in parts if len(part) < 3))


def quoted(phrase: tuple[str, ...]) -> str:
    # Tokens hold letters and digits only (segment.TOKEN), so a double-quoted string is a plain
    # phrase to FTS5 whatever the visitor typed: AND, OR, NEAR, *, : and brackets mean nothing.
    return '"' + " ".join(token.replace('"', '""') for token in phrase) + '"'


def match_expression(plan: QueryPlan, every: bool) -> str:
    groups = ["(" + " OR ".join(quoted(phrase) for phrase in group) + ")" for group in plan.groups]
    return (" AND " if every else " OR ").join(groups)


def without_common_words(plan: QueryPlan, frequency: dict[str, int]) -> QueryPlan:
    """The plan for the any-word pass: less lone characters without synonyms (带, 月: they narrow an all-words
    search but match nearly everything alone; 退 stands for 退货, 退还) and less the alternatives that are one
    token in over COMMON_DOCS documents (a group left with none goes); all of it when nothing else is left."""
    kept = []
    for index, (word, group) in enumerate(zip(plan.words, plan.groups, strict=True)):
        rare = tuple(phrase for phrase in group
                     if not (len(phrase) == 1 and frequency.get(phrase[0], 0) > COMMON_DOCS))
        if (len(word) > 1 or len(group) > 1) and rare:
            kept.append((index, rare))
    if not kept:
        return plan
    return QueryPlan(tuple(plan.words[i] for i, _ in kept), tuple(group for _, group in kept), plan.text,
                     tuple(plan.legal[i] for i, _ in kept), tuple(plan.story[i] for i, _ in kept) if plan.story else ())


def vocabulary_counts(connection: sqlite3.Connection, table: str, terms: Iterable[str]) -> dict[str, int]:
    """In how many documents of an FTS5 index each term occurs (absent terms are left out). One lookup a term:
    fts5vocab finds ``term = ?`` in its index but reads the whole vocabulary for ``term IN (...)`` (0.6 ms)."""
    counts = {}
    for term in dict.fromkeys(terms):
        row = connection.execute(f"SELECT doc FROM {table}_vocab WHERE term = ?", (term,)).fetchone()
        if row:
            counts[term] = row[0]
    return counts


def fts_search(connection: sqlite3.Connection, index: str, plan: QueryPlan, every: bool, limit: int,
               frequency: dict[str, int] | None = None) -> list[Hit]:
    """``frequency``: the index's document counts of the plan's tokens where the caller has them already."""
    table = INDEXES[index][0]
    if not every:
        if frequency is None:
            frequency = vocabulary_counts(connection, table, (phrase[0] for phrase in plan.phrases()
                                                              if len(phrase) == 1))
        plan = without_common_words(plan, frequency)
    rows = connection.execute(
        f"SELECT docs.id, docs.kind, docs.ref, bm25({table}) * docs.weight AS rank "
        f"FROM {table} JOIN docs INDEXED BY {RANK_INDEX} ON docs.id = {table}.rowid "
        f"WHERE {table} MATCH ? ORDER BY rank, docs.id LIMIT ?",
        (match_expression(plan, every), limit),
    )
    return [Hit(doc_id, kind, ref, -rank, every) for doc_id, kind, ref, rank in rows]


def like_search(connection: sqlite3.Connection, index: str, plan: QueryPlan, every: bool, limit: int) -> list[Hit]:
    """The same bm25 as FTS5 from one scan of the stored tokens: slower, same order.

    The scan marks which phrases each document holds; that gives each phrase's document count (for
    idf, and to leave common words out of an any-word search as FTS5 does) and the documents that
    match. Only those are read in full, to count occurrences.
    """
    kinds = INDEXES[index][1]
    in_kinds = f"kind IN ({', '.join('?' * len(kinds))})"
    phrases = plan.phrases()
    needles = [f" {' '.join(phrase)} " for phrase in phrases]  # tokens are stored padded with spaces
    total, length_sum = connection.execute(
        f"SELECT count(*), coalesce(sum(length), 0) FROM docs WHERE {in_kinds}", kinds).fetchone()
    if not total:
        return []
    flags = ", ".join("instr(tokens, ?) > 0" for _ in phrases)
    holding = " OR ".join("instr(tokens, ?) > 0" for _ in phrases)
    rows = connection.execute(f"SELECT id, {flags} FROM docs WHERE {in_kinds} AND ({holding})",
                              (*needles, *kinds, *needles)).fetchall()
    frequency = dict(zip(phrases, (sum(row[1 + i] for row in rows) for i in range(len(phrases))), strict=True))
    if not every:
        plan = without_common_words(plan, {phrase[0]: n for phrase, n in frequency.items() if len(phrase) == 1})
    position = {phrase: 1 + i for i, phrase in enumerate(phrases)}
    groups = [[position[phrase] for phrase in group] for group in plan.groups]
    if every:
        wanted = [row[0] for row in rows if all(any(row[i] for i in group) for group in groups)]
    else:
        wanted = [row[0] for row in rows if any(row[i] for group in groups for i in group)]
    kept = {phrase: needles[position[phrase] - 1] for phrase in plan.phrases()}
    average = length_sum / total
    scored = []
    for start in range(0, len(wanted), 500):  # SQLite's limit on bound values
        chunk = wanted[start:start + 500]
        for doc_id, kind, ref, tokens, length, weight in connection.execute(
                f"SELECT id, kind, ref, tokens, length, weight FROM docs WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk):
            norm = BM25_K1 * (1 - BM25_B + BM25_B * length / average)
            bm25 = 0.0
            for phrase, needle in kept.items():
                found = _occurrences(tokens, needle)
                if found:
                    bm25 += _idf(total, frequency[phrase]) * (found * (BM25_K1 + 1)) / (found + norm)
            scored.append(Hit(doc_id, kind, ref, bm25 * weight, every))
    scored.sort(key=lambda hit: (-round(hit.score, 9), hit.doc_id))
    return scored[:limit]


def _occurrences(tokens: str, needle: str) -> int:
    """How often a padded phrase occurs, counting repeats that share a space (" a a " holds " a " twice)."""
    count, start = 0, tokens.find(needle)
    while start >= 0:
        count += 1
        start = tokens.find(needle, start + len(needle) - 1)
    return count


def _idf(total: int, hits: int) -> float:
    value = math.log((total - hits + 0.5) / (hits + 0.5))
    return value if value > 0 else 1e-6
