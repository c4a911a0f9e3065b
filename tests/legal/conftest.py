"""Fixtures of the legal knowledge-base tests: a fixed clock, the default knowledge base built once
per worker (tests that change it get a file copy of it), and the national corpus imported once per
run (slow) and copied per worker."""

from __future__ import annotations

import fcntl
import os
import shutil
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
def built_knowledge_base(tmp_path_factory) -> Path:
    """A fresh data directory's knowledge base (the shipped content only), built once per worker and
    closed: a file to copy, as a build takes seconds and a copy milliseconds."""
    path = tmp_path_factory.mktemp("kb-built") / "legal.db"
    open_library(path).close()
    return path


def copied_library(built: Path, folder: Path) -> LegalLibrary:
    """An opened library on a copy of ``built`` in ``folder``."""
    shutil.copy(built, folder / "legal.db")
    return open_library(folder / "legal.db")


@pytest.fixture(scope="session")
def default_library(built_knowledge_base, tmp_path_factory) -> LegalLibrary:
    """A fresh data directory's knowledge base, shared by the tests of a worker: read-only in tests."""
    library = copied_library(built_knowledge_base, tmp_path_factory.mktemp("kb-default"))
    yield library
    library.close()


@pytest.fixture
def library(built_knowledge_base, tmp_path) -> LegalLibrary:
    """A knowledge base of its own, for tests that change it: a copy of the built one."""
    library = copied_library(built_knowledge_base, tmp_path)
    yield library
    library.close()


def pytest_collection_modifyitems(items) -> None:
    """The corpus import takes half a minute on a calm machine but many minutes on a loaded one (it
    ran seven under a load of 30 on two cores): the test that pays for it gets more than the 300 s
    meant to catch a hang."""
    for item in items:
        if "corpus_built" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(1200))


@pytest.fixture(scope="session")
def corpus_built(tmp_path_factory, worker_id, shared_data) -> Path:
    """A closed knowledge base file with the default content and the whole national corpus. The import
    (about 30 s on a calm machine) runs once per test run: the first worker to need it imports under a
    lock the others wait on. Copy it before use."""
    # Under xdist the workers' temporary roots share a parent that belongs to this run alone.
    run_root = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    built = run_root / "kb-corpus-built.db"
    with open(run_root / "kb-corpus.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.exists():
            building = open_library(tmp_path_factory.mktemp("kb-corpus-import") / "legal.db")
            report = building.import_paths([shared_data / "laws"])
            building.close()
            assert not report.errors, report.errors[:5]
            os.replace(building.store.path, built)  # closed, so the file holds everything
    return built


@pytest.fixture(scope="session")
def corpus_library(corpus_built, tmp_path_factory) -> LegalLibrary:
    """Default content plus the whole national corpus, read-only in tests: a copy of ``corpus_built``."""
    library = copied_library(corpus_built, tmp_path_factory.mktemp("kb-corpus"))
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
