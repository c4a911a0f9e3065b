"""The legal-aid self-check (法律援助自测): a few questions to a likely answer, never a decision.

The rules follow 法律援助法 (2021): 第31条 lists the civil and administrative
matters that qualify when the applicant has financial difficulty; 第32条 the
cases with no means test; 第42条 the people whose means are not checked (its (三) covers
migrant workers claiming pay or work-injury compensation only, not other injuries); 第34条
leaves the hardship standard to the province (Jiangsu: family income per head at
or below the local minimum wage, to be confirmed by the centre). The kiosk only
says "likely eligible" or "ask at the counter"; the legal-aid office decides.
"""

from __future__ import annotations

from dataclasses import dataclass

LIKELY_ELIGIBLE, ASK_AT_COUNTER = "likely_eligible", "ask_at_counter"

# Each question: its key and its options in the order shown. Option and question texts are
# in the translation catalogues under aid.<question> and aid.<question>.<option>.
QUESTIONS: dict[str, tuple[str, ...]] = {
    "special": ("domestic_violence", "good_samaritan", "martyr", "none"),
    "matter": ("wages", "employment", "work_injury", "accident_injury", "maintenance", "social_insurance",
               "state_compensation", "environment", "capacity", "other"),
    "group": ("no_income", "assistance", "migrant_worker", "none"),
    "income": ("below", "above", "unsure"),
}
MATTERS_OF_ARTICLE_31 = frozenset(QUESTIONS["matter"]) - {"other"}
# 第42条(三): a migrant worker's means go unchecked only for a claim for pay or for work-injury compensation.
MIGRANT_WORKER_MATTERS = frozenset({"wages", "work_injury"})


@dataclass(frozen=True)
class Outcome:
    result: str  # LIKELY_ELIGIBLE or ASK_AT_COUNTER
    reason: str  # a catalogue key under aid.reason.
    articles: tuple[int, ...]  # articles of 法律援助法 behind the reason


def next_question(answers: dict[str, str]) -> str | None:
    """The next question to ask, or None when ``answers`` are enough for an outcome."""
    for question in QUESTIONS:
        if question not in answers:
            return question if outcome(answers) is None else None
    return None


def outcome(answers: dict[str, str]) -> Outcome | None:
    """The outcome the answers so far lead to, or None if another question is needed."""
    special = answers.get("special")
    if special is None:
        return None
    if special != "none":
        return Outcome(LIKELY_ELIGIBLE, "no_means_test", (32,))
    matter = answers.get("matter")
    if matter is None:
        return None
    if matter == "other":
        return Outcome(ASK_AT_COUNTER, "other_matter", (31,))
    group = answers.get("group")
    if group is None:
        return None
    if group in ("no_income", "assistance") or (group == "migrant_worker" and matter in MIGRANT_WORKER_MATTERS):
        return Outcome(LIKELY_ELIGIBLE, "means_not_checked", (31, 42))
    income = answers.get("income")
    if income is None:
        return None
    if income == "below":
        return Outcome(LIKELY_ELIGIBLE, "hardship", (31, 34))
    return Outcome(ASK_AT_COUNTER, "means_unclear" if income == "unsure" else "above_standard", (31, 34))
