"""Chinese word segmentation with jieba, loaded once per process.

The index holds each word of jieba's precise cut (no HMM, so the index and a
visitor's query are cut alike), then the dictionary words inside a long word
that start on a word boundary: 劳动合同 also gives 劳动 and 合同, but 仲裁员
does not give 裁员 (it starts inside 仲裁), so a search for 裁员 (layoffs)
does not find arbitrators.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from kiosk.foundation.resources import asset

log = logging.getLogger(__name__)

TOKEN = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer keeps as one token
# Words a question is made of that say nothing about its subject.
STOPWORDS = frozenset((
    "的", "了", "吗", "呢", "啊", "吧", "呀", "么", "嘛", "我", "我们", "你", "你们", "他", "她", "它", "他们",
    "是", "在", "有", "没有", "和", "与", "或", "或者", "及", "对", "把", "被", "给", "让", "就", "都", "也", "还",
    "又", "很", "这", "那", "这个", "那个", "这样", "那样", "怎么", "怎么办", "怎样", "怎么样", "如何", "什么",
    "哪些", "哪里", "哪儿", "为什么", "能", "能不能", "能否", "可以", "可不可以", "可否", "要", "要不要", "需要",
    "会", "会不会", "该", "应该", "应当", "请问", "一下", "多少", "几", "谁", "啥", "咋", "如果", "要是", "时候",
    "之后", "以后", "以前", "请", "是否", "不是", "到底", "一个", "自己", "现在", "问", "想", "知道", "办",
    "怎么算", "算", "没", "不能",
    "什么样", "什么样的", "怎么回事", "有没有", "是不是", "还是", "一直", "注意", "要求", "情况", "问题", "吧",
    "里", "去", "不", "东西", "办理", "手续", "怎么弄", "咋办", "咋整", "多少钱",
    # Who else, how much and the small verbs of a visitor's telling: they say nothing of the subject.
    "对方", "有人", "别人", "人家", "就是", "特别", "非常", "想要", "不想", "快点", "几个", "两个", "我家", "数", "全",
    "后", "出", "用", "弄", "搞",
    # The filler of a story told before the question (我去年…后来…结果…): when, how it went on, who said so.
    "突然", "说", "说好", "上次", "但是", "可是", "然后", "后来", "当时", "已经", "还有", "出来", "过", "得",
    "一", "最近", "之前", "前几天", "几次", "好几次", "只", "才", "再", "直接", "真的", "这么",
    "那么", "其实", "一分钱", "一点点", "一下子", "合法", "到现在", "一样",
    "这种", "这些", "那些", "我该", "咱们", "他们家", "那家", "一家", "这家", "一次", "本来", "竟然", "居然",
    "觉得", "下来", "到",
    # English questions (answers carry English keywords): the words that say nothing of the subject.
    "a", "an", "the", "i", "me", "my", "we", "our", "you", "your", "he", "she", "it", "its", "they", "them", "is",
    "are", "am", "was", "were", "be", "been", "do", "does", "did", "can", "could", "will", "would", "should",
    "may", "might", "must", "to", "of", "in", "on", "at", "for", "from", "by", "with", "about", "as", "and", "or",
    "but", "if", "what", "when", "where", "which", "who", "how", "why", "this", "that", "there", "have", "has",
    "had", "get", "any", "some", "so",
    # What an apostrophe leaves (I'm, won't, doesn't) and the small words of a told story.
    "m", "s", "t", "re", "ve", "ll", "d", "don", "doesn", "didn", "won", "isn", "aren", "wasn", "haven", "hasn",
    "weren", "couldn", "wouldn", "shouldn", "while",
    "still", "just", "now", "then", "also", "very", "really", "got", "gave", "give", "want", "wants", "keep",
    "keeps", "says", "said", "tell", "told", "let", "into", "out", "up", "over", "all", "every", "much", "happens",
    "happen", "happened", "someone", "something", "him", "her", "his", "their", "us", "thing", "things", "way",
))
SUBWORD_MAX = 4
HAN_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+)")  # how jieba splits text before cutting
BLOCK_CACHE = 100_000  # statute blocks remembered while indexing: some 50 MB at most


def tokens_of(words: Iterable[str]) -> list[str]:
    """Lower-cased tokens as FTS5 unicode61 would see them; punctuation and spaces dropped."""
    found: list[str] = []
    for word in words:
        found.extend(part.lower() for part in TOKEN.findall(word))
    return found


def padded(tokens: list[str]) -> tuple[str, int]:
    """Tokens as stored: space-separated with a space at each end, so ' word ' finds whole tokens; and how many."""
    return f" {' '.join(tokens)} ", len(tokens)


class Segmenter:
    """One jieba tokenizer with the legal user dictionary; thread-safe to warm up."""

    def __init__(self, user_dict: Path | None = None):
        self._user_dict = user_dict
        self._tokenizer = None
        self._blocks: dict[str, list[str]] = {}
        self._legal_words: frozenset[str] = frozenset()
        self._lock = threading.Lock()
        self.startup_seconds: float | None = None

    @property
    def ready(self) -> bool:
        return self._tokenizer is not None

    def warm_up(self) -> float:
        """Load jieba's dictionary and ours (about a second); safe to call from a worker thread."""
        with self._lock:
            if self._tokenizer is None:
                started = time.perf_counter()
                jieba = _import_jieba()
                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                user_words = self._user_words()
                for word, freq in user_words:
                    tokenizer.add_word(word, freq)
                self._legal_words = frozenset(word.lower() for word, _ in user_words)
                self._tokenizer = tokenizer
                self.startup_seconds = time.perf_counter() - started
                log.info("jieba ready in %.2f s", self.startup_seconds)
        return self.startup_seconds or 0.0

    def release(self) -> None:
        """Drop the dictionaries (some 60 MB); the next cut loads them again. Call on the thread that cuts."""
        with self._lock:
            self._tokenizer = None
            self._blocks = {}
            self._legal_words = frozenset()

    def _user_words(self) -> list[tuple[str, int | None]]:
        path = self._user_dict or asset("legal", "userdict.txt")
        words = []
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if parts and not parts[0].startswith("#"):
                words.append((parts[0], int(parts[1]) if len(parts) > 1 else None))
        return words

    def _cut(self, text: str, remember: bool) -> list[str]:
        """jieba's precise cut, block by block. Statutes repeat their clauses, so with ``remember`` the
        blocks are kept for the next article; a visitor's words never are (they may hold a name)."""
        if self._tokenizer is None:
            self.warm_up()
        cut, blocks = self._tokenizer.cut, self._blocks
        words: list[str] = []
        for index, block in enumerate(HAN_BLOCK.split(text)):
            if index % 2 == 0:  # between blocks: punctuation and spaces, which tokens_of drops
                words.append(block)
                continue
            found = blocks.get(block)
            if found is None:
                found = list(cut(block, HMM=False))
                if remember and len(blocks) < BLOCK_CACHE:
                    blocks[block] = found
            words.extend(found)
        return words

    def words(self, text: str, remember: bool = False) -> list[str]:
        """The precise cut as tokens, full-width letters and digits folded (１２ -> 12) on both sides."""
        return tokens_of(self._cut(unicodedata.normalize("NFKC", text), remember))

    def index_tokens(self, text: str) -> list[str]:
        """Tokens to index: the words in order, then the boundary-aligned dictionary words inside them. The
        words inside come last so that a phrase of words (饮酒 后 驾驶 机动车) finds them side by side."""
        words = self.words(text, remember=True)  # loads jieba first, when needed
        freq = self._tokenizer.FREQ
        inside = [part for token in words if len(token) > 2 for part in _subwords(token, freq)]
        return words + inside

    def is_legal_word(self, word: str) -> bool:
        """Whether the word is one of the legal user dictionary's."""
        if self._tokenizer is None:
            self.warm_up()
        return word in self._legal_words

    def query_words(self, text: str) -> list[str]:
        """The words of a visitor's question that carry meaning, each once, in order."""
        seen: dict[str, None] = {}
        previous = ""
        for word in self.words(text):
            # A yes-or-no question cut in two (要 不要, 能 不能) asks; 不要 alone would mean 放弃.
            if word not in STOPWORDS and word != f"不{previous}":
                seen.setdefault(word, None)
            previous = word
        return list(seen)


def _import_jieba():
    """jieba, imported here (loading it is what takes the time) without pkg_resources where nothing has
    loaded that yet: jieba only finds its dictionary file through it, and importing it costs some 10 MB
    and a second; without it, jieba opens the same file beside its own module."""
    if "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # an import of it raises ImportError, which jieba handles
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def _subwords(word: str, freq: dict[str, int]) -> list[str]:
    boundaries = {0}
    found = []
    for start in range(len(word) - 1):
        if start not in boundaries:
            continue
        for size in range(2, min(SUBWORD_MAX, len(word) - 1) + 1):
            piece = word[start:start + size]
            if start + size <= len(word) and freq.get(piece):
                found.append(piece)
                boundaries.add(start + size)
    return found


SEGMENTER = Segmenter()
