"""What the QR on an answer print-out carries.

With ``[tickets] answer_url`` set, the address of the answer on the centre's
site; otherwise the answer itself, so a phone can show it with no network.
The text is cut to what a QR code on 58 mm paper still scans well.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from kiosk.printing.model import CitedArticle, first_notes

# UTF-8 bytes: about 200 Chinese characters, a version 19 code of 3-dot modules on 58 mm paper.
MAX_QR_BYTES = 600
ELLIPSIS = "…"
# Where a sentence ends: after Chinese full stops at once, after Latin ones before a space, and at a line's
# end (a calculation's working is a list of lines, not sentences).
SENTENCE_END = re.compile(r"(?<=[。！？；\n])|(?<=[.!?;])[ \t]+")


def answer_qr_text(answer_id: str, question: str, answer: str, articles: tuple[CitedArticle, ...],
                   url_template: str = "", language: str = "zh_CN") -> str:
    """The QR text for an answer: its web address, or question, answer and citations within MAX_QR_BYTES.

    Each citation carries its version and, when not in force, its status; a law's note (what replaced it)
    follows its first citation. When the answer would be left too short, the notes go first, then the citations.
    """
    if url_template:
        return url_template.replace("{id}", quote(answer_id, safe=""))
    notes = first_notes(articles)
    citations = "".join("\n" + article.citation(language) for article in articles)
    noted = "".join("\n" + article.citation(language) + (f"\n{note}" if note else "")
                    for article, note in zip(articles, notes, strict=True))
    text = f"{question}\n{answer}"
    if _size(text + noted) <= MAX_QR_BYTES:
        return text + noted
    for tail in (noted, citations, ""):
        room = MAX_QR_BYTES - _size(tail) - _size(ELLIPSIS)
        if room >= _size(question) + 20 or not tail:
            break
    cut = text.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return cut + ELLIPSIS + tail


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def fitted_qr_text(question: str, answer: str, articles: tuple[CitedArticle, ...], fits: Callable[[str], bool],
                   full_text_line: str, language: str = "zh_CN") -> tuple[str, bool]:
    """The QR text for an answer that must pass ``fits``, and whether it carries the whole answer.

    The whole answer with its citations and the laws' notes (a law's articles on one line if need be)
    when that fits; otherwise its leading sentences (the answers put the main point first), never cut
    inside a sentence, then ``full_text_line`` saying where the rest is, then the citations.
    """
    grouped = _by_law(articles, language)
    noted, grouped_noted = _cited(articles, language, notes=True), _cited(grouped, language, notes=True)
    for tail in (noted, grouped_noted):
        if fits(f"{question}\n{answer}{tail}"):
            return f"{question}\n{answer}{tail}", True
    sentences = [part for part in SENTENCE_END.split(answer) if part]
    joiner = " " if language == "en" else ""
    bare = _cited(grouped, language, notes=False)
    for tail in (noted, grouped_noted, bare):

        def with_sentences(count: int, tail: str = tail) -> str:
            kept = "".join(sentence if sentence.endswith("\n") or at + 1 == count else sentence + joiner
                           for at, sentence in enumerate(sentences[:count]))
            return f"{question}\n{kept.rstrip()}\n{full_text_line}{tail}"

        # More sentences never fit better: the most that fit, found by halving (fits may build a QR code).
        low, high = 0, len(sentences)
        while low < high:
            middle = (low + high + 1) // 2
            low, high = (middle, high) if fits(with_sentences(middle)) else (low, middle - 1)
        if low:
            return with_sentences(low), False
    return f"{question}\n{full_text_line}{bare}", False


def _cited(articles: tuple[CitedArticle, ...] | list[CitedArticle], language: str, notes: bool) -> str:
    """The citations, one a line; with ``notes``, a law's note (what replaced it) after its first citation."""
    shown = first_notes(tuple(articles)) if notes else [""] * len(articles)
    return "".join("\n" + article.citation(language) + (f"\n{note}" if note else "")
                   for article, note in zip(articles, shown, strict=True))


def _by_law(articles: tuple[CitedArticle, ...], language: str) -> list[CitedArticle]:
    """The articles of one law version as one citation (《…》第九条、第十三条（… 版）): a long law name
    is then written once."""
    groups: dict[tuple[str, str, str, str], list[str]] = {}
    for article in articles:
        key = (article.law_title, article.version, article.status, article.note)
        groups.setdefault(key, []).append(article.article_label)
    separator = ", " if language == "en" else "、"
    return [CitedArticle(law, separator.join(labels), version, status=status, note=note)
            for (law, version, status, note), labels in groups.items()]
