"""``kb import``: statutes (Markdown, the national database's .docx) and content (JSON, CSV).

Folders are walked recursively. A file that holds no statute (a folder's
_index.md, a note) is skipped and counted; a bad one (malformed, too large,
not UTF-8, a damaged .docx) is reported with file and line and the rest goes
on. Parsing and jieba segmentation, the slow part, run in worker processes; one
transaction per batch writes the results. A Markdown statute over
``STREAM_BYTES`` is streamed instead: read line by line, its articles segmented
and written in batches inside one transaction, so that memory stays bounded
whatever its size, and a file that turns out bad leaves nothing behind.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import BinaryIO

from kiosk.legal.content import ContentError, read_content
from kiosk.legal.docx_import import parse_docx
from kiosk.legal.segment import SEGMENTER, padded
from kiosk.legal.statutes import (
    MAX_ARTICLE_CHARS,
    NoArticles,
    NotAStatute,
    ParsedArticle,
    ParsedStatute,
    StatuteError,
    one_line,
    parse_statute,
    read_statute,
)
from kiosk.legal.store import KnowledgeBase

log = logging.getLogger(__name__)

STATUTE_SUFFIXES = {".md", ".markdown"}
DOCX_SUFFIXES = {".docx"}
CONTENT_SUFFIXES = {".json", ".csv"}
BATCH_FILES = 24
FILES_IN_FLIGHT = 16  # files parsed ahead of the writer, at most STREAM_BYTES each
STREAM_BYTES = 2 * 1024 * 1024  # larger Markdown statutes are streamed (the corpus's largest: 0.3 MB)
STREAM_BATCH = 100  # articles segmented and written at a time when streaming
STREAM_IN_FLIGHT = 4  # batches being segmented by the workers while the file is read on
MAX_LINE_BYTES = MAX_ARTICLE_CHARS * 4  # one line of a streamed file: no longer than an article in UTF-8
MB = 1024 * 1024
Parsed = tuple[ParsedStatute, list[tuple[str, int]]]  # with each article's indexed text and length


@dataclass(frozen=True)
class ImportLimits:
    """How large one file may be: content and .docx files are read whole, Markdown statutes streamed."""

    file_bytes: int = 64 * MB  # a JSON or CSV content file, or a .docx
    statute_bytes: int = 256 * MB  # a Markdown statute


DEFAULT_LIMITS = ImportLimits()


@dataclass
class ImportReport:
    laws: int = 0
    articles: int = 0
    answers: int = 0
    guides: int = 0
    channels: int = 0
    skipped: int = 0  # files that hold no statute with articles, nor content
    errors: list[str] = field(default_factory=list)  # "file:line: problem", one per refused file
    seconds: float = 0.0
    files: int = 0  # files imported

    def as_dict(self) -> dict:
        return {"laws": self.laws, "articles": self.articles, "answers": self.answers, "guides": self.guides,
                "channels": self.channels, "skipped": self.skipped, "errors": self.errors,
                "files": self.files, "refused": len(self.errors), "seconds": round(self.seconds, 2)}

    def refuse(self, problem: str) -> None:
        self.errors.append(problem)
        log.warning("import: %s", problem)


def walk(paths: Iterable[Path]) -> Iterator[Path]:
    """Every file under the given files and folders, in a stable order; missing paths raise FileNotFoundError."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            yield path
        else:
            raise FileNotFoundError(f"{one_line(path)}: no such file or folder")


def _indexed(short_title: str, articles: Iterable[ParsedArticle]) -> list[tuple[str, int]]:
    """Each article's segmented text for the index, with the law's short title in front."""
    title = SEGMENTER.words(short_title)
    return [padded(title + SEGMENTER.index_tokens(article.label + " " + article.text)) for article in articles]


def _segment_job(job: tuple[str, tuple[ParsedArticle, ...]]) -> list[tuple[str, int]]:
    """In a worker: one batch of a streamed statute's articles, segmented."""
    return _indexed(*job)


def _statute_job(job: tuple[str, str | None, int]) -> tuple[str, Parsed | None, str | None]:
    """In a worker: read, parse and segment one file. Returns (path, parsed or None, error or None).

    An unexpected failure is reported against the file, not raised: one file never stops the import.
    """
    name, root, max_bytes = job
    path = Path(name)
    try:
        if path.suffix.lower() in DOCX_SUFFIXES:
            statute = parse_docx(path, max_bytes, Path(root) if root else None)
        else:
            data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as error:
                line = data[: error.start].count(b"\n") + 1
                return name, None, f"{one_line(path)}:{line}: not UTF-8 text"
            statute = parse_statute(path, text, Path(root) if root else None)
    except (NoArticles, NotAStatute):
        return name, None, None  # nothing a visitor could look up by article: skipped and counted
    except StatuteError as error:
        return name, None, str(error)
    except Exception as error:  # reported against the file, whatever it was
        return name, None, _unexpected(path, error)
    # Joined here, in the worker: one string per article crosses back, not a hundred small ones.
    return name, (statute, _indexed(statute.short_title, statute.articles)), None


def _unexpected(path: Path, error: Exception) -> str:
    """The report line for a failure no check foresaw; a defect's traceback goes to the log."""
    if isinstance(error, OSError):
        return f"{one_line(path)}:1: cannot be read ({error.strerror or error})"
    log.error("import: %s", one_line(path), exc_info=error)
    return f"{one_line(path)}:1: could not be imported ({type(error).__name__}; see the log)"


def _pool(files: int, streamed: int) -> ProcessPoolExecutor | None:
    """Worker processes for many files, or for any streamed one; None where they would not pay."""
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or (files < 8 and not streamed) or "fork" not in multiprocessing.get_all_start_methods():
        return None
    SEGMENTER.warm_up()  # before the fork: every worker inherits the loaded dictionary
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


def import_paths(store: KnowledgeBase, paths: Iterable[Path], today: date,
                 progress: Callable[[str], None] | None = None,
                 limits: ImportLimits = DEFAULT_LIMITS,
                 elsewhere: Callable[[Path], bool] = lambda _path: False) -> ImportReport:
    """Import statutes and content; FileNotFoundError for a path that does not exist. Files ``elsewhere``
    claims are left out, neither imported nor counted: the caller imports them."""
    started = time.perf_counter()
    report = ImportReport()
    statute_jobs: list[tuple[str, str | None, int]] = []
    streamed: list[tuple[Path, Path | None]] = []
    given = [Path(p) for p in paths]
    for path in walk(given):
        if elsewhere(path):
            continue
        suffix = path.suffix.lower()
        root = next((g for g in given if g.is_dir() and g in path.parents), None)
        if suffix not in STATUTE_SUFFIXES | DOCX_SUFFIXES | CONTENT_SUFFIXES:
            report.skipped += 1
            continue
        problem = _size_problem(path, limits.statute_bytes if suffix in STATUTE_SUFFIXES else limits.file_bytes)
        if problem:
            report.refuse(problem)
        elif suffix in CONTENT_SUFFIXES:
            _import_content(store, path, report)
        elif suffix in STATUTE_SUFFIXES and path.stat().st_size > STREAM_BYTES:
            streamed.append((path, root))
        else:
            statute_jobs.append((str(path), str(root) if root else None, limits.file_bytes))
    pool = _pool(len(statute_jobs), len(streamed))
    try:
        results = _bounded_map(pool, statute_jobs) if pool else map(_statute_job, statute_jobs)
        batch: list[Parsed] = []
        for _name, parsed, error in results:
            if error:
                report.refuse(error)
            elif parsed is None:
                report.skipped += 1
            else:
                batch.append(parsed)
                if len(batch) >= BATCH_FILES:
                    _flush(store, batch, report, progress)
        _flush(store, batch, report, progress)
        for path, root in streamed:
            _stream_statute(store, path, root, report, progress, pool)
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
    store.refresh_status(today)
    report.errors.sort()  # in the order of the files, whichever reader found the problem first
    report.seconds = time.perf_counter() - started
    return report


def _bounded_map(pool: ProcessPoolExecutor, jobs: list[tuple[str, str | None, int]]) -> Iterator[tuple]:
    """``pool.map`` of _statute_job, in order, with at most ``FILES_IN_FLIGHT`` parsed files waiting:
    the workers never run far ahead of the writer, so memory stays bounded however many files there are."""
    pending: deque[Future] = deque()
    for job in jobs:
        pending.append(pool.submit(_statute_job, job))
        if len(pending) >= FILES_IN_FLIGHT:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _size_problem(path: Path, limit: int) -> str | None:
    """Why the file is refused before it is read (empty, too large, unreadable), or None."""
    try:
        size = path.stat().st_size
    except OSError as error:
        return f"{one_line(path)}:1: cannot be read ({error.strerror or error})"
    if size == 0:
        return f"{one_line(path)}:1: empty file"
    if size > limit:
        return (f"{one_line(path)}:1: {size / MB:.1f} MB, over the {limit / MB:g} MB limit for one file "
                "(kb import --max-file-mb / --max-statute-mb)")
    return None


def _flush(store: KnowledgeBase, batch: list[Parsed], report: ImportReport,
           progress: Callable[[str], None] | None) -> None:
    if not batch:
        return
    laws, articles = store.write_statutes([(_curated_title(store, statute), texts) for statute, texts in batch])
    report.laws += laws
    report.articles += articles
    report.files += laws
    if progress:
        progress(f"{report.laws} laws, {report.articles} articles")
    batch.clear()


def _curated_title(store: KnowledgeBase, statute: ParsedStatute) -> ParsedStatute:
    """The statute under the title of the curated law of the same short title and version, if there is one.

    The store keys laws by title and version; a text whose title is written otherwise (a .docx's title,
    a file's) must still fill the version the curated content declares, not become a second law.
    """
    rows = store.connection.execute(
        "SELECT title FROM laws WHERE curated = 1 AND short_title = ? AND version = ? AND title != ?",
        (statute.short_title, statute.version, statute.title)).fetchall()
    return replace(statute, title=rows[0][0]) if len(rows) == 1 else statute


def _numbered_lines(handle: BinaryIO, path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) of a UTF-8 file read line by line; StatuteError for bad UTF-8 or a line too long."""
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES:
            raise StatuteError(path, number, f"a line longer than {MAX_LINE_BYTES} bytes")
        try:
            yield number, raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise StatuteError(path, number, "not UTF-8 text") from None


def _stream_statute(store: KnowledgeBase, path: Path, root: Path | None, report: ImportReport,
                    progress: Callable[[str], None] | None, pool: ProcessPoolExecutor | None) -> None:
    """Import one large Markdown statute article by article, all or nothing (one transaction).

    Batches of articles are segmented by the workers while the next ones are read; at most
    ``STREAM_IN_FLIGHT`` batches wait at a time, so memory stays bounded.
    """
    written = 0
    pending: deque[tuple[ParsedStatute, Future]] = deque()

    def write(limit: int) -> int:
        count = 0
        while len(pending) > limit:
            part, future = pending.popleft()
            count += store.write_statutes([(part, future.result())])[1]
        return count

    try:
        with path.open("rb") as handle, store.transaction():
            statute, articles = read_statute(path, _numbered_lines(handle, path), root)
            statute = _curated_title(store, statute)
            for batch in _batches(articles, STREAM_BATCH):
                job = (statute.short_title, batch)
                pending.append((replace(statute, articles=batch),
                                pool.submit(_segment_job, job) if pool else _done(_segment_job(job))))
                written += write(STREAM_IN_FLIGHT)
            written += write(0)
            if not written:
                raise NoArticles(path, 1, "no article lines")
    except (NoArticles, NotAStatute):
        report.skipped += 1
        return
    except StatuteError as error:
        report.refuse(str(error))
        return
    except Exception as error:  # reported against the file, whatever it was
        report.refuse(_unexpected(path, error))
        return
    finally:
        for _, future in pending:  # a file refused half-way: its remaining batches are not needed
            future.cancel()
    report.laws += 1
    report.files += 1
    report.articles += written
    if progress:
        progress(f"{report.laws} laws, {report.articles} articles")


def _batches(articles: Iterator[ParsedArticle], size: int) -> Iterator[tuple[ParsedArticle, ...]]:
    batch: list[ParsedArticle] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield tuple(batch)
            batch.clear()
    if batch:
        yield tuple(batch)


def _done(result: list[tuple[str, int]]) -> Future:
    """A batch segmented here, without workers, as a finished future."""
    future: Future = Future()
    future.set_result(result)
    return future


def _import_content(store: KnowledgeBase, path: Path, report: ImportReport) -> None:
    try:
        content = read_content(path)
    except ContentError as error:
        report.refuse(str(error))
        return
    except Exception as error:  # reported against the file, whatever it was
        report.refuse(_unexpected(path, error))
        return
    if not content.count():
        report.skipped += 1
        return
    store.write_content(content, origin="import")
    report.files += 1
    report.answers += len(content.answers)
    report.guides += len(content.guides)
    report.channels += len(content.channels)
