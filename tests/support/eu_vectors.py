"""The official EU DCC test vectors (dgc-testdata) run through :func:`eu_dcc.verify`.

Each vector's EXPECTEDRESULTS say at which stage it must fail, if any. Checks this
kiosk does not make (the JSON schema and content, the picture) are not counted.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.health import eu_dcc

# Expected-result keys for checks the kiosk makes; False at any of them means invalid.
_CHECKED = ("EXPECTEDUNPREFIX", "EXPECTEDB45DECODE", "EXPECTEDCOMPRESSION", "EXPECTEDDECODE",
            "EXPECTEDVERIFY", "EXPECTEDKEYUSAGE", "EXPECTEDEXPIRATIONCHECK")


@dataclass(frozen=True)
class VectorResult:
    name: str  # e.g. "common/CO5"
    expected_valid: bool
    reason: str
    stage: str
    description: str

    @property
    def agrees(self) -> bool:
        return self.expected_valid == (self.reason == eu_dcc.VALID)


def run_vector(path: Path, root: Path) -> VectorResult | None:
    """One vector file; None when it cannot be used (no prefix, or not JSON)."""
    try:
        vector = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    prefix = vector.get("PREFIX")
    context = vector.get("TESTCTX") or {}
    expected = vector.get("EXPECTEDRESULTS") or {}
    if not isinstance(prefix, str) or not isinstance(expected, dict):
        return None
    # Some vectors carry a misspelt "EXPTECTEDEXPIRED"; like the official runners, only the
    # documented keys count.
    expected_valid = all(expected.get(key, True) for key in _CHECKED)
    der = [base64.b64decode(context["CERTIFICATE"])] if context.get("CERTIFICATE") else []
    try:
        trust = eu_dcc.TrustList.from_der(der)
    except ValueError:
        trust = eu_dcc.TrustList({})
    clock = context.get("VALIDATIONCLOCK")
    now = datetime.fromisoformat(clock.replace("Z", "+00:00")) if clock else datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    result = eu_dcc.verify(prefix, trust, now)
    name = f"{path.relative_to(root).parts[0]}/{path.stem}"
    return VectorResult(name, expected_valid, result.reason, result.stage, str(context.get("DESCRIPTION", "")))


def run_all(root: Path) -> list[VectorResult]:
    """Every ``*/2DCode/raw/*.json`` under the dgc-testdata folder ``root``."""
    results = (run_vector(p, root) for p in sorted(root.glob("*/2DCode/raw/*.json")))
    return [r for r in results if r is not None]
