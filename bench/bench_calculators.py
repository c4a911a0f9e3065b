"""Legal calculators: the time of one calculation, from what a visitor typed to the frozen result, per
calculator, with varied inputs (property tests cover correctness; this covers the screen's budget)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date, timedelta

from common import Row, median, percentile

from kiosk.calculators import (
    CASE_KINDS,
    court_fee,
    deadline,
    dismissal_damages,
    double_wage,
    interest_cap,
    severance,
    work_injury,
)
from kiosk.calculators.printout import result_qr_text
from kiosk.foundation.config import load_settings

P95_TARGET_MS = 5.0
FIGURES = load_settings().calculators
TODAY = date(2026, 12, 7)


def _day(rng: random.Random, first: date, span_days: int) -> str:
    return (first + timedelta(days=rng.randrange(span_days))).isoformat()


def calculations(rng: random.Random) -> dict[str, Callable[[], object]]:
    """One call per calculator, each drawing fresh inputs as text, as a screen passes them."""

    def wage() -> str:
        return f"{rng.uniform(1000, 80000):.2f}"

    def labour_dates() -> tuple[str, str]:
        start = date(2000, 1, 1) + timedelta(days=rng.randrange(9000))
        return start.isoformat(), (start + timedelta(days=rng.randrange(1, 9000))).isoformat()

    return {
        "severance": lambda: severance(*labour_dates(), wage(), FIGURES),
        "dismissal-damages": lambda: dismissal_damages(*labour_dates(), wage(), FIGURES),
        "double-wage": lambda: double_wage("2025-01-10", wage(), signed=_day(rng, date(2025, 1, 11), 500)),
        "work-injury": lambda: work_injury(rng.randint(1, 10), wage(), FIGURES),
        "court-fee": lambda: court_fee(f"{rng.uniform(0, 30_000_000):.2f}", summary=rng.random() < 0.5),
        "court-fee by kind": lambda: court_fee(kind=rng.choice(list(CASE_KINDS))),
        "interest-cap": lambda: interest_cap(f"{rng.uniform(1000, 1_000_000):.2f}", FIGURES,
                                             rate=f"{rng.uniform(1, 36):.2f}", deducted="500",
                                             contract_date="2026-01-01", loan_end=_day(rng, date(2026, 1, 2), 700)),
        "interest-cap monthly": lambda: interest_cap(f"{rng.uniform(1000, 1_000_000):.2f}", FIGURES, lpr="3.45",
                                                     rate=f"{rng.uniform(0.1, 3):.3f}", rate_period="month",
                                                     contract_date="2025-10-20"),
        "deadline": lambda: deadline(rng.choice(["labour-arbitration", "civil", "appeal-judgment", "appeal-ruling"]),
                                     _day(rng, date(2023, 1, 1), 1400), TODAY, ["2026-10-01", "2026-10-02"]),
    }


def timings(call: Callable[[], object], repeat: int) -> list[float]:
    for _ in range(20):  # warm the code paths
        call()
    found = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        found.append((time.perf_counter() - started) * 1000)
    return found


def run(quick: bool) -> list[Row]:
    repeat = 300 if quick else 3000
    rng = random.Random(14)
    rows = []
    for name, call in calculations(rng).items():
        measured = timings(call, repeat)
        p95 = percentile(measured, 0.95)
        rows.append(Row("calculators", f"{name} p95", p95, "ms", f"<= {P95_TARGET_MS:g}", p95 <= P95_TARGET_MS,
                        f"median {median(measured):.3f} ms, {repeat} runs"))
    result = severance("2019-03-01", "2025-11-30", "8000", FIGURES)
    measured = timings(lambda: result_qr_text(result, "zh_CN"), repeat)
    rows.append(Row("calculators", "result to QR text p95", percentile(measured, 0.95), "ms",
                    note="what a screen does to offer the result as a QR"))
    return rows
