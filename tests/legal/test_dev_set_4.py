"""Dev set 4 (bench/legal_dev_questions_4.json): everyday questions in visitors' own words across the topics a
centre sees, written before tuning. These tests check the set itself: its shape and breadth, and that every
article it expects is one the national corpus holds, most of them in the version in force."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from corpus_articles import corpus_versions, in_force, malformed_entries

from kiosk.legal.evaluation import read_questions

SET = Path(__file__).resolve().parents[2] / "bench" / "legal_dev_questions_4.json"
# The areas a centre's visitors bring, each asked at least twice.
AREAS = ("marriage", "inheritance", "debts", "labour", "migrant_wages", "work_injury", "consumer", "traffic", "medical",
         "neighbours", "tenancy", "property", "land", "social_insurance", "pensions", "elderly", "domestic_violence",
         "minors", "criminal", "administrative", "notarisation", "legal_aid", "arbitration", "mediation", "fraud",
         "privacy")
TODAY = date(2026, 12, 7)


def test_the_set_is_broad_and_well_formed():
    questions = read_questions(SET)
    assert len(questions) >= 120 and len({q.id for q in questions}) == len(questions)
    assert len({q.question for q in questions}) == len(questions)
    topics = Counter(q.topic for q in questions)
    assert all(topics[area] >= 2 for area in AREAS), topics
    assert {q.language for q in questions} == {"zh", "en"}
    assert malformed_entries(SET) == []


@pytest.mark.slow
def test_every_expected_article_is_in_the_corpus(shared_data):
    versions, effective = corpus_versions(shared_data / "laws")
    articles = in_force(versions, effective, TODAY.isoformat())
    missing, outdated_only = [], []
    for question in read_questions(SET):
        for law, article, suffix in question.expect:
            if not any((article, suffix) in found for found in versions.get(law, {}).values()):
                missing.append((question.id, law, article, suffix))
        if not any((article, suffix) in articles.get(law, set()) for law, article, suffix in question.expect):
            outdated_only.append(question.id)
    assert missing == []
    # A question may also name the article of a superseded version (行政复议法 2017), never only such articles.
    assert outdated_only == []
