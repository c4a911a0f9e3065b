"""What a scanned code is: a provincial health-code URL, an EU certificate, or neither.

Only the shape is looked at; tokens are never parsed (their layout is not public).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kiosk.foundation.checks import compile_url_pattern
from kiosk.health.model import EU_DCC, HEALTH_CODE_URL, NOT_HEALTH_CODE

EU_PREFIX = "HC1:"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


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
