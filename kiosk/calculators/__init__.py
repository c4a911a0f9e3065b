"""Legal calculators (法律计算器), without Kivy: one function per calculation, each returning a frozen
:class:`Result` a screen binds to, a printout prints and ``kiosk-admin calc`` shows.

Amounts are Decimals rounded to the cent (ROUND_HALF_UP); dates are ``datetime.date``. Every rule cites
its law, article and version (:mod:`kiosk.calculators.sources`); the local figures come from
``[calculators]`` in config.ini, with staff's overrides, and each result names the figure and date used.
Bad input raises :class:`CalculatorInputError` naming the field, in Chinese and English.
"""

from kiosk.calculators.court_fee import CASE_KINDS, court_fee
from kiosk.calculators.deadlines import DEADLINE_KINDS, deadline, next_working_day
from kiosk.calculators.interest import interest_cap
from kiosk.calculators.labour import dismissal_damages, double_wage, severance, work_injury
from kiosk.calculators.model import NEAR, OPEN, PAST, UNKNOWN, CalculatorInputError, Cite, Figure, Result, Text

__all__ = [
    "CASE_KINDS",
    "DEADLINE_KINDS",
    "NEAR",
    "OPEN",
    "PAST",
    "UNKNOWN",
    "CalculatorInputError",
    "Cite",
    "Figure",
    "Result",
    "Text",
    "court_fee",
    "deadline",
    "dismissal_damages",
    "double_wage",
    "interest_cap",
    "next_working_day",
    "severance",
    "work_injury",
]
