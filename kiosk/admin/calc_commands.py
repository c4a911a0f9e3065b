"""``kiosk-admin calc``: the legal calculators from a shell, for scripts, tests and checking a figure.

Each prints the result (``--json``: one object with ``amount`` or ``last_day``, ``working``, ``cites``,
``assumptions``, ``checks`` and ``figures``). The local figures are config.ini's ``[calculators]`` with
staff's overrides from the queue store, as on the kiosk. Input a calculator cannot use exits 2 with one
line naming the option.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.admin import EXIT_OK, EXIT_USAGE, common_options, print_json
from kiosk.calculators import (
    CASE_KINDS,
    DEADLINE_KINDS,
    CalculatorInputError,
    Result,
    court_fee,
    deadline,
    dismissal_damages,
    double_wage,
    interest_cap,
    severance,
    work_injury,
)
from kiosk.calculators.printout import result_question, result_text
from kiosk.foundation.config import CalculatorSettings
from kiosk.queue import StoreError
from kiosk.staff.centre_setup import effective_settings
from kiosk.wiring import open_queue

Calculation = Callable[[argparse.Namespace, CalculatorSettings], Result]


def register(subparsers) -> None:
    group = subparsers.add_parser(
        "calc", help="legal calculators: severance, double wage, work injury, court fee, interest cap, deadlines",
    ).add_subparsers(dest="calc_command", metavar="CALCULATOR", required=True)

    for name, calculation, help_text in (
        ("severance", _severance, "经济补偿 (劳动合同法 第四十七条)"),
        ("dismissal-damages", _dismissal_damages, "违法解除的赔偿金, twice the 经济补偿 (第八十七条)"),
    ):
        parser = _add(group, name, calculation, help_text)
        parser.add_argument("--start", required=True, help="first day of work, YYYY-MM-DD")
        parser.add_argument("--end", required=True, help="last day of work, YYYY-MM-DD")
        parser.add_argument("--monthly-wage", required=True, help="average monthly wage of the last 12 months")
        parser.add_argument("--average-wage", help="the city's average monthly wage (default: config.ini's)")

    wage = _add(group, "double-wage", _double_wage, "二倍工资 without a written contract (第八十二条)")
    wage.add_argument("--start", required=True, help="first day of work, YYYY-MM-DD")
    wage.add_argument("--monthly-wage", required=True)
    ended = wage.add_mutually_exclusive_group(required=True)
    ended.add_argument("--signed", help="day the written contract was signed, YYYY-MM-DD")
    ended.add_argument("--end", help="last day of work without a contract, YYYY-MM-DD")

    injury = _add(group, "work-injury", _work_injury, "一次性伤残补助金 (工伤保险条例 第三十五至三十七条)")
    injury.add_argument("--grade", required=True, help="disability grade, 1 (most severe) to 10")
    injury.add_argument("--monthly-wage", required=True, help="the worker's own monthly wage")

    fee = _add(group, "court-fee", _court_fee, "诉讼费 (诉讼费用交纳办法 第十三条, 第十六条)")
    fee.add_argument("--amount", help="the claim of a property case; for divorce or personality cases the "
                     "property or damages involved")
    fee.add_argument("--kind", default="property", choices=["property", *CASE_KINDS])
    fee.add_argument("--summary", action="store_true", help="summary procedure (简易程序): half the fee")

    loan = _add(group, "interest-cap", _interest_cap, "借款利息上限 (民间借贷规定 第二十五、二十六条)")
    loan.add_argument("--principal", required=True, help="the amount on the IOU")
    loan.add_argument("--lpr", help="one-year LPR in per cent at the contract date (default: config.ini's)")
    loan.add_argument("--rate", help="the agreed rate in per cent, a year (or a month with --rate-period month)")
    loan.add_argument("--rate-period", choices=["year", "month"], default="year",
                      help="whether --rate is per year (default) or per month (twelve times it a year)")
    loan.add_argument("--deducted", default="0", help="interest deducted in advance from the money lent")
    loan.add_argument("--contract-date", help="day the loan contract was made, YYYY-MM-DD")
    loan.add_argument("--loan-end", help="day the loan is repaid, YYYY-MM-DD (default: interest for one year)")

    limit = _add(group, "deadline", _deadline, "时效 and appeal deadlines: the last day, near or past")
    limit.add_argument("--kind", required=True, choices=list(DEADLINE_KINDS))
    limit.add_argument("--known", required=True, help="day the period starts from (knew of the harm, "
                       "judgment served ...), YYYY-MM-DD")
    limit.add_argument("--today", help="as if today were this day, YYYY-MM-DD (default: today in the centre)")
    limit.add_argument("--holiday", action="append", default=[], help="a statutory holiday, YYYY-MM-DD; repeat")


def _add(group, name: str, calculation: Calculation, help_text: str) -> argparse.ArgumentParser:
    parser = group.add_parser(name, parents=[common_options()], help=help_text, description=help_text)
    parser.add_argument("--language", choices=["zh_CN", "en"], default="zh_CN", help="language of the text output")
    parser.set_defaults(handler=_run(calculation))
    return parser


def _run(calculation: Calculation) -> Callable[[argparse.Namespace, object], int]:
    """Read the figures in force, calculate, print; bad input is one line naming the option, exit 2."""

    def run(args: argparse.Namespace, runtime) -> int:
        args.runtime = runtime
        try:
            desk = open_queue(runtime, write=False)  # reads staff's overrides only
        except StoreError as error:
            print(f"kiosk-admin: {error}", file=sys.stderr)
            return EXIT_USAGE
        try:
            figures = effective_settings(runtime.settings, desk.centre.setting_overrides()).calculators
        finally:
            desk.store.close()
        try:
            result = calculation(args, figures)
        except CalculatorInputError as error:
            option = "--" + error.field.replace("_", "-")
            print(f"kiosk-admin calc {args.calc_command}: {option}: {error.reason.en}", file=sys.stderr)
            return EXIT_USAGE
        if args.json:
            print_json(result.as_json())
        else:
            language = args.language
            print(result_question(result, language))
            print(result_text(result, language))
            print("依据：" if language != "en" else "Legal basis:")
            for cite in result.cites:
                print(f"- {cite.citation(language)}" + (f" {cite.note.get(language)}" if cite.note else ""))
        return EXIT_OK

    return run


def _severance(args: argparse.Namespace, figures: CalculatorSettings) -> Result:
    return severance(args.start, args.end, args.monthly_wage, figures, args.average_wage)


def _dismissal_damages(args: argparse.Namespace, figures: CalculatorSettings) -> Result:
    return dismissal_damages(args.start, args.end, args.monthly_wage, figures, args.average_wage)


def _double_wage(args: argparse.Namespace, figures: CalculatorSettings) -> Result:
    return double_wage(args.start, args.monthly_wage, signed=args.signed, end=args.end)


def _work_injury(args: argparse.Namespace, figures: CalculatorSettings) -> Result:
    return work_injury(args.grade, args.monthly_wage, figures)


def _court_fee(args: argparse.Namespace, figures: CalculatorSettings) -> Result:
    return court_fee(args.amount, args.kind, args.summary)


def _interest_cap(args: argparse.Namespace, figures: CalculatorSettings) -> Result:
    return interest_cap(args.principal, figures, lpr=args.lpr, rate=args.rate, deducted=args.deducted,
                        contract_date=args.contract_date, loan_end=args.loan_end,
                        rate_period=args.rate_period)


def _deadline(args: argparse.Namespace, figures: CalculatorSettings) -> Result:
    zone = ZoneInfo(args.runtime.settings.centre.timezone)
    today = args.today or datetime.now(zone).date()
    return deadline(args.kind, args.known, today, args.holiday)
