"""What a benchmark module returns: rows for the one table."""

from __future__ import annotations

import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
# Fixtures the tests and the bench share (the EU test vectors, the local PostgreSQL cluster): not product code.
TEST_SUPPORT = PROJECT_ROOT / "tests" / "support"
if str(TEST_SUPPORT) not in sys.path:
    sys.path.insert(0, str(TEST_SUPPORT))


@dataclass(frozen=True)
class Row:
    """One measured figure; ``ok`` is None where there is no target."""

    area: str
    name: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None
    note: str = ""


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` fall (nearest rank)."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values)
