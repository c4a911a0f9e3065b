"""时效 and 期限: the last day to act, whether it is near or past, and what stops or restarts the clock."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.calculators.inputs import fail, read_date
from kiosk.calculators.model import NEAR, NEAR_DAYS, OPEN, PAST, UNKNOWN, Cite, Result, Text, add_months
from kiosk.calculators.sources import (
    ARBITRATION,
    ARBITRATION_SUPERSEDED,
    CIVIL_CODE,
    CIVIL_PROCEDURE,
    LABOUR_ARBITRATION,
    cite,
)

SATURDAY = 5


@dataclass(frozen=True)
class DeadlineKind:
    """One kind of deadline: its length, from what day it runs, and what can interrupt or suspend it."""

    name: Text
    known: Text  # what the start day is, for the visitor
    months: int  # the length, in months (a year is 12), or
    days: int  # in days
    cites: tuple[Cite, ...]
    rolls_over: Cite | None  # the article moving a last day off a rest day
    pauses: tuple[Text, ...]  # what interrupts or suspends it
    notes: tuple[Text, ...] = ()
    current: bool = True  # False: the corpus holds only a superseded text for it


DEADLINE_KINDS: dict[str, DeadlineKind] = {
    "labour-arbitration": DeadlineKind(
        Text("劳动仲裁时效（一年）", "Labour arbitration (one year)"),
        Text("知道或应当知道权利被侵害之日", "the day you knew, or should have known, your rights were harmed"),
        12, 0, (cite(LABOUR_ARBITRATION, 27),), cite(CIVIL_CODE, 203),
        (Text("中断：向对方主张权利、向有关部门请求救济、对方同意履行的，时效中断，从中断时起重新算一年。",
              "Interrupted: claiming from the other side, asking an authority for help, or the other side "
              "agreeing to pay restarts the full year from then."),
         Text("中止：因不可抗力或其他正当理由不能申请的，时效中止，障碍消除后继续计算。",
              "Suspended: force majeure or another good reason that stops you applying pauses the clock; it "
              "runs on once that ends.")),
        (Text("在职期间被拖欠工资的，不受一年限制，但离职后应在一年内申请。",
              "Unpaid wages while still employed are not held to the one year, but once the job ends you must "
              "apply within a year of leaving."),)),
    "civil": DeadlineKind(
        Text("普通民事诉讼时效（三年）", "Ordinary civil claim (three years)"),
        Text("知道或应当知道权利受损害以及谁是义务人之日",
             "the day you knew, or should have known, of the harm and who is liable"),
        36, 0, (cite(CIVIL_CODE, 188), cite(CIVIL_CODE, 194), cite(CIVIL_CODE, 195)), cite(CIVIL_CODE, 203),
        (Text("中断：向对方要求履行、对方同意履行、起诉或申请仲裁等，时效中断，从中断时起重新算三年。",
              "Interrupted: asking the other side to perform, their agreeing to, or suing or applying for "
              "arbitration restarts the three years from then."),
         Text("中止：在最后六个月内因不可抗力、无人代理、被控制等障碍不能主张的，时效中止，障碍消除后再满六个月才届满。",
              "Suspended: an obstacle in the last six months (force majeure, no legal representative, being "
              "held by others ...) pauses it; it ends six months after the obstacle ends.")),
        (Text("无论何时知道，自权利受损害之日起超过二十年的，一般不再保护。",
              "Whenever you learned of it, a claim more than twenty years after the harm is generally not "
              "protected."),)),
    "appeal-judgment": DeadlineKind(
        Text("不服一审判决的上诉期（15 日）", "Appeal against a first-instance judgment (15 days)"),
        Text("判决书送达之日", "the day the judgment was served on you"),
        0, 15, (cite(CIVIL_PROCEDURE, 171),), cite(CIVIL_PROCEDURE, 85),
        (Text("上诉期不中断、不中止；因不可抗拒的事由或其他正当理由耽误的，可在障碍消除后十日内申请顺延，由法院决定。",
              "An appeal period is not interrupted or suspended; if force majeure or another good reason made you "
              "miss it, you may ask for more time within ten days after the obstacle ends, and the court "
              "decides."),),
        (Text("上诉状在期满前交邮的，不算过期。", "An appeal posted before the period ends is in time."),)),
    "appeal-ruling": DeadlineKind(
        Text("不服一审裁定的上诉期（10 日）", "Appeal against a first-instance ruling (10 days)"),
        Text("裁定书送达之日", "the day the ruling was served on you"),
        0, 10, (cite(CIVIL_PROCEDURE, 171),), cite(CIVIL_PROCEDURE, 85),
        (Text("上诉期不中断、不中止；因不可抗拒的事由或其他正当理由耽误的，可在障碍消除后十日内申请顺延，由法院决定。",
              "An appeal period is not interrupted or suspended; if force majeure or another good reason made you "
              "miss it, you may ask for more time within ten days after the obstacle ends, and the court "
              "decides."),),
        (Text("上诉状在期满前交邮的，不算过期。", "An appeal posted before the period ends is in time."),)),
    "award-set-aside": DeadlineKind(
        Text("申请撤销仲裁裁决的期限", "Applying to set aside an arbitral award"),
        Text("收到裁决书之日", "the day you received the award"),
        6, 0, (cite(ARBITRATION, 59, ARBITRATION_SUPERSEDED),), None,
        (Text("这一期限能否中断、中止或顺延，请向法院确认。",
              "Whether this period can be interrupted, suspended or extended: ask the court."),),
        current=False),
}

def _cites_with_extras(kind: DeadlineKind) -> tuple[Cite, ...]:
    extras = (cite(CIVIL_CODE, 201), cite(CIVIL_CODE, 202)) if kind.months else (cite(CIVIL_PROCEDURE, 86),)
    rolls = (kind.rolls_over,) if kind.rolls_over else ()
    return (*kind.cites, *extras, *rolls) if kind.current else kind.cites


def next_working_day(day: date, holidays: Iterable[date] = ()) -> date:
    """``day``, or the first day after it that is neither a weekend nor one of ``holidays``."""
    rest = set(holidays)
    while day.weekday() >= SATURDAY or day in rest:
        day += timedelta(days=1)
    return day


def deadline(kind: str, known: str | date, today: str | date, holidays: Iterable[str | date] = ()) -> Result:
    """The last day of a deadline of ``kind`` (:data:`DEADLINE_KINDS`) running from ``known``, as seen ``today``.

    ``holidays`` are the statutory holidays (法定节假日) the visitor or staff know of; weekends are always rest
    days. The start day is not counted; a period of months ends on the corresponding day.
    """
    if kind not in DEADLINE_KINDS:
        known_kinds = ", ".join(DEADLINE_KINDS)
        raise fail("kind", f"应为以下之一：{known_kinds}，输入的是“{kind}”",
                   f"expected one of {known_kinds}, got {kind!r}")
    spec = DEADLINE_KINDS[kind]
    start, now = read_date(known, "known"), read_date(today, "today")
    rest_days = [read_date(day, "holiday") for day in holidays]
    if start > now:
        raise fail("known", f"不能晚于今天（{now}），输入的是 {start}",
                   f"expected {now} (today) or earlier, got {start}")
    inputs = (Text(f"{spec.known.zh}：{start}", f"{spec.known.en[0].upper()}{spec.known.en[1:]}: {start}"),)
    assumptions = (Text("周六、周日按休息日处理；法定节假日只认得已输入的日期，调休上班日请自行核对。",
                        "Saturdays and Sundays are treated as rest days; public holidays are known only where "
                        "they were entered, and swapped working days should be checked."),)
    if not spec.current:
        working = (
            Text("2017 年仲裁法规定的期限为收到裁决书之日起六个月，但该法已修订，"
                 "新文本自 2026-03-01 起施行，本机未收录；现行期限本机无法确定。",
                 "The 2017 Arbitration Law gave six months from receiving the award, but the law was revised and "
                 "the new text, in force from 2026-03-01, is not held by this kiosk: it cannot tell the current "
                 "deadline."),
            Text("请立即向作出裁决的仲裁机构所在地的中级人民法院或律师确认期限。",
                 "Confirm the deadline at once with the intermediate people's court where the arbitration body "
                 "sits, or with a lawyer."),
        )
        return Result("deadline", spec.name, inputs, working, _cites_with_extras(spec), assumptions,
                      (*spec.pauses, *spec.notes), status=UNKNOWN)
    if spec.months:
        raw_end = add_months(start, spec.months)
        length = Text(f"{spec.months // 12} 年" if spec.months % 12 == 0 else f"{spec.months} 个月",
                      f"{spec.months // 12} year{'s' if spec.months > 12 else ''}" if spec.months % 12 == 0
                      else f"{spec.months} months")
    else:
        raw_end = start + timedelta(days=spec.days)
        length = Text(f"{spec.days} 日", f"{spec.days} days")
    last = next_working_day(raw_end, rest_days)
    working = [Text(f"从 {start} 的次日起算 {length.zh}，期间届满日为 {raw_end}",
                    f"Counting {length.en} from the day after {start}: the period ends on {raw_end}")]
    if last != raw_end:
        working.append(Text(f"{raw_end} 是休息日或节假日，顺延至 {last}",
                            f"{raw_end} is a weekend or holiday: moved to {last}"))
    days_left = (last - now).days
    if days_left < 0:
        status = PAST
        working.append(Text(f"已于 {last} 届满（过去 {-days_left} 天）",
                            f"Ended on {last} ({-days_left} day{'' if days_left == -1 else 's'} ago)"))
    else:
        status = NEAR if days_left <= NEAR_DAYS else OPEN
        hurry = "，即将届满，请尽快办理" if status == NEAR else ""
        working.append(Text(f"最后一日 {last}，还剩 {days_left} 天{hurry}",
                            f"Last day {last}: {days_left} day{'' if days_left == 1 else 's'} left" +
                            (". It is near: act soon" if status == NEAR else "")))
    checks = [*spec.pauses, *spec.notes]
    if status == PAST:
        checks.insert(0, Text("期限看似已过，但若有中断、中止等情形可能仍可主张，请咨询律师或法律援助。",
                              "The period looks over, but an interruption or suspension may keep the claim alive: "
                              "ask a lawyer or legal aid."))
    return Result("deadline", spec.name, inputs, tuple(working), _cites_with_extras(spec), assumptions,
                  tuple(checks), last_day=last, status=status, days_left=days_left)
