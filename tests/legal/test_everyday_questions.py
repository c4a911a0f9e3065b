"""The held-out set of everyday questions (tests/legal/data/everyday_questions.json).

Written from what visitors ask and what the law says, before any tuning of search, and
kept apart from the curated answers: it measures whether search generalises. These tests
check the set itself: its shape, its coverage, and that every article it expects exists
in the version of its law that is in force.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from corpus_articles import corpus_versions, in_force

SET = Path(__file__).parent / "data" / "everyday_questions.json"
TOPICS = ("labour", "tenancy", "deposits", "legal_aid", "notarisation", "arbitration", "appraisal", "mediation",
          "epidemic", "marriage", "inheritance", "debts", "consumer", "traffic", "medical", "neighbours",
          "work_injury", "criminal", "administrative")
TODAY = date(2026, 12, 7)
# Laws whose newest text in the corpus has been replaced by a revision the corpus lacks
# (../shared/data/README.md): an expected article there would be an outdated answer.
REVISED_BEYOND_CORPUS = {"传染病防治法", "仲裁法", "治安管理处罚法"}


@pytest.fixture(scope="module")
def questions() -> list[dict]:
    return json.loads(SET.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def articles_in_force(shared_data) -> dict[str, set[tuple[int, str]]]:
    """Short title -> the (number, suffix) of every article of its version in force on TODAY."""
    return in_force(*corpus_versions(shared_data / "laws"), TODAY.isoformat())


def test_the_set_is_large_enough_and_well_formed(questions):
    assert len(questions) >= 170
    for item in questions:
        assert set(item) == {"id", "question", "language", "topic", "expect"}, item
        assert item["language"] in ("zh", "en") and item["question"].strip(), item["id"]
        assert 1 <= len(item["expect"]) <= 3, item["id"]
        for expected in item["expect"]:
            assert set(expected) == {"law", "article", "suffix"}, item["id"]
            assert isinstance(expected["article"], int) and expected["article"] > 0, item["id"]
            assert expected["suffix"] in ("", "之一", "之二", "之三"), item["id"]
    english = sum(item["language"] == "en" for item in questions)
    assert 12 <= english <= 20


def test_ids_are_unique(questions):
    counts = Counter(item["id"] for item in questions)
    assert [key for key, count in counts.items() if count > 1] == []


def test_every_topic_has_at_least_eight_questions(questions):
    counts = Counter(item["topic"] for item in questions)
    assert set(counts) == set(TOPICS)
    assert {topic: count for topic, count in counts.items() if count < 8} == {}


def test_no_question_is_asked_twice(questions):
    counts = Counter(item["question"] for item in questions)
    assert [question for question, count in counts.items() if count > 1] == []


def test_every_expected_article_exists_in_the_version_in_force(questions, articles_in_force):
    missing = [(item["id"], expected["law"], expected["article"], expected["suffix"])
               for item in questions for expected in item["expect"]
               if (expected["article"], expected["suffix"]) not in articles_in_force.get(expected["law"], set())]
    assert missing == []


def test_no_expected_article_is_from_a_text_revised_beyond_the_corpus(questions):
    outdated = [(item["id"], expected["law"]) for item in questions for expected in item["expect"]
                if expected["law"] in REVISED_BEYOND_CORPUS]
    assert outdated == []
