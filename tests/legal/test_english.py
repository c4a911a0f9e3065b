"""English legal content: every visitor-facing field written, carried through the knowledge base,
found by English words, and printed in English."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime

import pytest

from kiosk.foundation.config import load_settings
from kiosk.foundation.i18n import localised, translate
from kiosk.foundation.resources import asset
from kiosk.legal.content import read_content
from kiosk.legal.numerals import article_label_en
from kiosk.legal.store import ENGLISH_COLUMNS, shipped_answers
from kiosk.printing.escpos_bytes import ENCODING, answer_bytes
from kiosk.printing.layout import Line, answer_layout
from kiosk.printing.text import columns_for
from kiosk.visitor.printouts import answer_printout, answer_take_away

# Chinese characters, CJK punctuation and full-width forms: none belongs in English text.
CJK = re.compile(r"[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
KEPT_TITLE = re.compile(r"\(([^()]+)\)")


def shipped(name: str):
    return read_content(asset("legal", name))


LAW_TITLES = {title for law in shipped("laws.json").laws for title in (law.title, law.short_title)}


def english_problem(text: str) -> str | None:
    """Why ``text`` is not visitor English, or None. Chinese may only be a law's title in brackets."""
    if not text.strip():
        return "empty"
    for kept in KEPT_TITLE.findall(text):
        if CJK.search(kept) and kept not in LAW_TITLES:
            return f"({kept}) is not a law title"
    rest = KEPT_TITLE.sub("", text)
    return f"Chinese in {rest!r}" if CJK.search(rest) else None


def english_fields():
    """(where, text) of every English field a visitor can see."""
    for answer in shipped_answers():
        yield f"answer {answer.id} question", answer.question_en
        yield f"answer {answer.id} answer", answer.answer_en
        if answer.version_note:
            yield f"answer {answer.id} version note", answer.version_note_en
    for guide in shipped("guides.json").guides:
        for name in ("name", "summary", "who", "fees", "time_limit", "where_when"):
            yield f"guide {guide.service} {name}", getattr(guide, f"{name}_en")
        for name in ("materials", "steps"):
            items = getattr(guide, f"{name}_en")
            assert len(items) == len(getattr(guide, name)), f"guide {guide.service}: every {name} item in English"
            for index, item in enumerate(items, 1):
                yield f"guide {guide.service} {name} {index}", item
    for channel in shipped("channels.json").channels:
        for name in ("name", "description", "contact", "qr_label"):
            yield f"channel {channel.code} {name}", getattr(channel, f"{name}_en")
    for topic in shipped("topics.json").topics:
        yield f"topic {topic.code}", topic.name_en
    for law in shipped("laws.json").laws:
        yield f"law {law.short_title} title", law.title_en
        yield f"law {law.short_title} short title", law.short_title_en


def test_every_visitor_field_has_english_with_chinese_only_in_kept_law_titles():
    fields = list(english_fields())
    assert len(fields) > 69 * 2 + 6 * 8 + 3 * 4 + 9
    problems = [f"{where}: {problem}" for where, text in fields if (problem := english_problem(text))]
    assert not problems, problems


def test_the_check_itself_catches_chinese():
    assert english_problem("Labour Contract Law (劳动合同法), Article 30") is None
    assert english_problem("Ask for your 工资") is not None
    assert english_problem("Pay (工资) in full") is not None
    assert english_problem("Full stop。") is not None
    assert english_problem("  ") == "empty"


def test_english_answers_say_which_version_of_a_revised_law_they_cite():
    english = {law.short_title: law.short_title_en for law in shipped("laws.json").laws}
    for answer in shipped_answers():
        for law in {c.law for c in answer.cites} & {"传染病防治法", "仲裁法"}:
            note = answer.version_note_en
            assert f"{english[law]} ({law})" in note and "revised" in note, answer.id


def test_english_keywords_are_plain_english():
    for answer in shipped_answers():
        assert answer.keywords_en, answer.id
        assert all(not CJK.search(word) for word in answer.keywords_en), answer.id


def test_articles_are_labelled_in_english():
    assert article_label_en(30) == "Article 30"
    assert article_label_en(10, "之一") == "Article 10-1"
    assert article_label_en(133, "之二") == "Article 133-2"


def test_the_knowledge_base_gives_english_views(default_library):
    answer = default_library.answer("labour-unpaid-wages")
    assert answer.question_en.startswith("My employer has not paid my wages")
    assert localised(answer, "answer", "en") == answer.answer_en != answer.answer
    assert localised(answer, "answer", "zh_CN") == answer.answer
    first = answer.cites[0]
    assert first.title("en") == "Labour Contract Law, Article 30 (2012)"
    assert first.title("zh_CN") == "《劳动合同法》第三十条（2012-12-28 版）"
    assert first.law_name("en") == "Labour Contract Law of the People's Republic of China"
    assert first.status_key == "legal.status.in_force"
    revised = default_library.answer("epi-isolation-wages")
    assert "revised" in localised(revised, "version_note", "en")
    guide = default_library.guide("legal_aid")
    assert len(guide.materials_en) == len(guide.materials) and len(guide.steps_en) == len(guide.steps)
    assert localised(guide, "materials", "en") == guide.materials_en
    channels = {c.code: c for c in default_library.channels()}
    assert localised(channels["hotline_12348"], "qr_label", "en") == "Scan to call 12348"
    topics = default_library.topics(hot_per_topic=2)
    assert topics[0].hot_lines("en").split("\n") == [s.question_en for s in topics[0].hot]
    assert all(s.question_en for s in default_library.hot_questions("epidemic", 30))


@pytest.mark.parametrize(("query", "expected"), [
    ("unpaid wages", "labour-unpaid-wages"),
    ("my boss did not pay my salary", "labour-unpaid-wages"),
    ("wedding banquet deposit", "deposit-wedding-cancel"),
    ("quarantine pay", "epi-isolation-wages"),
    ("notary fee", "notary-fee"),
    ("sublet", "tenancy-sublet"),
    ("pregnant dismissed", "labour-pregnant"),
    ("overtime", "labour-overtime"),
    ("severance", "labour-severance"),
    ("neighbour noise", "mediation-how"),
    ("legal aid what to bring", "legalaid-materials"),
    ("flight refund", "epi-travel-refund"),
])
def test_english_questions_find_their_answers(default_library, query, expected):
    found = [r for r in default_library.search(query, 3, log=False, within="curated")]
    assert expected in [r.ref for r in found], [r.ref for r in found]
    assert all(r.title_en for r in found)


def test_english_words_complete_what_the_visitor_spells(default_library):
    assert default_library.english_words("wag") == ["wage", "wages"]
    assert default_library.english_words("DEP")[0] == "deposit"
    assert "what" not in default_library.english_words("wh") and default_library.english_words("zzz") == []


def test_english_legal_words_are_logged_and_nothing_else(library):
    library.search("unpaid wages for John 13800138000", 3)
    assert library.popular_terms(library.today(), library.today()) == [("unpaid wages", "labour", 1)]


def test_content_imported_in_chinese_only_shows_the_chinese(library, tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("id,topic,question,answer,keywords,cites\n"
                    "local-1,labour,本地问题？,本地答复。,本地,劳动合同法(2012-12-28)#30\n", encoding="utf-8")
    report = library.import_paths([path])
    assert report.answers == 1 and not report.errors
    answer = library.answer("local-1")
    assert answer.question_en == "" and localised(answer, "question", "en") == "本地问题？"
    english = tmp_path / "english.json"
    english.write_text(json.dumps({"answers": [{
        "id": "local-2", "topic": "labour", "question": "本地问题二？", "answer": "答复。",
        "question_en": "A local question?", "answer_en": "A local answer.", "keywords_en": ["local"],
        "cites": ["劳动合同法(2012-12-28)#30"]}]}),
        encoding="utf-8")
    library.import_paths([english])
    assert localised(library.answer("local-2"), "question", "en") == "A local question?"
    assert "local-2" in [r.ref for r in library.search("local", 5, log=False)]


def test_a_knowledge_base_from_before_english_gains_it(tmp_path, make_library):
    path = tmp_path / "legal.db"
    make_library(path).close()
    with sqlite3.connect(path) as connection:  # as schema 1 left it: no English columns
        for table, columns in ENGLISH_COLUMNS.items():
            for column in columns:
                connection.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        connection.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    library = make_library(path)
    assert library.store.meta("schema") == "2"
    assert library.answer("labour-unpaid-wages").question_en
    assert library.guide("notarisation").materials_en
    assert library.answer("labour-unpaid-wages").cites[0].short_title_en == "Labour Contract Law"


def test_an_english_answer_prints_in_english_and_the_chinese_one_as_before(default_library):
    settings = load_settings(None)
    answer = default_library.answer("labour-unpaid-wages")
    now = datetime(2026, 11, 29, 10, 0)
    english = answer_printout(answer, settings, "en", now)
    assert english.question == answer.question_en and english.answer == answer.answer_en
    assert english.articles[0].law_title == "Labour Contract Law"
    assert english.articles[0].article_label == "Article 30" and english.articles[0].excerpt == ""
    assert english.qr_text.startswith(answer.question_en)
    assert len(english.qr_text.encode("utf-8")) <= 600
    lines = [block.text for block in answer_layout(english, columns_for(80)) if isinstance(block, Line)]
    printed = answer_bytes(english)
    for line in lines:  # every line in the printer's encoding as it is, none turned into question marks
        assert line.encode(ENCODING, errors="strict") in printed
    text = " ".join(line.strip() for line in lines)
    assert answer.answer_en in text and "Legal basis:" in text and "Labour Contract Law, Article" in text
    assert "劳动合同法" not in text
    chinese = answer_printout(answer, settings, "zh_CN", now)
    assert chinese.question == answer.question and chinese.answer == answer.answer
    assert chinese.articles[0].law_title == "中华人民共和国劳动合同法"
    assert chinese.articles[0].article_label == "第三十条" and chinese.articles[0].excerpt == ""  # no text imported
    # The paper's QR is the screen's, unless paper holds less and it says the full text is printed above.
    assert (answer_take_away(answer, settings).text == chinese.qr_text
            or translate("next.qr_full_here", "zh_CN") in chinese.qr_text)
    assert answer.question.encode(ENCODING) in answer_bytes(chinese)


LABOUR_CONTRACT_LAW = """# 中华人民共和国劳动合同法

2007年6月29日 第十届全国人民代表大会常务委员会第二十八次会议通过

2012年12月28日 第十一届全国人民代表大会常务委员会第三十次会议修正

<!-- INFO END -->

## 第三章 劳动合同的履行和变更

第三十条 用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。

第三十条之一 为测试插入的条文。
"""


def test_imported_articles_of_a_law_with_an_english_title_carry_it(library, tmp_path):
    path = tmp_path / "劳动合同法.md"
    path.write_text(LABOUR_CONTRACT_LAW, encoding="utf-8")
    assert library.import_paths([path]).articles == 2
    [found] = library.search("足额支付劳动报酬", 1, log=False, within="articles")
    assert found.title_en == "Labour Contract Law, Article 30 (2012)"
    assert found.law_en == "Labour Contract Law of the People's Republic of China"
    [inserted] = library.search("为测试插入", 1, log=False, within="articles")
    assert inserted.title_en.endswith("Article 30-1 (2012)")
    cite = library.answer("labour-unpaid-wages").cites[0]
    assert cite.text.startswith("用人单位应当")
    assert cite.title("en") == "Labour Contract Law, Article 30 (2012)"
