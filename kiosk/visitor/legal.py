"""Legal lookup: topics, hot questions, answers and the articles they cite, guides, search by pinyin
initials, the remote channels and the legal-aid self-check."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from kiosk.legal.aid_check import QUESTIONS, Outcome, next_question, outcome
from kiosk.legal.content import Channel, Guide
from kiosk.legal.library import AnswerSummary, AnswerView, CitedArticle, LegalLibrary, SearchResult, TopicView
from kiosk.visitor import LEGAL, runs_on

RESULTS, CANDIDATES, ENGLISH_COMPLETIONS = 8, 8, 4


@runs_on(LEGAL)
def topics(library: LegalLibrary, hot_per_topic: int = 2) -> list[TopicView]:
    return library.topics(hot_per_topic=hot_per_topic)


@runs_on(LEGAL)
def hot_questions(library: LegalLibrary, topic: str) -> list[AnswerSummary]:
    return library.hot_questions(topic, limit=30)


@runs_on(LEGAL)
def answer(library: LegalLibrary, answer_id: str) -> AnswerView | None:
    return library.answer(answer_id)


@runs_on(LEGAL)
def guide(library: LegalLibrary, service: str) -> Guide | None:
    """A service's guide (who, what to bring, steps ...), or None."""
    return library.guide(service)


@runs_on(LEGAL)
def guides(library: LegalLibrary) -> list[Guide]:
    return library.guides()


@runs_on(LEGAL)
def guides_by_service(library: LegalLibrary) -> dict[str, Guide]:
    """Every guide by its service, for the materials on the service tiles."""
    return {found.service: found for found in library.guides()}


@runs_on(LEGAL)
def channels(library: LegalLibrary, addresses: Mapping[str, str]) -> list[Channel]:
    """The remote channels with the addresses the centre configured."""
    return library.channels(addresses)


@runs_on(LEGAL)
def search(library: LegalLibrary, term: str) -> list[SearchResult]:
    """What the visitor picked from the candidate bar (logged, for the most searched words)."""
    return library.search(term, limit=RESULTS)


@runs_on(LEGAL)
def popular_terms(library: LegalLibrary, day: date, limit: int) -> list[tuple[str, str, int]]:
    return library.popular_terms(day, day, limit)


@dataclass(frozen=True)
class Lookup:
    """What a pinyin code (``ldht``) brings up: the candidate bar and the best candidate's results."""

    code: str
    candidates: list[str]
    results: list[SearchResult]


@runs_on(LEGAL)
def look_up_initials(library: LegalLibrary, code: str, language: str) -> Lookup:
    """Candidates for the letters typed so far and results for the best of them."""
    candidates = library.pinyin(code, limit=CANDIDATES)
    if language == "en":
        # An English visitor spells English words on the same pad; completions come first in the bar.
        candidates = [*library.english_words(code, limit=ENGLISH_COMPLETIONS), *candidates][:CANDIDATES]
    # Results follow the best candidate as keys are pressed; not logged until the visitor picks one.
    results = library.search(candidates[0], limit=RESULTS, log=False) if candidates else []
    return Lookup(code, candidates, results)


def article_of(result: SearchResult) -> CitedArticle:
    """An article found by search, as the article screen shows a cited one."""
    return CitedArticle(law=result.law, short_title=result.law, version=result.version, status=result.status,
                        effective="", article=result.article or 0, suffix="", label=result.label, chapter="",
                        text=result.snippet, note=result.note, law_en=result.law_en, note_en=result.note_en)


@dataclass(frozen=True)
class AidStep:
    """Where the legal-aid self-check stands: the next question and its options, or the outcome."""

    question: str
    options: tuple[str, ...]
    outcome: Outcome | None


def aid_step(answers: Mapping[str, str]) -> AidStep:
    """The next question for the answers given so far; when none is left, the likely outcome."""
    question = next_question(dict(answers)) or ""
    if question:
        return AidStep(question, tuple(QUESTIONS[question]), None)
    return AidStep("", (), outcome(dict(answers)))
