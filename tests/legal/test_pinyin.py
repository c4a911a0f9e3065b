"""The pinyin pad's candidates, over the curated term list with polyphones checked."""

from __future__ import annotations

import pytest
from pypinyin import Style, pinyin

from kiosk.foundation.resources import asset
from kiosk.legal.pinyin import PinyinIndex, PinyinTerm, read_terms


@pytest.fixture(scope="module")
def index() -> PinyinIndex:
    return PinyinIndex.default()


def test_at_least_three_hundred_distinct_terms(index):
    terms = [t.term for t in index.terms]
    assert len(terms) >= 300 and len(set(terms)) == len(terms)


def test_every_term_with_a_polyphonic_character_carries_a_checked_reading():
    unchecked = []
    for line in asset("legal", "pinyin_terms.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, _, reading = line.partition("\t")
        polyphonic = any(len(set(pinyin(char, style=Style.NORMAL, heteronym=True)[0])) > 1 for char in term)
        if polyphonic and not reading.strip():
            unchecked.append(term)
    assert not unchecked


@pytest.mark.parametrize(("code", "first"), [
    ("ldht", "劳动合同"), ("flyz", "法律援助"), ("bkkl", "不可抗力"), ("rmtj", "人民调解"), ("sfjd", "司法鉴定"),
    ("jjbc", "经济补偿"), ("jjgl", "居家隔离"), ("zc", "仲裁"), ("gz", "公证"), ("dj", "定金"),
    ("laodonghetong", "劳动合同"), ("laodht", "劳动合同"), ("huankuan", "还款"), ("tiaoxiu", "调休"),
    ("LDHT", "劳动合同"), ("ld ht", "劳动合同"), ("lvshi", "律师"), ("nvzhigong", "女职工"),
])
def test_codes_find_the_term_first(index, code, first):
    assert index.lookup(code)[0] == first


def test_polyphones_read_as_the_legal_word_means(index):
    assert "还款" not in index.lookup("haikuan")
    assert "调休" not in index.lookup("diaoxiu") and "调解" not in index.lookup("diaojie")


def test_prefixes_offer_candidates_and_nonsense_offers_none(index):
    assert "劳动合同法" in index.lookup("ldh", 20)
    assert index.lookup("") == [] and index.lookup("123!") == [] and index.lookup("xqzzv") == []
    assert len(index.lookup("l", 5)) == 5


def test_a_wrong_reading_is_reported_with_its_line(tmp_path):
    path = tmp_path / "terms.txt"
    path.write_text("劳动合同\n还款\thuan\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"terms.txt:2: '还款' needs one pinyin syllable per character"):
        read_terms(path)


def test_a_term_without_a_reading_uses_pypinyin(tmp_path):
    path = tmp_path / "terms.txt"
    path.write_text("# comment\n劳动\n", encoding="utf-8")
    assert read_terms(path) == [PinyinTerm("劳动", ("lao", "dong"), 0)]


def test_the_pad_offers_the_dictionary_s_everyday_words(index):
    assert index.lookup("lhljq")[0] == "离婚冷静期" and index.lookup("jqbh")[0] == "借钱不还"
    assert index.lookup("cyy")[0] == "炒鱿鱼" and "老赖" in index.lookup("laolai")  # from synonyms.tsv only
    # 不还 (还: hai or huan) is in the dictionary but has no checked reading: not offered under a guess.
    assert "不还" not in index.lookup("buhai", 50) and "不还" not in index.lookup("buhuan", 50)
