"""``kb import``: statutes (Markdown) and content (JSON, CSV) from files and folders.

Folders are walked recursively. A file that holds no statute (a folder's
_index.md, a note) is skipped and counted; a malformed one is reported with
file and line and the rest goes on. Parsing and jieba segmentation, the slow
part, run in worker processes; one transaction per batch writes the results.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kiosk.legal.content import ContentError, read_content
from kiosk.legal.segment import SEGMENTER, padded
from kiosk.legal.statutes import NoArticles, ParsedStatute, StatuteError, looks_like_statute, parse_statute
from kiosk.legal.store import KnowledgeBase

log = logging.getLogger(__name__)

STATUTE_SUFFIXES = {".md", ".markdown"}
CONTENT_SUFFIXES = {".json", ".csv"}
BATCH_FILES = 24
Parsed = tuple[ParsedStatute, list[tuple[str, int]]]  # with each article's indexed text and length


@dataclass
class ImportReport:
    laws: int = 0
    articles: int = 0
    answers: int = 0
    guides: int = 0
    channels: int = 0
    skipped: int = 0  # files that hold no statute with articles, nor content
    errors: list[str] = field(default_factory=list)  # "file:line: problem"
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"laws": self.laws, "articles": self.articles, "answers": self.answers, "guides": self.guides,
                "channels": self.channels, "skipped": self.skipped, "errors": self.errors,
                "seconds": round(self.seconds, 2)}


def walk(paths: Iterable[Path]) -> Iterator[Path]:
    """Every file under the given files and folders, in a stable order; missing paths raise FileNotFoundError."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            yield path
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")


def _statute_job(job: tuple[str, str | None]) -> tuple[str, Parsed | None, str | None]:
    """In a worker: read, parse and segment one file. Returns (path, parsed or None, error or None)."""
    name, root = job
    path = Path(name)
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return name, None, f"{path}:{line}: not UTF-8 text"
    if not looks_like_statute(text):
        return name, None, None
    try:
        statute = parse_statute(path, text, Path(root) if root else None)
    except NoArticles:
        return name, None, None  # nothing a visitor could look up by article: skipped and counted
    except StatuteError as error:
        return name, None, str(error)
    title = SEGMENTER.words(statute.short_title)
    # Joined here, in the worker: one string per article crosses back, not a hundred small ones.
    texts = [padded(title + SEGMENTER.index_tokens(article.label + " " + article.text)) for article in statute.articles]
    return name, (statute, texts), None


def _pool(files: int) -> ProcessPoolExecutor | None:
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or files < 8 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    SEGMENTER.warm_up()  # before the fork: every worker inherits the loaded dictionary
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


def import_paths(store: KnowledgeBase, paths: Iterable[Path], today: date,
                 progress: Callable[[str], None] | None = None) -> ImportReport:
    """Import statutes and content; FileNotFoundError for a path that does not exist."""
    started = time.perf_counter()
    report = ImportReport()
    statute_jobs: list[tuple[str, str | None]] = []
    given = [Path(p) for p in paths]
    for path in walk(given):
        suffix = path.suffix.lower()
        root = next((str(g) for g in given if g.is_dir() and g in path.parents), None)
        if suffix in STATUTE_SUFFIXES:
            statute_jobs.append((str(path), root))
        elif suffix in CONTENT_SUFFIXES:
            _import_content(store, path, report)
        else:
            report.skipped += 1
    pool = _pool(len(statute_jobs))
    try:
        results = pool.map(_statute_job, statute_jobs, chunksize=4) if pool else map(_statute_job, statute_jobs)
        batch: list[Parsed] = []
        for _name, parsed, error in results:
            if error:
                report.errors.append(error)
                log.warning("import: %s", error)
            elif parsed is None:
                report.skipped += 1
            else:
                batch.append(parsed)
                if len(batch) >= BATCH_FILES:
                    _flush(store, batch, report, progress)
        _flush(store, batch, report, progress)
    finally:
        if pool:
            pool.shutdown()
    store.refresh_status(today)
    report.seconds = time.perf_counter() - started
    return report


def _flush(store: KnowledgeBase, batch: list[Parsed], report: ImportReport,
           progress: Callable[[str], None] | None) -> None:
    if not batch:
        return
    laws, articles = store.write_statutes(batch)
    report.laws += laws
    report.articles += articles
    if progress:
        progress(f"{report.laws} laws, {report.articles} articles")
    batch.clear()


def _import_content(store: KnowledgeBase, path: Path, report: ImportReport) -> None:
    try:
        content = read_content(path)
    except ContentError as error:
        report.errors.append(str(error))
        log.warning("import: %s", error)
        return
    if not content.count():
        report.skipped += 1
        return
    store.write_content(content, origin="import")
    report.answers += len(content.answers)
    report.guides += len(content.guides)
    report.channels += len(content.channels)
