"""What a scanned code is: a provincial health-code URL, an EU certificate, or neither.

Only the shape is looked at; tokens are never parsed (their layout is not public).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import re2

from kiosk.health.model import EU_DCC, HEALTH_CODE_URL, NOT_HEALTH_CODE

EU_PREFIX = "HC1:"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # a refused pattern is reported to staff, not printed by the library


def compile_url_pattern(pattern: str) -> Any:
    """A staff-set pattern in RE2, whose matching time grows linearly with the payload: Python's
    backtracking engine took 20 s on ``^(a|aa)+$`` against one crafted code. Raises ValueError
    for a pattern RE2 cannot run (backreferences, lookaround)."""
    try:
        return re2.compile(pattern, _RE2_OPTIONS)
    except re2.error as error:
        problem = error.args[0].decode("utf-8", "replace") if error.args and isinstance(error.args[0], bytes) \
            else str(error)
        raise ValueError(f"{pattern!r} is not an RE2 pattern ({problem}); backreferences and lookaround "
                         "are not allowed") from None


class Classifier:
    def __init__(self, url_patterns: Iterable[str], max_payload_bytes: int):
        self._patterns = [compile_url_pattern(p) for p in url_patterns]
        self.max_payload_bytes = max_payload_bytes

    def kind(self, raw: bytes, text: str) -> str:
        """health_code_url, eu_dcc or not_health_code; junk of any kind is the last."""
        if len(raw) > self.max_payload_bytes or not text or _CONTROL.search(text):
            return NOT_HEALTH_CODE
        if text.startswith(EU_PREFIX):
            return EU_DCC
        if any(p.search(text) for p in self._patterns):
            return HEALTH_CODE_URL
        return NOT_HEALTH_CODE
