"""The text of one article of the statute corpus (../shared/data/laws), for tests that check a cited
article says what the code relies on."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.legal.numerals import article_label

CIVIL_CODE_VERSION = "2020-05-28"  # the 民法典 folder's files carry it in their heading, not their names


def law_text(laws: Path, law: str, version: str) -> str:
    """The whole text of ``law`` in ``version`` (民法典: all the files of its folder)."""
    if law == "民法典":
        assert version == CIVIL_CODE_VERSION
        return "\n".join(path.read_text(encoding="utf-8") for path in sorted((laws / "民法典").glob("*.md")))
    found = list(laws.rglob(f"{law}({version}).md"))
    assert len(found) == 1, f"{law}({version}).md: found {found}"
    return found[0].read_text(encoding="utf-8")


def article(text: str, number: int) -> str:
    """The article's text, up to the next article or heading."""
    match = re.search(rf"^{article_label(number)} (.+?)(?=^第[一二三四五六七八九十百零]+条 |^#|\Z)", text, re.S | re.M)
    assert match, f"{article_label(number)} not found"
    return match.group(1)
