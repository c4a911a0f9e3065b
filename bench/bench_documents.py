"""Documents: the time from a visitor's answers to the PDF (check, lay out, draw), per template, with
varied answers; and the preview's PNG pages. The target is the screen's budget: 1 s p95."""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from common import Row, median, percentile

from kiosk.documents import draft_images, draft_pdf, make_draft, templates
from kiosk.documents.model import AMOUNT, CHOICE, DATE, MULTI, PERCENT, Template
from kiosk.foundation.fonts import find_font

P95_TARGET_S = 1.0
TODAY = date(2026, 12, 7)


def random_answers(template: Template, rng: random.Random) -> dict:
    """An answer to every question, as a screen would pass them; dates in order, amounts in range."""
    answers: dict = {}
    day = TODAY - timedelta(days=rng.randrange(400, 3000))
    for question in template.questions:
        if question.kind == CHOICE:
            answers[question.key] = rng.choice(question.options).key
        elif question.kind == MULTI:
            keys = [o.key for o in question.options]
            answers[question.key] = rng.sample(keys, rng.randint(max(1, question.min_count), len(keys)))
        elif question.kind == DATE:
            day = min(day + timedelta(days=rng.randrange(1, 200)), TODAY)
            answers[question.key] = day.isoformat()
        elif question.kind == AMOUNT:
            answers[question.key] = f"{rng.uniform(1, 200_000):.2f}"
        elif question.kind == PERCENT:
            answers[question.key] = f"{rng.uniform(0.5, 15):.2f}"
    return answers


def timings(call: Callable[[], object], repeat: int) -> list[float]:
    call()  # warm: fonts registered, templates read
    found = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        found.append(time.perf_counter() - started)
    return found


def run(quick: bool) -> list[Row]:
    repeat = 10 if quick else 60
    rng = random.Random(14)
    with tempfile.TemporaryDirectory() as cache:
        fonts = find_font(None, Path(cache))
        rows, everything = [], []
        for template in templates():
            measured = timings(lambda t=template: draft_pdf(make_draft(t.name, random_answers(t, rng), TODAY), fonts),
                               repeat)
            everything.extend(measured)
            rows.append(Row("documents", f"{template.name} answers → PDF p95", percentile(measured, 0.95), "s",
                            f"<= {P95_TARGET_S:g}", percentile(measured, 0.95) <= P95_TARGET_S,
                            f"median {median(measured):.3f} s, {repeat} runs"))
        p95 = percentile(everything, 0.95)
        rows.append(Row("documents", "any template answers → PDF p95", p95, "s", f"<= {P95_TARGET_S:g}",
                        p95 <= P95_TARGET_S, f"median {median(everything):.3f} s, {len(everything)} runs"))
        arbitration = next(t for t in templates() if t.name == "labour_arbitration")
        draft = make_draft(arbitration.name, random_answers(arbitration, rng), TODAY)
        measured = timings(lambda: draft_images(draft, fonts), repeat)
        rows.append(Row("documents", "preview PNG pages (60 dpi) p95", percentile(measured, 0.95), "s",
                        note=f"{len(draft.pages)} pages, median {median(measured):.3f} s"))
    return rows
