"""The facade the visitor screens use: topics, answers with their articles, guides, channels, start-up."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time

from kiosk.legal.segment import Segmenter


def test_a_fresh_data_directory_holds_the_content_without_an_import(tmp_path, make_library):
    library = make_library(tmp_path / "fresh" / "legal.db")
    stats = library.stats()
    assert stats["answers"] >= 60 and stats["guides"] == 6 and stats["channels"] == 3 and stats["topics"] >= 9
    assert stats["articles"] == 0  # statute texts come from `kb import`, never from the project


def test_opening_again_does_not_rebuild(tmp_path, make_library):
    path = tmp_path / "legal.db"
    make_library(path).close()
    again = make_library(path)
    assert not again.store.ensure_default_content(again.today())


def test_topics_with_hot_questions(default_library):
    topics = default_library.topics()
    assert [t.name for t in topics][:4] == ["劳动用工", "工伤", "婚姻家庭", "继承与遗嘱"]
    assert all(topic.hot for topic in topics)
    labour = topics[0]
    assert labour.hot[0].id == "labour-unpaid-wages" and len(labour.hot) == 8
    epidemic = next(topic for topic in topics if topic.code == "epidemic")
    assert all(question.topic == "epidemic" for question in epidemic.hot)


def test_an_answer_shows_each_cited_article_with_its_law_status_and_date(default_library):
    view = default_library.answer("epi-isolation-wages")
    assert "隔离" in view.question and "2025年9月1日" in view.version_note
    first = view.cites[0]
    assert (first.law, first.version, first.label, first.status) == (
        "中华人民共和国传染病防治法", "2013-06-29", "第四十一条", "已修改")
    assert first.text is None  # until the statutes are imported
    labour = view.cites[1]
    assert (labour.short_title, labour.status, labour.effective) == ("劳动合同法", "有效", "2013-07-01")
    assert default_library.answer("no-such-answer") is None


def test_law_status_follows_the_clock(make_library, tmp_path):
    library = make_library(tmp_path / "legal.db")
    arbitration = library.answer("arb-what-disputes").cites[0]
    assert arbitration.status == "已修改"  # the 2026-03-01 revision is in force on 2026-11-29
    library.store.refresh_status(library.today().replace(year=2025))
    assert library.answer("arb-what-disputes").cites[0].status == "有效"
    statuses = dict(library.store.connection.execute(
        "SELECT version, status FROM laws WHERE short_title = '仲裁法'").fetchall())
    assert statuses == {"2017-09-01": "有效", "2025-09-12": "尚未生效"}  # versions are adoption dates


def test_guides_by_service_code(default_library):
    guide = default_library.guide("legal_aid")
    assert guide.prefix == "C" and guide.name == "法律援助申请"
    assert any("身份证" in item for item in guide.materials)
    assert guide.cites[0].law == "中华人民共和国法律援助法"
    assert [g.service for g in default_library.guides()] == [
        "consultation", "notarisation", "legal_aid", "arbitration", "appraisal", "mediation"]
    assert default_library.guide("banking") is None


def test_channels_say_what_their_qr_opens(default_library):
    channels = default_library.channels()
    assert channels[0].contact == "12348" and channels[0].qr_url == "tel:12348"
    assert all(channel.qr_label for channel in channels)
    # The centre's own addresses: nothing made up ships; what config.ini gives is what the QR opens.
    assert {c.code: c.qr_url for c in channels[1:]} == {"provincial_website": "", "wechat_service": ""}
    configured = {c.code: c.qr_url for c in default_library.channels(
        {"provincial_website": "https://example.gov.cn/12348", "wechat_service": ""})}
    assert configured == {"hotline_12348": "tel:12348", "provincial_website": "https://example.gov.cn/12348",
                          "wechat_service": ""}


def test_pinyin_candidates(default_library):
    assert default_library.pinyin("ldht")[0] == "劳动合同"


def test_warm_up_runs_in_a_thread_and_searching_meanwhile_waits_for_it(tmp_path, make_library):
    segmenter = Segmenter()
    library = make_library(tmp_path / "legal.db", segmenter=Segmenter())
    library.segmenter = segmenter
    started = time.perf_counter()
    worker = threading.Thread(target=library.warm_up)
    worker.start()
    results = library.search("婚宴 定金", 3, log=False)
    worker.join(timeout=30)
    assert segmenter.ready and results[0].ref == "deposit-wedding-cancel"
    assert segmenter.startup_seconds is not None and segmenter.startup_seconds < time.perf_counter() - started + 1


def test_the_knowledge_base_is_its_own_sqlite_file(default_library):
    tables = {row[0] for row in sqlite3.connect(default_library.store.path).execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"laws", "articles", "answers", "guides", "topics", "channels", "synonyms", "docs", "query_log"} <= tables


def test_the_core_imports_neither_kivy_nor_jieba():
    code = "import sys, kiosk.legal.library; print('kivy' in sys.modules, 'jieba' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert output.split() == ["False", "False"]
