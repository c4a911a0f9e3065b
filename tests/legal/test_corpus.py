"""The whole national corpus imported once per session (slow): counts, versions, cited texts."""

from __future__ import annotations

import pytest

from kiosk.legal.library import LegalLibrary

pytestmark = pytest.mark.slow


def test_the_corpus_is_all_there(corpus_library):
    stats = corpus_library.stats()
    assert stats["articles"] > 64_000 and stats["laws_with_text"] > 1_400


def test_versions_sit_side_by_side_and_the_newest_is_current(corpus_library):
    rows = dict(corpus_library.store.connection.execute(
        "SELECT version, status FROM laws WHERE short_title = '突发事件应对法' AND has_text"))
    assert rows == {"2007-08-30": "已修改", "2024-06-28": "有效"}


def test_every_answer_shows_the_text_of_what_it_cites(corpus_library):
    missing = []
    for (answer_id,) in corpus_library.store.connection.execute("SELECT id FROM answers"):
        for cite in corpus_library.answer(answer_id).cites:
            if not cite.text:
                missing.append((answer_id, cite.short_title, cite.label))
    assert not missing
    isolation = corpus_library.answer("epi-isolation-wages").cites[0]
    assert "隔离期间的工作报酬" in isolation.text and isolation.status == "已修改"


def test_layoffs_do_not_bring_up_arbitrators(corpus_library):
    results = corpus_library.search("裁员", 10, log=False, within="articles")
    assert results and all("仲裁员" not in corpus_library.store.connection.execute(
        "SELECT text FROM articles WHERE id = ?", (int(r.ref),)).fetchone()[0] or "裁减" in r.snippet for r in results)


def test_current_laws_rank_above_superseded_ones(corpus_library):
    results = corpus_library.search("参加应急救援工作 工资待遇和福利不变", 5, log=False, within="articles")
    versions = [(r.law, r.version, r.status) for r in results if "突发事件应对法" in r.law]
    assert versions[0][1:] == ("2024-06-28", "有效") and ("2007-08-30" in [v[1] for v in versions])


def test_the_like_path_ranks_the_corpus_as_fts5_does(corpus_library):
    scan = LegalLibrary(corpus_library.store.path, corpus_library.clock, use_fts=False)
    try:
        for query in ("订金和定金区别", "疫情停工期间工资", "裁减人员 二十人以上", "调解协议对方不执行"):
            assert [(r.ref, round(r.score, 3)) for r in scan.search(query, 10, log=False)] == \
                   [(r.ref, round(r.score, 3)) for r in corpus_library.search(query, 10, log=False)], query
    finally:
        scan.close()
