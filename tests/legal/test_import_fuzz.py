"""Fuzzing the import parsers (issue 18): whatever the bytes, a Markdown statute, a JSON or CSV content
file ends in parsed content or in one StatuteError / ContentError line naming the file, within a time
budget. The .docx reader is fuzzed in test_docx_import.py. Kept to a few seconds: ``max_examples`` bounded."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.legal.content import ContentError, ContentSet, read_content
from kiosk.legal.importer import _numbered_lines
from kiosk.legal.statutes import StatuteError, read_statute

BUDGET_S = 1.0
FUZZ = settings(max_examples=60, deadline=None)
NAME = Path("/in/odd\nname(2010-06-01)")

NUMERALS = st.text(st.sampled_from("零〇一二两三四五六七八九十百千"), min_size=0, max_size=12)
STATUTE_LINES = st.one_of(
    st.just("# 中华人民共和国示例法"), st.just("<!-- INFO END -->"), st.just("---"),
    st.builds(lambda n, t: f"## 第{n}章 {t}", NUMERALS, st.text(max_size=8)),
    st.builds(lambda n, s, t: f"第{n}条{s} {t}", NUMERALS, st.sampled_from(["", "之一", "之零", "之十十"]),
              st.text(max_size=20)),
    st.builds(lambda y, m, d, e: f"{y}年{m}月{d}日 {e}", st.integers(0, 9999), st.integers(0, 99),
              st.integers(0, 99), st.sampled_from(["通过", "修订", "起施行", ""])),
    st.text(max_size=30),
)
CONTENT_KEYS = ["id", "topic", "question", "answer", "cites", "keywords", "hot", "service", "name", "qr_url",
                "short_title", "title", "version", "effective", "law", "article", "suffix", "code"]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.sampled_from(["2020-05-28", "民法典(2020-05-28)#40", "民法典(2020-05-28)#0", "labour"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(CONTENT_KEYS), inner, max_size=6),
    max_leaves=20)


def ends_well(run, error_type) -> None:
    """``run()`` returns, or raises ``error_type`` with one line naming the file; within the budget."""
    started = time.perf_counter()
    try:
        run()
    except error_type as error:
        message = str(error)
        assert message.startswith("/in/odd\\nname(2010-06-01)") and "\n" not in message, message
    assert time.perf_counter() - started < BUDGET_S


@FUZZ
@given(st.lists(STATUTE_LINES, max_size=40))
def test_markdown_statutes(lines):
    text = "\n".join(lines)

    def parse():
        statute, articles = read_statute(NAME, _numbered_lines(io.BytesIO(text.encode("utf-8", "surrogatepass")),
                                                               NAME))
        for article in articles:
            assert 1 <= article.number <= 9999 and article.label.startswith("第")
        assert statute.version

    ends_well(parse, StatuteError)


@FUZZ
@given(st.binary(max_size=400))
def test_markdown_statutes_from_any_bytes(data):
    ends_well(lambda: list(read_statute(NAME, _numbered_lines(io.BytesIO(b"# t\n<!-- INFO END -->\n" + data),
                                                              NAME))[1]), StatuteError)


@FUZZ
@given(JSON_VALUES, st.integers(0, 40), st.booleans())
def test_json_content(value, cut, truncate):
    text = json.dumps(value, ensure_ascii=False)
    if truncate:
        text = text[: max(0, len(text) - cut)]
    found: list[ContentSet] = []
    ends_well(lambda: found.append(read_content(NAME.with_suffix(".json"), text)), ContentError)
    for answer in found[0].answers if found else []:
        assert all(1 <= cite.article <= 9999 for cite in answer.cites)


@FUZZ
@given(st.lists(st.lists(st.text(max_size=12) | st.sampled_from(["民法典(2020-05-28)#1", "labour", "问"]),
                         min_size=1, max_size=7), max_size=6), st.sampled_from([",", ";", "\"", "\n"]))
def test_csv_content(rows, noise):
    header = "id,topic,question,answer,cites\n"
    text = header + "\n".join(",".join(row) for row in rows) + noise
    ends_well(lambda: read_content(NAME.with_suffix(".csv"), text), ContentError)
