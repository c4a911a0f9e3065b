"""Fixtures of the legal knowledge-base tests: a fixed clock, a default knowledge base
built once per session, and the national corpus imported once per session (slow)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.legal.library import LegalLibrary

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 29, 10, 0, tzinfo=ZONE)


def fixed_clock() -> datetime:
    return NOW


def open_library(path: Path, **options) -> LegalLibrary:
    library = LegalLibrary(path, fixed_clock, "Asia/Shanghai", **options)
    library.prepare()
    return library


@pytest.fixture(scope="session")
def default_library(tmp_path_factory) -> LegalLibrary:
    """A fresh data directory's knowledge base: the shipped content only. Read-only in tests."""
    library = open_library(tmp_path_factory.mktemp("kb-default") / "legal.db")
    yield library
    library.close()


@pytest.fixture
def library(tmp_path) -> LegalLibrary:
    """A knowledge base of its own, for tests that change it."""
    library = open_library(tmp_path / "legal.db")
    yield library
    library.close()


@pytest.fixture(scope="session")
def corpus_library(tmp_path_factory, shared_data) -> LegalLibrary:
    """Default content plus the whole national corpus, imported once per session (about 30 s)."""
    library = open_library(tmp_path_factory.mktemp("kb-corpus") / "legal.db")
    report = library.import_paths([shared_data / "laws"])
    assert not report.errors, report.errors[:5]
    yield library
    library.close()


STATUTE = """# 中华人民共和国示例法

2001年1月1日 第九届全国人民代表大会常务委员会第二十次会议通过

2010年6月1日 起施行

<!-- INFO END -->

## 第一章 总则

第一条 为了测试，制定本法。

第二条 本法所称用人单位，包括企业。

用人单位应当按时支付劳动报酬。

## 第二章 分则

### 第一节 一般规定

第十条 仲裁员应当公正。

第十条之一 在本节插入的条文。

第一百零一条 本法自公布之日起施行。
"""


@pytest.fixture
def sample_statute() -> str:
    """A small statute in the corpus format: two chapters, a section, 之一, a three-digit article."""
    return STATUTE


@pytest.fixture
def make_library(tmp_path):
    """Open (and prepare) a library on a path, with options such as use_fts=False; closed after the test."""
    opened = []

    def make(path: Path | None = None, **options) -> LegalLibrary:
        library = open_library(path or tmp_path / f"legal-{len(opened)}.db", **options)
        opened.append(library)
        return library

    yield make
    for library in opened:
        library.close()
