"""Reading what a visitor typed (or a script passed) into checked values.

Each reader names the field in its error, in both languages, so the screen can
say what to change and the shell can print one line. Amounts are exact
Decimals; NaN, infinities, negative numbers and absurd sizes are refused.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from kiosk.calculators.model import CalculatorInputError, Text

# Field names as a visitor sees them.
FIELDS: dict[str, Text] = {
    "start": Text("入职日期", "start date"),
    "end": Text("离职日期", "end date"),
    "signed": Text("签订书面合同日期", "date the written contract was signed"),
    "monthly_wage": Text("月工资", "monthly wage"),
    "average_wage": Text("本市上年度职工月平均工资", "city average monthly wage"),
    "grade": Text("伤残等级", "disability grade"),
    "amount": Text("金额", "amount"),
    "kind": Text("种类", "kind"),
    "lpr": Text("一年期贷款市场报价利率", "one-year loan prime rate"),
    "principal": Text("借条上的借款金额", "amount on the IOU"),
    "deducted": Text("预先扣除的利息", "interest deducted in advance"),
    "rate": Text("约定利率", "agreed rate"),
    "rate_period": Text("利率按年还是按月", "rate a year or a month"),
    "contract_date": Text("借款合同成立日期", "date the loan contract was made"),
    "loan_end": Text("还款日期", "repayment date"),
    "known": Text("知道或应当知道之日", "date you knew (or should have known)"),
    "today": Text("今天的日期", "today's date"),
    "holiday": Text("法定节假日", "public holiday"),
}

# Far above any wage, claim or loan a kiosk visitor brings; keeps Decimal arithmetic sane.
MAX_AMOUNT = Decimal("1000000000000")  # one trillion yuan
MAX_RATE = Decimal("1000")  # per cent a year
# Dates a visitor may mean; the bounds also keep "a year later" and "the next working day" inside ``date``.
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)


def fail(field: str, zh: str, en: str) -> CalculatorInputError:
    """An error naming ``field``: ``月工资：应为……`` / ``monthly wage: expected ...``."""
    return CalculatorInputError(field, FIELDS[field], Text(zh, en))


def read_amount(raw: str | Decimal | int, field: str, high: Decimal = MAX_AMOUNT,
                allow_zero: bool = True) -> Decimal:
    """A non-negative sum of money (or rate) no larger than ``high``."""
    text = str(raw).strip()
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise fail(field, f"应为数字，输入的是“{text}”", f"expected a number, got {text!r}") from None
    if not value.is_finite():
        raise fail(field, f"应为有限的数字，输入的是“{text}”", f"expected a finite number, got {text!r}")
    if value < 0:
        raise fail(field, f"不能为负数，输入的是 {text}", f"expected 0 or more, got {text}")
    if value == 0 and not allow_zero:
        raise fail(field, "应大于 0，输入的是 0", f"expected more than 0, got {text}")
    if value > high:
        raise fail(field, f"不能大于 {high:f}，输入的是 {text}", f"expected at most {high:f}, got {text}")
    return value


def read_date(raw: str | date, field: str) -> date:
    """A calendar date as YYYY-MM-DD, from 1900 to 2199."""
    if isinstance(raw, date):
        value = raw
    else:
        text = str(raw).strip()
        try:
            value = date.fromisoformat(text)
        except ValueError:
            raise fail(field, f"应为 2026-05-20 这样的日期，输入的是“{text}”",
                       f"expected a date such as 2026-05-20, got {text!r}") from None
    if not EARLIEST <= value <= LATEST:
        raise fail(field, f"应在 {EARLIEST} 至 {LATEST} 之间，输入的是 {value}",
                   f"expected a date from {EARLIEST} to {LATEST}, got {value}")
    return value


def read_whole(raw: str | int, field: str, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``."""
    text = str(raw).strip()
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise fail(field, f"应为 {low} 至 {high} 之间的整数，输入的是“{text}”",
                   f"expected a whole number from {low} to {high}, got {text!r}")
    return value


def require_order(earlier: date, later: date, earlier_field: str, later_field: str) -> None:
    """``later`` must not come before ``earlier``; the error names the later field."""
    if later < earlier:
        first = FIELDS[earlier_field]
        raise fail(later_field, f"不能早于{first.zh}（{earlier}），输入的是 {later}",
                   f"expected {earlier} ({first.en}) or later, got {later}")
