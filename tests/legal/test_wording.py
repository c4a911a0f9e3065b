"""Wordings a visitor reads (#15): snippets cut between words, law names in 《》, one English spelling."""

import json
import re

from kiosk.foundation.resources import asset
from kiosk.legal.library import SNIPPET_CHARS_EN, CitedArticle, _snippet


def test_an_english_snippet_is_cut_between_words():
    text = ("If your employer has not paid your wages on time, keep your payslips and messages, and ask the labour "
            "inspectorate to order payment; arbitration is the next step.")
    snippet = _snippet(text, SNIPPET_CHARS_EN)
    assert snippet.endswith("…") and len(snippet) <= SNIPPET_CHARS_EN + 1
    kept = snippet.removesuffix("…")
    assert text.startswith(kept) and text[len(kept)] in " ,;", f"cut inside a word: {snippet!r}"


def test_a_chinese_snippet_keeps_its_length_and_a_short_text_is_whole():
    text = "入职满一个月单位还没签书面劳动合同的，从第二个月起每月可以要求两倍工资，最多算十一个月。" * 3
    assert _snippet(text) == text[:80] + "…"
    assert _snippet("Short answer.") == "Short answer."


def test_a_law_name_is_in_book_title_marks_in_chinese():
    cite = CitedArticle(law="中华人民共和国劳动合同法", short_title="劳动合同法", version="2012-12-28", status="有效",
                        effective="2013-07-01", article=82, suffix="", label="第八十二条", chapter="", text=None,
                        law_en="Labour Contract Law of the People's Republic of China",
                        short_title_en="Labour Contract Law")
    assert cite.law_name("zh_CN") == "《中华人民共和国劳动合同法》"
    assert cite.law_name("zh_CN", short=True) == "《劳动合同法》"
    assert cite.law_name("en") == "Labour Contract Law of the People's Republic of China"


def english_texts() -> list[str]:
    catalogue = json.loads(asset("i18n", "en.json").read_text(encoding="utf-8"))
    laws = json.loads(asset("legal", "laws.json").read_text(encoding="utf-8"))["laws"]
    return [*catalogue.values(), *(law.get(key, "") for law in laws for key in ("title_en", "short_title_en"))]


def test_english_spells_labour_one_way():
    assert not [text for text in english_texts() if re.search(r"\bLabor\b", text)]


def test_the_legal_screen_has_one_name_in_each_language():
    for language in ("zh_CN", "en"):
        catalogue = json.loads(asset("i18n", f"{language}.json").read_text(encoding="utf-8"))
        assert catalogue["home.legal"] == catalogue["legal.title"]
