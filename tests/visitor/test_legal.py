"""Legal lookup and the legal-aid self-check, as the screens ask for them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.legal.aid_check import LIKELY_ELIGIBLE
from kiosk.legal.library import LegalLibrary, SearchResult
from kiosk.visitor import LEGAL, legal

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> LegalLibrary:
    opened = LegalLibrary(tmp_path_factory.mktemp("kb") / "legal.db", lambda: NOW)
    opened.prepare()
    yield opened
    opened.close()


def test_a_topic_leads_to_its_hot_questions_and_an_answer_with_its_articles(library):
    topics = legal.topics(library)
    assert topics and all(len(topic.hot) <= 2 for topic in topics)
    questions = legal.hot_questions(library, topics[0].code)
    answer = legal.answer(library, questions[0].id)
    assert answer is not None and answer.id == questions[0].id and answer.cites


def test_initials_bring_candidates_and_the_best_ones_results_english_words_first(library):
    found = legal.look_up_initials(library, "ldht", "zh_CN")
    assert found.code == "ldht" and "劳动合同" in found.candidates and found.results
    english = legal.look_up_initials(library, "wag", "en")
    assert english.candidates and english.candidates[0].startswith("wag")


def test_an_article_found_by_search_is_shown_as_a_cited_one():
    found = SearchResult(kind="article", ref="labour-contract-law:39", title="第三十九条", score=1.0,
                         snippet="(an excerpt)", law="中华人民共和国劳动合同法", article=39, label="第三十九条",
                         status="in_force", version="2012", law_en="Labour Contract Law")
    cited = legal.article_of(found)
    assert (cited.law, cited.article, cited.label, cited.text) == (found.law, 39, "第三十九条", "(an excerpt)")
    assert (cited.status, cited.version, cited.law_en) == ("in_force", "2012", "Labour Contract Law")


def test_guides_are_found_by_their_service(library):
    by_service = legal.guides_by_service(library)
    assert by_service["legal_aid"] == legal.guide(library, "legal_aid")
    assert legal.guide(library, "legal_aid").materials


def test_the_self_check_asks_one_question_at_a_time_then_gives_the_outcome():
    first = legal.aid_step({})
    assert first.question == "special" and "domestic_violence" in first.options and first.outcome is None
    done = legal.aid_step({"special": "domestic_violence"})
    assert (done.question, done.options) == ("", ()) and done.outcome.result == LIKELY_ELIGIBLE


def test_legal_use_cases_run_on_the_legal_worker():
    assert {legal.topics.runs_on, legal.answer.runs_on, legal.look_up_initials.runs_on} == {LEGAL}


def test_a_print_outcome_is_worded_as_printed_no_printer_or_failed():
    from kiosk.printing.model import PRINTABLE, PrintResult
    from kiosk.visitor.printouts import print_outcome

    printable = sorted(PRINTABLE)[0]
    assert print_outcome(PrintResult(printable, True)) == "legal.printed"
    assert print_outcome(PrintResult("disabled", False)) == "legal.no_printer"
    assert print_outcome(PrintResult("paper_out", False)) == "legal.print_failed"
    assert print_outcome(PrintResult(printable, False)) == "legal.print_failed"
    assert print_outcome(None) == "legal.print_failed"


def test_every_use_case_a_screen_runs_says_on_which_worker():
    from kiosk.visitor import printouts

    assert printouts.print_ticket.runs_on and printouts.print_answer.runs_on
    assert not hasattr(printouts.print_outcome, "runs_on")  # a plain wording rule, called on the UI thread
