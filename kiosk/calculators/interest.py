"""借款利息上限: the most interest a court supports on a private loan (民间借贷规定 第二十五、二十六条)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kiosk.calculators.inputs import MAX_RATE, fail, read_amount, read_date, require_order
from kiosk.calculators.model import Figure, Result, Text, to_cent, yuan
from kiosk.calculators.sources import PRIVATE_LENDING, cite
from kiosk.foundation.config import CalculatorSettings

CAP_TIMES = 4  # 第二十五条: four times the one-year LPR at the time the contract was made
# 第三十一条: loans made before this day may have interest up to 2020-08-19 judged by the rules of the time.
NEW_RULES_FROM = date(2020, 8, 20)
DAYS_IN_YEAR = 365
HUNDRED = Decimal(100)


RATE_PERIODS = ("year", "month")
MONTHS_IN_YEAR = 12
MAX_MONTHLY_RATE = (MAX_RATE / MONTHS_IN_YEAR).quantize(Decimal("0.01"))


def interest_cap(principal: str | Decimal, figures: CalculatorSettings, lpr: str | Decimal | None = None,
                 rate: str | Decimal | None = None, deducted: str | Decimal = "0",
                 contract_date: str | date | None = None, loan_end: str | date | None = None,
                 rate_period: str = "year") -> Result:
    """The yearly rate cap, whether the agreed rate passes it, and the most interest supported on the money
    actually lent.

    ``principal`` is the sum on the IOU; ``deducted`` the interest taken off it when the money was handed
    over (第二十六条: not principal). With ``rate`` (per cent a year, or a month when ``rate_period`` is
    ``month``: twelve times that a year) the agreed rate is checked against the cap; with ``contract_date``
    and ``loan_end`` the interest is for those days, else for one year.
    """
    written = read_amount(principal, "principal", allow_zero=False)
    taken_off = read_amount(deducted, "deducted")
    if taken_off >= written:
        raise fail("deducted", f"应小于借条上的金额 {yuan(written)} 元", f"expected less than the {yuan(written)} "
                   f"yuan on the IOU")
    if rate_period not in RATE_PERIODS:
        raise fail("rate_period", f"应为 year（年）或 month（月），输入的是“{rate_period}”",
                   f"expected year or month, got {rate_period!r}")
    monthly = rate_period == "month"
    label = Text("一年期贷款市场报价利率（LPR，%）", "One-year loan prime rate (LPR, %)")
    if lpr is None:
        used = Figure("lpr_one_year", label, figures.lpr_one_year, figures.lpr_published)
    else:
        used = Figure("lpr_one_year", label, read_amount(lpr, "lpr", MAX_RATE, allow_zero=False), None)
    stated = None if rate is None else read_amount(rate, "rate", MAX_MONTHLY_RATE if monthly else MAX_RATE)
    agreed = None if stated is None else stated * MONTHS_IN_YEAR if monthly else stated
    made = None if contract_date is None else read_date(contract_date, "contract_date")
    repaid = None if loan_end is None else read_date(loan_end, "loan_end")
    if made is not None and repaid is not None:
        require_order(made, repaid, "contract_date", "loan_end")
    cap = used.value * CAP_TIMES
    lent = written - taken_off
    above = agreed is not None and agreed > cap
    applied = cap if agreed is None else min(agreed, cap)
    days = (repaid - made).days if made is not None and repaid is not None else DAYS_IN_YEAR
    amount = to_cent(lent * applied / HUNDRED * days / DAYS_IN_YEAR)
    working = [Text(f"上限年利率 = {used.value:f}% × {CAP_TIMES} = {cap:f}%",
                    f"Cap = {used.value:f}% × {CAP_TIMES} = {cap:f}% a year")]
    if taken_off:
        working.append(Text(f"预先扣除的利息不算本金：实际本金 {yuan(written)} − {yuan(taken_off)} = {yuan(lent)} 元",
                            f"Interest deducted in advance is not principal: actual principal {yuan(written)} − "
                            f"{yuan(taken_off)} = {yuan(lent)} yuan"))
    else:
        working.append(Text(f"实际本金 = 借条金额 {yuan(lent)} 元", f"Actual principal = the IOU's {yuan(lent)} yuan"))
    if agreed is not None:
        if monthly:
            working.append(Text(f"约定月利率 {stated:f}% × {MONTHS_IN_YEAR} = 年利率 {agreed:f}%",
                                f"Agreed {stated:f}% a month × {MONTHS_IN_YEAR} = {agreed:f}% a year"))
        working.append(Text(f"约定年利率 {agreed:f}% {'超过上限，超出部分不受支持' if above else '未超过上限'}",
                            f"The agreed {agreed:f}% a year is "
                            f"{'above the cap: the excess is not supported' if above else 'within the cap'}"))
    if made is not None and repaid is not None:
        period, period_en = f"{made} 至 {repaid}，{days} 天", f"{made} to {repaid}, {days} days"
    else:
        period, period_en = "按一年 365 天", "one year of 365 days"
    working += [Text(f"{yuan(lent)} 元 × {applied:f}% × {days}/{DAYS_IN_YEAR}（{period}）",
                     f"{yuan(lent)} yuan × {applied:f}% × {days}/{DAYS_IN_YEAR} ({period_en})"),
                Text(f"最多支持利息 {yuan(amount)} 元", f"At most {yuan(amount)} yuan of interest is supported")]
    inputs = [Text(f"借条金额 {yuan(written)} 元", f"IOU amount {yuan(written)} yuan")]
    if taken_off:
        inputs.append(Text(f"预先扣除利息 {yuan(taken_off)} 元",
                           f"Interest deducted in advance {yuan(taken_off)} yuan"))
    if stated is not None:
        inputs.append(Text(f"约定{'月' if monthly else '年'}利率 {stated:f}%",
                           f"Agreed rate {stated:f}% a {'month' if monthly else 'year'}"))
    if made is not None:
        inputs.append(Text(f"合同成立 {made}", f"Contract made {made}"))
    checks = [Text("上限用的是合同成立时的一年期 LPR；本机所用 LPR 及其公布日期随结果列出，合同成立时的 LPR 可能不同。",
                   "The cap uses the one-year LPR at the time the contract was made; the LPR used here and its "
                   "publication date are listed with the result, and the one in force then may differ.")]
    cites = [cite(PRIVATE_LENDING, 25), cite(PRIVATE_LENDING, 26)]
    if made is not None and used.published is not None and made < used.published:
        checks.insert(0, Text(f"合同成立于 {made}，早于本机 LPR 的公布日期 {used.published}：请查合同成立时的 LPR。",
                              f"The contract was made on {made}, before the LPR used here was published "
                              f"({used.published}): look up the LPR in force then."))
    if made is not None and made < NEW_RULES_FROM:
        cites.append(cite(PRIVATE_LENDING, 31))
        checks.append(Text("合同成立于 2020-08-20 之前的，到 2020-08-19 为止的利息可以请求按当时的规定计算。",
                           "For a loan made before 2020-08-20, interest up to 2020-08-19 may be claimed under the "
                           "rules of the time."))
    checks.append(Text("逾期利息、违约金和其他费用加在一起，同样不得超过这个上限（第二十九条）。",
                       "Late interest, penalties and other charges together are held to the same cap (Article 29)."))
    cites.append(cite(PRIVATE_LENDING, 29))
    if agreed is None:
        verdict = Text(f"上限是年利率 {cap:f}%", f"The cap is {cap:f}% a year")
    elif above:
        verdict = Text(f"约定年利率 {agreed:f}% 超过上限 {cap:f}%：超出部分不受支持",
                       f"The agreed {agreed:f}% a year is above the {cap:f}% cap: the excess is not supported")
    else:
        verdict = Text(f"约定年利率 {agreed:f}% 未超过上限 {cap:f}%", f"The agreed {agreed:f}% a year is within "
                       f"the {cap:f}% cap")
    span = Text("一年", "a year") if repaid is None or made is None else Text(f"{days} 天", f"{days} days")
    findings = (verdict,
                Text(f"实际本金 {yuan(lent)} 元" + (f"（预先扣除的 {yuan(taken_off)} 元不算）" if taken_off else ""),
                     f"Actual principal {yuan(lent)} yuan"
                     + (f" (the {yuan(taken_off)} deducted in advance does not count)" if taken_off else "")),
                Text(f"以上是{span.zh}最多支持的利息", f"Above: the most interest supported for {span.en}"))
    return Result(
        "interest-cap", Text("借款利息上限", "Interest cap on a private loan"), tuple(inputs), tuple(working),
        tuple(cites), findings=findings,
        assumptions=(Text("按一年 365 天、单利计算。", "Simple interest, 365 days a year."),
                     Text("借款人实际收到的金额就是本金。",
                          "The principal is the money the borrower actually received.")),
        checks=tuple(checks), figures=(used,), amount=amount)
