"""The pinyin pad: a visitor types initials (ldht) or pinyin (laodonghetong, or a mix
such as laodht) and picks 劳动合同 from the candidates.

Only a curated list is searched (``assets/legal/pinyin_terms.txt``): over raw
corpus words initials are too ambiguous. Terms with a character of several
readings carry their reading, checked by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kiosk.foundation.resources import asset

LETTERS = re.compile(r"[a-z]+")
HAN = re.compile(r"[\u4e00-\u9fff]+")


def _polyphonic(word: str) -> bool:
    from pypinyin import Style, pinyin

    return any(len(set(pinyin(char, style=Style.NORMAL, heteronym=True)[0])) > 1 for char in word)


@dataclass(frozen=True)
class PinyinTerm:
    term: str
    syllables: tuple[str, ...]
    position: int  # order in the curated list: earlier is asked for more

    @property
    def initials(self) -> str:
        return "".join(s[0] for s in self.syllables)

    @property
    def full(self) -> str:
        return "".join(self.syllables)


def read_terms(path: Path) -> list[PinyinTerm]:
    """``term`` or ``term<TAB>reading`` per line; ValueError naming the line when a reading does not fit."""
    from pypinyin import Style, lazy_pinyin

    terms = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        term, _, reading = line.partition("\t")
        term = term.strip()
        syllables = tuple(reading.split()) if reading.strip() else tuple(lazy_pinyin(term, style=Style.NORMAL))
        syllables = tuple(s.lower().replace("ü", "v") for s in syllables)
        if len(syllables) != len(term) or not all(LETTERS.fullmatch(s) for s in syllables):
            raise ValueError(f"{path}:{number}: {term!r} needs one pinyin syllable per character, got {reading!r}")
        terms.append(PinyinTerm(term, syllables, len(terms)))
    return terms


def _match(code: str, syllables: tuple[str, ...]) -> int:
    """2 when ``code`` spells every syllable (each in full or by a prefix), 1 when it spells the first few, else 0."""

    @cache
    def walk(at: int, index: int) -> int:
        if at == len(code):
            return 2 if index == len(syllables) else 1
        if index == len(syllables):
            return 0
        syllable, best = syllables[index], 0
        for size in range(1, min(len(syllable), len(code) - at) + 1):
            if code[at:at + size] != syllable[:size]:
                break
            best = max(best, walk(at + size, index + 1))
            if best == 2:
                break
        return best

    return walk(0, 0)


class PinyinIndex:
    """Candidates for what a visitor typed on the pad, best first."""

    def __init__(self, terms: list[PinyinTerm]):
        self.terms = terms

    @classmethod
    def default(cls) -> PinyinIndex:
        """The curated terms, then the everyday words of the synonyms dictionary (老赖, 炒鱿鱼) whose every
        character has one reading: a word with a polyphone is offered only once its reading is checked and
        listed in pinyin_terms.txt."""
        from pypinyin import Style, lazy_pinyin

        from kiosk.legal.store import read_synonyms

        terms = read_terms(asset("legal", "pinyin_terms.txt"))
        known = {term.term for term in terms}
        for word in read_synonyms(asset("legal", "synonyms.tsv")):
            if word not in known and HAN.fullmatch(word) and not _polyphonic(word):
                terms.append(PinyinTerm(word, tuple(lazy_pinyin(word, style=Style.NORMAL)), len(terms)))
        return cls(terms)

    def lookup(self, code: str, limit: int = 12) -> list[str]:
        """Exact initials first, then whole readings, then terms the code begins."""
        code = "".join(LETTERS.findall((code or "").lower().replace("ü", "v")))[:40]
        if not code:
            return []
        ranked = []
        for term in self.terms:
            if term.initials == code:
                tier = 0
            elif term.full == code:
                tier = 1
            else:
                found = _match(code, term.syllables)
                if not found:
                    continue
                tier = 2 if found == 2 else 3
            ranked.append((tier, len(term.term) if tier == 3 else 0, term.position, term.term))
        return [item[3] for item in sorted(ranked)[:limit]]
