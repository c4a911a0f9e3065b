"""The shipped content: enough answers in every topic, each citation real, versions said."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from kiosk.foundation.config import load_settings
from kiosk.foundation.resources import asset
from kiosk.legal.content import SERVICES, read_content
from kiosk.legal.statutes import NoArticles, looks_like_statute, parse_statute
from kiosk.legal.store import default_answer_files, shipped_answers

TOPICS = ("labour", "tenancy", "deposits", "legal_aid", "notarisation", "arbitration", "appraisal", "mediation",
          "epidemic")


def shipped(name: str):
    return read_content(asset("legal", name))


def all_cites():
    for answer in shipped_answers():
        for cite in answer.cites:
            yield answer.id, cite
    for guide in shipped("guides.json").guides:
        for cite in guide.cites:
            yield guide.service, cite


def test_every_topic_with_answers_has_enough_and_every_answer_a_known_topic():
    answers = shipped_answers()
    assert len(answers) >= 60 and len({a.id for a in answers}) == len(answers)
    per_topic = Counter(a.topic for a in answers)
    codes = [t.code for t in shipped("topics.json").topics]
    # The everyday matters first: work, family, debts and shopping before the services' own topics.
    assert codes[:3] == ["labour", "work_injury", "marriage"] and set(TOPICS) <= set(codes)
    assert set(per_topic) <= set(codes)
    assert min(per_topic.values()) >= 5
    assert all(a.cites for a in answers)


def test_answers_from_changed_laws_say_which_version_they_cite():
    for answer in shipped_answers():
        changed = {c.law for c in answer.cites} & {"传染病防治法", "仲裁法"}
        if changed:
            assert answer.version_note, answer.id
            for law in changed:
                assert law in answer.version_note and "修订" in answer.version_note


def test_guides_for_the_six_services_and_the_remote_channels():
    guides = {g.service: g for g in shipped("guides.json").guides}
    assert set(guides) == set(SERVICES)
    assert [guides[s].prefix for s in SERVICES] == list("ABCDEF")
    assert all(len(g.materials) >= 2 and g.steps for g in guides.values())
    channels = {c.code: c for c in shipped("channels.json").channels}
    assert set(channels) == {"hotline_12348", "provincial_website", "wechat_service"}
    assert channels["hotline_12348"].qr_url == "tel:12348"
    # Only the national hotline is the same everywhere; the centre configures the other addresses.
    assert channels["provincial_website"].qr_url == channels["wechat_service"].qr_url == ""
    assert "以本中心公示为准" not in channels["provincial_website"].contact


def test_every_cited_law_version_is_described_once_in_laws_json():
    laws = [(law.short_title, law.version) for law in shipped("laws.json").laws]
    assert len(laws) == len(set(laws))
    missing = {(cite.law, cite.version) for _, cite in all_cites()} - set(laws)
    assert not missing
    # One place for law descriptions: an answer file that described a law again could contradict laws.json.
    assert [path.name for path in default_answer_files() if read_content(path).laws] == []


def test_every_answer_has_other_ways_to_ask_and_a_next_step():
    thin = [answer.id for answer in shipped_answers()
            if len(set(answer.phrasings) - {answer.question}) < 2 or not answer.next_step]
    assert not thin


@pytest.fixture(scope="module")
def statutes(shared_data: Path) -> dict:
    """(short title, version) -> {(number, suffix): text}, for the laws the content cites."""
    wanted = {(cite.law, cite.version) for _, cite in all_cites()}
    found: dict = {}
    for path in (shared_data / "laws").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if not looks_like_statute(text):
            continue
        stem = path.stem.split("(")[0]
        if not any(stem == law or path.parent.name == law for law, _ in wanted):
            continue
        try:
            statute = parse_statute(path, text, shared_data / "laws")
        except NoArticles:
            continue  # an amendment (刑法修正案) beside the law in its folder holds no numbered articles
        key = (statute.short_title, statute.version)
        if key in wanted:
            found.setdefault(key, {}).update({(a.number, a.suffix): a.text for a in statute.articles})
    return found


def test_every_citation_resolves_against_the_statutes(statutes):
    unresolved = [(owner, cite) for owner, cite in all_cites()
                  if (cite.article, cite.suffix) not in statutes.get((cite.law, cite.version), {})]
    assert not unresolved


@pytest.mark.parametrize(("law", "version", "article", "words"), [
    ("传染病防治法", "2013-06-29", 41, "不得停止支付其隔离期间的工作报酬"),
    ("民法典", "2020-05-28", 587, "双倍返还定金"),
    ("民法典", "2020-05-28", 180, "不能预见、不能避免且不能克服"),
    ("劳动合同法", "2012-12-28", 47, "每满一年支付一个月工资"),
    ("法律援助法", "2021-08-20", 43, "七日内"),
    ("人民调解法", "2010-08-28", 4, "不收取任何费用"),
    ("工资支付暂行规定", "1994-12-06", 12, "停工、停产"),
    ("突发事件应对法", "2024-06-28", 90, "工资待遇和福利不变"),
])
def test_key_citations_say_what_the_answers_say(statutes, law, version, article, words):
    assert words in statutes[(law, version)][(article, "")]


def test_the_shipped_json_is_tidy():
    for name in ("guides.json", "channels.json", "laws.json", "topics.json"):
        json.loads(asset("legal", name).read_text(encoding="utf-8"))
    for path in default_answer_files():
        json.loads(path.read_text(encoding="utf-8"))


def test_an_answers_next_step_is_a_service_or_a_remote_channel():
    channels = {c.code for c in shipped("channels.json").channels}
    for answer in shipped_answers():
        assert answer.next_step in {*SERVICES, *channels}, answer.id


def test_at_least_two_hundred_answers_in_at_least_sixteen_topics():
    per_topic = Counter(answer.topic for answer in shipped_answers())
    assert sum(per_topic.values()) >= 200 and len(per_topic) >= 16


def test_the_shipped_notice_asks_for_no_health_code():
    centre = load_settings(None).centre  # health codes no longer exist; a notice asking for one misleads
    assert "健康码" not in centre.notice and "health code" not in centre.notice_en.lower()
    assert "口罩" in centre.notice and "mask" in centre.notice_en


def test_an_answer_that_points_at_another_topic_names_it_as_the_screen_does():
    names = {t.name: t.name_en for t in shipped("topics.json").topics}
    pointers = {}
    for answer in shipped_answers():
        for name in re.findall(r"请看“([^”]+)”专题", answer.answer):
            assert name in names, answer.id
            assert f'see the topic "{names[name]}"' in answer.answer_en, answer.id
            pointers[answer.id] = name
    # The short answers that overlap a newer topic send the visitor there.
    overlaps = {"labour-injury": "工伤", "appraisal-work-ability": "工伤", "deposit-prepaid-card": "消费维权"}
    assert overlaps.items() <= pointers.items()
