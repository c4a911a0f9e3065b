"""Dev set 6 (bench/legal_dev_questions_6.json): everyday questions written before tuning and unlike sets 1-5 in
form: long stories with the question at the end, English in plain general words, and very short questions or
ones with typos and homophones (离昏, 社报, 包公头); weighted to the areas sets 1-5 ask least (migrant wages, work
injury, domestic violence, elderly parents, criminal defence, mediation, debts). These tests check the set
itself: its shape and breadth, and that every article it expects is one the national corpus holds in force."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from corpus_articles import malformed_entries, not_in_force

from kiosk.legal.evaluation import read_questions

SET = Path(__file__).resolve().parents[2] / "bench" / "legal_dev_questions_6.json"
# The areas sets 1-5 ask least, each asked at least four times here.
THIN_AREAS = ("migrant_wages", "work_injury", "domestic_violence", "elderly", "criminal", "mediation", "debts",
              "inheritance", "traffic", "medical", "legal_aid", "administrative")
TODAY = "2026-12-07"


def test_the_set_is_broad_and_of_the_three_forms():
    questions = read_questions(SET)
    assert len(questions) >= 150 and len({q.id for q in questions}) == len(questions)
    assert len({q.question for q in questions}) == len(questions)
    topics = Counter(q.topic for q in questions)
    assert all(topics[area] >= 4 for area in THIN_AREAS), topics
    assert sum(1 for q in questions if q.language == "en") >= 40
    assert sum(1 for q in questions if q.language == "zh" and len(q.question) >= 40) >= 60  # the stories
    assert sum(1 for q in questions if len(q.question) <= 5) >= 40  # "家暴", "离昏冷静期"
    assert malformed_entries(SET) == []


@pytest.mark.slow
def test_every_expected_article_is_in_force_in_the_corpus(shared_data):
    assert not_in_force(SET, shared_data / "laws", TODAY) == []
