"""Labour calculators: 经济补偿, 违法解除的赔偿金, 未签书面劳动合同的二倍工资, 一次性伤残补助金."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from kiosk.calculators.inputs import fail, read_amount, read_date, read_whole, require_order
from kiosk.calculators.model import Figure, Result, Span, Text, add_months, day_after, to_cent, yuan
from kiosk.calculators.sources import (
    LABOUR_ARBITRATION,
    LABOUR_CONTRACT,
    LABOUR_CONTRACT_REGULATION,
    WORK_INJURY,
    cite,
)
from kiosk.foundation.config import CalculatorSettings

# 劳动合同法 第九十八条: in force from this day; 第九十七条 counts 经济补偿 years from it.
LABOUR_CONTRACT_LAW_IN_FORCE = date(2008, 1, 1)
HALF = Decimal("0.5")
WAGE_CAP_TIMES = 3  # 第四十七条第二款: three times the city's average monthly wage ...
CAPPED_MONTHS = 12  # ... and then at most twelve years

# 工伤保险条例 第三十五至三十七条: months of the worker's own wage by disability grade.
DISABILITY_MONTHS = {1: 27, 2: 25, 3: 23, 4: 21, 5: 18, 6: 16, 7: 13, 8: 11, 9: 9, 10: 7}
DISABILITY_ARTICLE = {grade: 35 if grade <= 4 else 36 if grade <= 6 else 37 for grade in DISABILITY_MONTHS}
# 第六十四条第二款: the worker's own wage counts at no more than 300% and no less than 60% of the average.
OWN_WAGE_CEILING, OWN_WAGE_FLOOR = Decimal(3), Decimal("0.6")


def _average_wage(figures: CalculatorSettings, entered: str | Decimal | None) -> Figure:
    label = Text("本市上年度职工月平均工资（元）", "City average monthly wage, previous year (yuan)")
    if entered is not None:
        return Figure("average_monthly_wage", label, read_amount(entered, "average_wage", allow_zero=False), None)
    return Figure("average_monthly_wage", label, figures.average_monthly_wage, figures.average_monthly_wage_published)


def _minimum_wage(figures: CalculatorSettings) -> Figure:
    return Figure("minimum_wage", Text("本地最低工资标准（元/月）", "Local minimum wage (yuan a month)"),
                  figures.minimum_wage, figures.minimum_wage_published)


def _months_for(span: Span) -> Decimal:
    """第四十七条第一款: a month per full year; six months or more a month, less than six months half a month."""
    if span.months >= 6:
        return Decimal(span.years + 1)
    if span.months or span.days:
        return span.years + HALF
    return Decimal(span.years)


def _compensation(calculator: str, title: Text, start: str | date, end: str | date, monthly_wage: str | Decimal,
                  figures: CalculatorSettings, average_wage: str | Decimal | None, times: int) -> Result:
    """经济补偿 × ``times``: 1 for 经济补偿, 2 for 赔偿金 (which counts every year since the first day of work)."""
    first, last = read_date(start, "start"), read_date(end, "end")
    require_order(first, last, "start", "end")
    wage = read_amount(monthly_wage, "monthly_wage")
    average, minimum = _average_wage(figures, average_wage), _minimum_wage(figures)
    cites = [cite(LABOUR_CONTRACT, 47), cite(LABOUR_CONTRACT_REGULATION, 27), cite(LABOUR_CONTRACT, 46),
             cite(LABOUR_ARBITRATION, 27)]
    working: list[Text] = []
    assumptions = [
        Text("月工资指离职前十二个月的平均应得工资，含奖金、津贴、补贴；不满十二个月的按实际月数平均。",
             "The monthly wage is the average wage due over the last twelve months before leaving, bonuses and "
             "allowances included; with less than a year, the average over the months worked."),
        Text("入职日为第一个工作日，离职日为最后一个工作日，两日都计入工作年限。",
             "The start date is the first day of work and the end date the last; both count as service."),
    ]
    checks = [
        Text("只有法定情形下离职才有经济补偿（劳动合同法第四十六条），例如单位提出并协商一致解除、单位无过失辞退、"
             "固定期限合同到期终止（单位维持或提高条件续签而本人不同意的除外）等。",
             "Compensation is owed only when the contract ends for a reason the law lists (Labour Contract Law "
             "Article 46), such as an agreed ending the employer proposed, a no-fault dismissal, or a fixed term "
             "running out (unless the employer offered the same or better terms and you said no)."),
        Text("申请劳动仲裁的时效一般为一年（劳动争议调解仲裁法第二十七条）。",
             "Labour arbitration must usually be applied for within one year (Labour Dispute Mediation and "
             "Arbitration Law, Article 27)."),
    ]
    counted_from = first
    if times == 1 and first < LABOUR_CONTRACT_LAW_IN_FORCE:
        counted_from = LABOUR_CONTRACT_LAW_IN_FORCE
        cites.append(cite(LABOUR_CONTRACT, 97))
        working.append(Text(f"2008-01-01 前的工作年限不按本法计算，本计算从 2008-01-01 起算（入职 {first}）。",
                            f"Service before 2008-01-01 is not counted under this law; counted from 2008-01-01 "
                            f"(started {first})."))
        checks.append(Text("2008 年以前的工作年限按当时的规定可能另有补偿，请咨询。",
                           "Service before 2008 may carry compensation under the rules of the time: ask."))
    if times == 2:
        cites += [cite(LABOUR_CONTRACT, 87), cite(LABOUR_CONTRACT_REGULATION, 25)]
        if first < LABOUR_CONTRACT_LAW_IN_FORCE:
            working.append(Text("赔偿金的年限从用工之日起算，2008 年以前的年限也计入。",
                                "Damages count every year from the first day of work, before 2008 too."))
        checks.insert(0, Text("赔偿金适用于单位违法解除或终止合同；拿了赔偿金就不再另拿经济补偿。",
                              "Damages apply when the employer ended the contract unlawfully; they replace "
                              "compensation, not add to it."))
    if last < counted_from:  # all of it before 2008: nothing under this law
        return Result(
            calculator, title, (Text(f"工作期间 {first} 至 {last}，月工资 {yuan(wage)} 元",
                                     f"Worked {first} to {last}, monthly wage {yuan(wage)} yuan"),),
            (*working, Text("合计 0.00 元", "Total 0.00 yuan")), tuple(cites), tuple(assumptions), tuple(checks),
            (average,), amount=Decimal("0.00"))
    span = Span.between(counted_from, day_after(last))
    months = _months_for(span)
    base = wage
    figures_used = [average]
    if wage < minimum.value:
        base = minimum.value
        figures_used.append(minimum)
        working.append(Text(f"月工资 {yuan(wage)} 元低于本地最低工资标准，按 {yuan(base)} 元计。",
                            f"The monthly wage of {yuan(wage)} yuan is below the local minimum wage; "
                            f"{yuan(base)} yuan is used."))
    cap = average.value * WAGE_CAP_TIMES
    if wage > cap:
        base = cap
        working.append(Text(
            f"月工资 {yuan(wage)} 元高于本市上年度职工月平均工资 {yuan(average.value)} 元的三倍，按 {yuan(cap)} 元计，"
            f"且最多计 {CAPPED_MONTHS} 个月。",
            f"The monthly wage of {yuan(wage)} yuan is above three times the city average of "
            f"{yuan(average.value)} yuan: {yuan(cap)} yuan is used, for at most {CAPPED_MONTHS} months."))
    counted = min(months, Decimal(CAPPED_MONTHS)) if wage > cap else months
    working.append(Text(
        f"{counted_from} 至 {last}：{span.zh()} → {counted:f} 个月工资 × {yuan(base)} 元",
        f"{counted_from} to {last}: {span.en()} → {counted:f} months' wages × {yuan(base)} yuan"))
    if counted != months:
        working.append(Text(f"按年限计本应 {months:f} 个月，封顶为 {CAPPED_MONTHS} 个月。",
                            f"The years give {months:f} months, capped at {CAPPED_MONTHS}."))
    amount = to_cent(counted * base)
    if times == 2:
        working.append(Text(f"经济补偿 {yuan(amount)} 元 × 2", f"Compensation of {yuan(amount)} yuan × 2"))
        amount = to_cent(amount * 2)
    working.append(Text(f"合计 {yuan(amount)} 元", f"Total {yuan(amount)} yuan"))
    return Result(
        calculator=calculator, title=title,
        inputs=(Text(f"工作期间 {first} 至 {last}，月工资 {yuan(wage)} 元",
                     f"Worked {first} to {last}, monthly wage {yuan(wage)} yuan"),),
        working=tuple(working), cites=tuple(cites), assumptions=tuple(assumptions), checks=tuple(checks),
        figures=tuple(figures_used), amount=amount)


def severance(start: str | date, end: str | date, monthly_wage: str | Decimal, figures: CalculatorSettings,
              average_wage: str | Decimal | None = None) -> Result:
    """经济补偿 (劳动合同法 第四十七条) for the service from ``start`` to ``end``, both days worked."""
    return _compensation("severance", Text("经济补偿", "Severance compensation"), start, end, monthly_wage,
                         figures, average_wage, times=1)


def dismissal_damages(start: str | date, end: str | date, monthly_wage: str | Decimal, figures: CalculatorSettings,
                      average_wage: str | Decimal | None = None) -> Result:
    """违法解除或终止劳动合同的赔偿金 (第八十七条): twice the 经济补偿, years counted from the first day of work
    (实施条例 第二十五条)."""
    return _compensation("dismissal-damages", Text("违法解除劳动合同赔偿金", "Damages for unlawful dismissal"),
                         start, end, monthly_wage, figures, average_wage, times=2)


def double_wage(start: str | date, monthly_wage: str | Decimal, signed: str | date | None = None,
                end: str | date | None = None) -> Result:
    """The extra month's wage per month without a written contract (劳动合同法 第八十二条; 实施条例 第六、七条).

    It runs from the day one month after the first day of work to the day before the contract was signed
    (or the last day worked), at most to the day before the first anniversary: eleven months at most.
    """
    first = read_date(start, "start")
    wage = read_amount(monthly_wage, "monthly_wage")
    if signed is None and end is None:
        raise fail("signed", "请填写签订书面合同的日期或离职日期",
                   "give the date the contract was signed, or the end date")
    stops: list[date] = []
    if signed is not None:
        signed_on = read_date(signed, "signed")
        require_order(first, signed_on, "start", "signed")
        stops.append(signed_on - timedelta(days=1))
    if end is not None:
        last_worked = read_date(end, "end")
        require_order(first, last_worked, "start", "end")
        stops.append(last_worked)
    period_start = add_months(first, 1)
    deemed_open_ended = add_months(first, 12)  # 实施条例 第七条: deemed signed, open-ended, from this day
    period_end = min(*stops, deemed_open_ended - timedelta(days=1))
    cites = (cite(LABOUR_CONTRACT, 82), cite(LABOUR_CONTRACT_REGULATION, 6), cite(LABOUR_CONTRACT_REGULATION, 7),
             cite(LABOUR_ARBITRATION, 27))
    assumptions = (
        Text("按通常做法以入职当日为第一天：满一个月的次日为下月同一日，满一年当日为次年同一日。",
             "As is usual, the first day of work counts as day one: the day after the first month is the same "
             "date next month, and the first anniversary is the same date next year."),
        Text("单位已照常发放工资，这里算的是另外应付的一倍工资（差额）。",
             "The employer paid the normal wage; this is the extra wage owed on top of it."),
        Text("不足一个月的部分按该月的日历天数折算；各地仲裁机构的折算方法可能不同。",
             "Part of a month is counted by its calendar days; arbitration bodies may count it differently."),
    )
    checks = (
        Text("用工满一年仍未签合同的，视为已订立无固定期限劳动合同，之后不再有二倍工资。",
             "After a full year without a written contract, an open-ended contract is deemed made; no double "
             "wage after that."),
        Text("申请劳动仲裁的时效一般为一年，二倍工资从哪天起算时效，各地做法不一，请尽早申请。",
             "Labour arbitration must usually be applied for within one year; regions differ on when that year "
             "starts for the double wage, so apply early."),
    )
    inputs = [Text(f"入职 {first}，月工资 {yuan(wage)} 元", f"Started {first}, monthly wage {yuan(wage)} yuan")]
    if signed is not None:
        inputs.append(Text(f"签订书面合同 {signed_on}", f"Written contract signed {signed_on}"))
    if end is not None:
        inputs.append(Text(f"离职 {last_worked}", f"Left {last_worked}"))
    if period_end < period_start:
        working = (Text(f"用工未满一个月（二倍工资最早从 {period_start} 起算），没有二倍工资。",
                        f"Less than a month of work without a contract (the double wage starts on "
                        f"{period_start} at the earliest): nothing is owed."),
                   Text("合计 0.00 元", "Total 0.00 yuan"))
        return Result("double-wage", Text("未签书面劳动合同的二倍工资", "Double wage without a written contract"),
                      tuple(inputs), working, cites, assumptions, checks, amount=Decimal("0.00"))
    # Whole months counted from the first day of work, so that a start on the 31st does not drift.
    after_last, whole = day_after(period_end), 0
    while add_months(first, 2 + whole) <= after_last:
        whole += 1
    month_start = add_months(first, 1 + whole)
    days = (after_last - month_start).days
    month_days = (add_months(first, 2 + whole) - month_start).days
    months = Decimal(whole) + Decimal(days) / Decimal(month_days)
    span = Span(whole // 12, whole % 12, days)
    amount = to_cent(wage * months)
    part = f" + {days}/{month_days} 个月" if days else ""
    part_en = f" + {days}/{month_days} of a month" if days else ""
    working = (
        Text(f"二倍工资期间 {period_start} 至 {period_end}：{span.zh()}",
             f"Double-wage period {period_start} to {period_end}: {span.en()}"),
        Text(f"{whole} 个月{part} × {yuan(wage)} 元", f"{whole} months{part_en} × {yuan(wage)} yuan"),
        Text(f"合计 {yuan(amount)} 元", f"Total {yuan(amount)} yuan"),
    )
    return Result("double-wage", Text("未签书面劳动合同的二倍工资", "Double wage without a written contract"),
                  tuple(inputs), working, cites, assumptions, checks, amount=amount)


def work_injury(grade: str | int, monthly_wage: str | Decimal, figures: CalculatorSettings) -> Result:
    """一次性伤残补助金 (工伤保险条例 第三十五至三十七条): months of the worker's own wage by grade 1–10."""
    level = read_whole(grade, "grade", 1, 10)
    wage = read_amount(monthly_wage, "monthly_wage")
    average = _average_wage(figures, None)
    months = DISABILITY_MONTHS[level]
    high, low = average.value * OWN_WAGE_CEILING, average.value * OWN_WAGE_FLOOR
    base = min(max(wage, low), high)
    working = []
    if base != wage:
        working.append(Text(
            f"本人工资 {yuan(wage)} 元{'高于' if wage > high else '低于'}平均工资 {yuan(average.value)} 元的"
            f"{'300%' if wage > high else '60%'}，按 {yuan(base)} 元计。",
            f"The worker's own wage of {yuan(wage)} yuan is {'above 300%' if wage > high else 'below 60%'} of the "
            f"average wage of {yuan(average.value)} yuan: {yuan(base)} yuan is used."))
    amount = to_cent(base * months)
    working += [Text(f"{level} 级伤残 → {months} 个月本人工资 × {yuan(base)} 元",
                     f"Grade {level} disability → {months} months of own wage × {yuan(base)} yuan"),
                Text(f"合计 {yuan(amount)} 元", f"Total {yuan(amount)} yuan")]
    return Result(
        "work-injury", Text("一次性伤残补助金", "One-off disability allowance (work injury)"),
        (Text(f"伤残等级 {level} 级，本人工资 {yuan(wage)} 元",
              f"Disability grade {level}, own wage {yuan(wage)} yuan"),),
        tuple(working), (cite(WORK_INJURY, DISABILITY_ARTICLE[level]), cite(WORK_INJURY, 64)),
        assumptions=(
            Text("本人工资指受伤或患职业病前十二个月的平均月缴费工资。",
                 "The worker's own wage is the average monthly wage on which insurance was paid over the twelve "
                 "months before the injury or illness."),
            Text("封顶和保底用的是本市上年度职工月平均工资；工伤保险以统筹地区公布的平均工资为准。",
                 "The ceiling and floor use the city's average monthly wage; work-injury insurance uses the "
                 "average its own pooling area publishes."),
        ),
        checks=(
            Text("伤残等级以劳动能力鉴定结论为准；先要认定为工伤。",
                 "The grade is the one the work-ability assessment gives; the injury must first be recognised "
                 "as a work injury."),
            Text("这只是一次性伤残补助金；伤残津贴、医疗补助金、就业补助金等另有规定，后两项的标准由本省规定。",
                 "This is the one-off disability allowance only; the monthly disability allowance and the one-off "
                 "medical and employment grants follow other rules, the last two set by the province."),
        ),
        figures=(average,), amount=amount)
