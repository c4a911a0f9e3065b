"""The statutes the shipped answers and guides cite, imported from a corpus folder (``--demo``).

Only the cited law versions whose text the knowledge base does not hold yet are read, so the
first demo start imports a few dozen files and every later start imports none.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.legal.audit import audit
from kiosk.legal.library import LegalLibrary
from kiosk.legal.statutes import CHINA_PREFIX


def cited_versions_without_text(library: LegalLibrary) -> set[tuple[str, str]]:
    """(short title, version) of each cited law version, or the version in force of an outdated one,
    whose text is not held."""
    library.prepare()
    with library.store.lock:
        report = audit(library.store.connection)
    wanted = {(finding.law, finding.version) for finding in report.not_held}
    wanted |= {(finding.law, finding.in_force) for finding in report.outdated
               if finding.in_force and not finding.in_force_has_text}
    return wanted


def corpus_files(corpus: Path, versions: set[tuple[str, str]]) -> list[Path]:
    """The corpus's Markdown files of those versions: named 劳动合同法(2012-12-28).md, or the parts of a code
    the corpus splits into a folder of the law's name (民法典/总则.md ...), which the importer joins."""
    names = {f"{law}({version}).md" for law, version in versions}
    laws = {law for law, _ in versions}
    found = []
    for path in corpus.rglob("*.md"):
        if path.name in names or (path.parent.name in laws and _part_of(path, path.parent.name)):
            found.append(path)
    return sorted(found)


def _part_of(path: Path, law: str) -> bool:
    """Whether a file in a folder named after ``law`` is one part of that law (its first title names it),
    not another law kept beside it (刑法/刑法修正案（十）.md)."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.startswith("# "):
                return line[2:].strip().removeprefix(CHINA_PREFIX) == law
    return False


def cited_statute_files(library: LegalLibrary, corpus: Path) -> list[Path]:
    """The corpus's files of the cited statutes the knowledge base lacks (none once they are imported)."""
    return corpus_files(corpus, cited_versions_without_text(library))
