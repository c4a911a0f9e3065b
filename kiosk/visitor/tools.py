"""Legal calculators at the kiosk (算一算): which there are, what each asks, and the result as a screen shows it.

A screen builds its inputs from :data:`CALCULATORS` (an amount on the number pad, a date on the picker,
choice tiles), passes what the visitor entered as text to :func:`compute`, and shows the :class:`Shown`
result: the figure, the working, the citations, the assumptions and checks, and the printout. Calculating is
pure arithmetic of a few milliseconds, so the screen calls it directly; the take-away QR is fitted by
:func:`kiosk.visitor.printouts.result_take_away` and printing goes through
:func:`kiosk.visitor.printouts.print_answer`, on their workers.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from kiosk.calculators import (
    CASE_KINDS,
    DEADLINE_KINDS,
    CalculatorInputError,
    Result,
    Text,
    court_fee,
    deadline,
    dismissal_damages,
    double_wage,
    interest_cap,
    severance,
    work_injury,
)
from kiosk.calculators.inputs import LATEST, fail
from kiosk.calculators.printout import result_printout
from kiosk.foundation.config import CalculatorSettings, Settings
from kiosk.printing import AnswerPrintout

AMOUNT, DATE, CHOICE, RATE = "amount", "date", "choice", "rate"  # a rate is typed with a decimal point
# The pad types whole yuan; twelve digits is already more than MAX_AMOUNT allows, so the core's check speaks.
MAX_DIGITS = 13
RATE_DECIMALS = 3  # LPRs are published to two places (3.45); monthly rates may need a third (0.125)


@dataclass(frozen=True)
class Choice:
    code: str
    name: str
    name_en: str


@dataclass(frozen=True)
class Field:
    """One input: its key in :func:`compute`'s values, how it is entered, and its name for a visitor."""

    key: str
    kind: str  # amount, date or choice
    name: str
    name_en: str
    choices: tuple[Choice, ...] = ()
    default: str = ""  # a choice's first pick, or an amount's starting text
    optional: bool = False
    figure: str = ""  # a local figure (CalculatorSettings attribute) the input starts from and names
    figure_published: str = ""  # the attribute holding that figure's publication date


@dataclass(frozen=True)
class Calculator:
    code: str
    name: str
    name_en: str
    about: str
    about_en: str
    fields: tuple[Field, ...]


def _wage(name: str = "月工资（元，离职前十二个月平均）",
          name_en: str = "Monthly wage (yuan, average of the last 12 months)") -> Field:
    return Field("monthly_wage", AMOUNT, name, name_en)


_SERVICE = (Field("start", DATE, "入职日期（第一个工作日）", "Start date (first day of work)"),
            Field("end", DATE, "离职日期（最后一个工作日）", "End date (last day of work)"),
            _wage())

CALCULATORS: tuple[Calculator, ...] = (
    Calculator("severance", "经济补偿", "Severance compensation",
               "劳动合同法第四十七条：每满一年一个月工资", "Labour Contract Law, Article 47: a month's wage a year",
               _SERVICE),
    Calculator("dismissal-damages", "违法解除赔偿金", "Damages for unlawful dismissal",
               "劳动合同法第八十七条：经济补偿的两倍", "Labour Contract Law, Article 87: twice the severance",
               _SERVICE),
    Calculator("double-wage", "未签合同二倍工资", "Double wage, no written contract",
               "劳动合同法第八十二条：最多十一个月", "Labour Contract Law, Article 82: at most eleven months",
               (Field("start", DATE, "入职日期", "Start date"),
                Field("stop", CHOICE, "后来怎样了", "What happened later",
                      (Choice("signed", "补签了书面合同", "A written contract was signed"),
                       Choice("left", "没签合同就离职了", "I left without one"))),
                Field("until", DATE, "补签合同或离职的日期", "Date signed, or date you left"),
                Field("monthly_wage", AMOUNT, "月工资（元）", "Monthly wage (yuan)"))),
    Calculator("work-injury", "一次性伤残补助金", "Disability allowance (work injury)",
               "工伤保险条例第三十五至三十七条", "Regulation on Work-Related Injury Insurance, Articles 35–37",
               (Field("grade", CHOICE, "伤残等级", "Disability grade",
                      tuple(Choice(str(g), f"{g} 级", f"Grade {g}") for g in range(1, 11))),
                Field("monthly_wage", AMOUNT, "本人工资（元/月）", "Own wage (yuan a month)"))),
    Calculator("court-fee", "诉讼费", "Court fee",
               "诉讼费用交纳办法第十三条、第十六条", "Measures on the Payment of Litigation Costs, Articles 13 and 16",
               (Field("kind", CHOICE, "案件种类", "Kind of case",
                      (Choice("property", "财产案件（要钱、要物）", "Property (money or goods)"),
                       *(Choice(code, kind.name.zh, kind.name.en) for code, kind in CASE_KINDS.items()))),
                Field("amount", AMOUNT, "请求金额（元；非财产案件可不填）",
                      "Amount claimed (yuan; may be left empty for a non-property case)", optional=True),
                Field("summary", CHOICE, "程序", "Procedure",
                      (Choice("no", "普通程序", "Ordinary procedure"),
                       Choice("yes", "简易程序（减半）", "Summary procedure (halved)"))))),
    Calculator("interest-cap", "借款利息上限", "Loan interest cap",
               "民间借贷规定第二十五、二十六条：一年期LPR的四倍",
               "Provisions on Private Lending Cases, Articles 25–26: four times the one-year LPR",
               (Field("principal", AMOUNT, "借条上的借款金额（元）", "Amount on the IOU (yuan)"),
                Field("deducted", AMOUNT, "预先扣除的利息（元，没有填 0）",
                      "Interest deducted in advance (yuan, 0 if none)", default="0"),
                Field("rate_period", CHOICE, "约定的利率是", "The agreed rate is",
                      (Choice("year", "年利率", "A yearly rate"), Choice("month", "月利率", "A monthly rate"))),
                Field("rate", RATE, "约定利率（%；没有约定可不填）", "Agreed rate (%; leave empty if none)",
                      optional=True),
                Field("contract_date", DATE, "借款合同成立日期", "Date the loan contract was made"),
                Field("lpr", RATE, "合同成立时的一年期 LPR（%）", "One-year LPR at that date (%)",
                      figure="lpr_one_year", figure_published="lpr_published"))),
    Calculator("deadline", "时效和期限", "Time limits",
               "还有多少天可以申请仲裁、起诉或上诉", "How long you still have to apply, sue or appeal",
               (Field("kind", CHOICE, "要做什么", "What you want to do",
                      tuple(Choice(code, kind.name.zh, kind.name.en) for code, kind in DEADLINE_KINDS.items())),
                Field("known", DATE, "知道权利被侵害或收到文书之日",
                      "Day you knew of the harm, or received the decision"))),
)

BY_CODE = {calculator.code: calculator for calculator in CALCULATORS}

# Answers that name a calculator ("算一算"), with anything the answer already settles.
FOR_ANSWER: dict[str, tuple[str, dict[str, str]]] = {
    "labour-severance": ("severance", {}),
    "labour-dismissed-sick": ("dismissal-damages", {}),
    "labour-no-contract": ("double-wage", {}),
    "labour-arbitration-deadline": ("deadline", {"kind": "labour-arbitration"}),
    "epidemic-arbitration-time-limit": ("deadline", {"kind": "labour-arbitration"}),
    "work_injury-disability-allowance": ("work-injury", {}),
    "debts-interest-cap": ("interest-cap", {}),
    "debts-interest-deducted": ("interest-cap", {}),
    "debts-limitation": ("deadline", {"kind": "civil"}),
}


def calculators() -> tuple[Calculator, ...]:
    return CALCULATORS


def calculator_for_answer(answer_id: str) -> tuple[Calculator, dict[str, str]] | None:
    """The calculator an answer names, and the values it presets; None for an answer that names none."""
    found = FOR_ANSWER.get(answer_id)
    return (BY_CODE[found[0]], dict(found[1])) if found else None


def initial_values(calculator: Calculator, today: date, figures: CalculatorSettings) -> dict[str, str]:
    """What the inputs show first: today on the pickers, the first choice, the local figure, or an empty pad."""
    return {field.key: (today.isoformat() if field.kind == DATE
                        else field.choices[0].code if field.kind == CHOICE
                        else f"{getattr(figures, field.figure):f}" if field.figure else field.default)
            for field in calculator.fields}


def field_note(field: Field | None, figures: CalculatorSettings | None, language: str) -> str:
    """Under an input that starts from a local figure: which figure, its date, and that it may be changed."""
    if field is None or not field.figure or figures is None:
        return ""
    value = f"{getattr(figures, field.figure):f}"
    published = getattr(figures, field.figure_published) if field.figure_published else None
    if language == "en":
        return (f"This centre's figure: {value}%" + (f", published {published}" if published else "")
                + ". Change it to the one in force on the contract date if that differs.")
    return (f"本机数据：{value}%" + (f"（{published} 公布）" if published else "")
            + "。合同成立时的 LPR 不同的，请改为那时的数值。")


def step_date(day: date, part: str, delta: int) -> date:
    """The picker's ▲/▼: ``day`` moved ``delta`` years, months or days; a day past the month's end is cut
    to its last day, and the year stays within what the calculators accept."""
    if part == "day":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=(day.day - 1 + delta) % last + 1)
    year, month = day.year, day.month
    if part == "month":
        month = (month - 1 + delta) % 12 + 1
    else:
        year = min(max(year + delta, 1900), LATEST.year)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def typed(text: str, key: str) -> str:
    """The pad's text after ``key`` (a digit, ``.``, ``delete`` or ``clear``): no leading zeros, at most
    :data:`MAX_DIGITS` characters, one point and :data:`RATE_DECIMALS` places after it."""
    if key == "clear":
        return ""
    if key == "delete":
        return text[:-1]
    if len(text) >= MAX_DIGITS:
        return text
    if key == ".":
        return text if "." in text else (text or "0") + "."
    if "." in text:
        return text if len(text.partition(".")[2]) >= RATE_DECIMALS else text + key
    return key if text in ("", "0") else text + key


@dataclass(frozen=True)
class Shown:
    """A result as the screen shows it in one language."""

    result: Result
    title: str
    headline: str
    findings: tuple[str, ...]
    working: tuple[str, ...]
    cites: tuple[str, ...]
    figures: tuple[str, ...]
    assumptions: tuple[str, ...]
    checks: tuple[str, ...]


@dataclass(frozen=True)
class Computed:
    """A result, or what is wrong with the input in both languages."""

    result: Result | None
    error: str = ""
    error_en: str = ""

    def shown(self, language: str) -> Shown | None:
        return show(self.result, language) if self.result else None


def show(result: Result, language: str) -> Shown:
    return Shown(
        result=result,
        title=result.title.get(language),
        headline=result.headline(language),
        findings=tuple(text.get(language) for text in result.findings),
        working=tuple(text.get(language) for text in result.working),
        cites=tuple(cite.citation(language) for cite in result.cites),
        figures=tuple(figure.describe(language) for figure in result.figures),
        assumptions=tuple(text.get(language) for text in result.assumptions),
        checks=tuple(text.get(language) for text in result.checks),
    )


def compute(code: str, values: Mapping[str, str], figures: CalculatorSettings, today: date) -> Computed:
    """Calculate ``code`` from what the visitor entered (text, as on screen); an empty or unusable
    input comes back as a message naming the field instead of a result."""
    calculator = BY_CODE[code]
    try:
        for field in calculator.fields:
            if not field.optional and not str(values.get(field.key, "")).strip():
                raise CalculatorInputError(field.key, Text(field.name, field.name_en),
                                           Text("请填写", "please fill this in"))
        return Computed(_calculate(code, values, figures, today))
    except CalculatorInputError as error:
        return Computed(None, error.message("zh_CN"), error.message("en"))


def _calculate(code: str, values: Mapping[str, str], figures: CalculatorSettings, today: date) -> Result:
    get = values.get
    if code == "severance":
        return severance(get("start"), get("end"), get("monthly_wage"), figures)
    if code == "dismissal-damages":
        return dismissal_damages(get("start"), get("end"), get("monthly_wage"), figures)
    if code == "double-wage":
        if get("stop") == "signed":
            return double_wage(get("start"), get("monthly_wage"), signed=get("until"))
        return double_wage(get("start"), get("monthly_wage"), end=get("until"))
    if code == "work-injury":
        return work_injury(get("grade"), get("monthly_wage"), figures)
    if code == "court-fee":
        return court_fee(get("amount") or None, get("kind"), get("summary") == "yes")
    if code == "interest-cap":
        return interest_cap(get("principal"), figures, lpr=_entered_figure(get("lpr"), figures.lpr_one_year),
                            rate=get("rate") or None, deducted=get("deducted") or "0",
                            contract_date=get("contract_date"), rate_period=get("rate_period") or "year")
    if code == "deadline":
        return deadline(get("kind"), get("known"), today)
    raise fail("kind", f"没有“{code}”这个计算器", f"no calculator {code!r}")


def _entered_figure(text: str | None, centre: Decimal) -> str | None:
    """None (the centre's figure, cited with its date) when the visitor left it as it was; else what was typed."""
    try:
        return None if Decimal(str(text).strip()) == centre else text
    except InvalidOperation:
        return text


def bullets(lines: tuple[str, ...]) -> str:
    """A section of a result on screen: one line each, after a dot."""
    # A no-break space: Kivy wraps at spaces, and would leave the dot alone before a Chinese line.
    return "\n".join(f"•\u00a0{line}" for line in lines)


def printout(result: Result, settings: Settings, language: str, now: datetime) -> AnswerPrintout:
    """The result on paper, laid out like an answer (the ticket printer prints it)."""
    return result_printout(result, settings, language, now)
