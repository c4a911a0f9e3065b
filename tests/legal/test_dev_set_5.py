"""Dev set 5 (bench/legal_dev_questions_5.json): everyday questions in visitors' own words, written before tuning
and weighted to the areas the earlier sets cover thinly (deposits, property fees, pensions, rural land, 彩礼,
adoption, guardianship, online and live-stream shopping, parcels, fraud, privacy, pets, schools, dispatch work,
administrative deadlines). These tests check the set itself: its shape and breadth, and that every article it
expects is one the national corpus holds in a version in force."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from corpus_articles import malformed_entries, not_in_force

from kiosk.legal.evaluation import read_questions

SET = Path(__file__).resolve().parents[2] / "bench" / "legal_dev_questions_5.json"
# The thin areas of sets 1-4, each asked at least five times here.
THIN_AREAS = ("tenancy", "property", "pensions", "land", "marriage", "adoption", "elderly", "medical", "consumer",
              "fraud", "privacy", "neighbours", "minors", "migrant_wages", "labour", "traffic", "administrative",
              "legal_aid", "notarisation", "social_insurance")
TODAY = "2026-12-07"


def test_the_set_is_broad_and_well_formed():
    questions = read_questions(SET)
    assert len(questions) >= 150 and len({q.id for q in questions}) == len(questions)
    assert len({q.question for q in questions}) == len(questions)
    topics = Counter(q.topic for q in questions)
    assert all(topics[area] >= 5 for area in THIN_AREAS), topics
    assert {q.language for q in questions} == {"zh", "en"}
    assert sum(1 for q in questions if len(q.question) <= 4) >= 10  # the very short ones: "欠薪", "宅基地"
    assert malformed_entries(SET) == []


@pytest.mark.slow
def test_every_expected_article_is_in_force_in_the_corpus(shared_data):
    assert not_in_force(SET, shared_data / "laws", TODAY) == []
