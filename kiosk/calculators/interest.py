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


def interest_cap(principal: str | Decimal, figures: CalculatorSettings, lpr: str | Decimal | None = None,
                 rate: str | Decimal | None = None, deducted: str | Decimal = "0",
                 contract_date: str | date | None = None, loan_end: str | date | None = None) -> Result:
    """The yearly rate cap, and the most interest supported on the money actually lent.

    ``principal`` is the sum on the IOU; ``deducted`` the interest taken off it when the money was handed
    over (第二十六条: not principal). With ``rate`` (per cent a year) the agreed rate is checked against the
    cap; with ``contract_date`` and ``loan_end`` the interest is for those days, else for one year.
    """
    written = read_amount(principal, "principal", allow_zero=False)
    taken_off = read_amount(deducted, "deducted")
    if taken_off >= written:
        raise fail("deducted", f"应小于借条上的金额 {yuan(written)} 元", f"expected less than the {yuan(written)} "
                   f"yuan on the IOU")
    label = Text("一年期贷款市场报价利率（LPR，%）", "One-year loan prime rate (LPR, %)")
    if lpr is None:
        used = Figure("lpr_one_year", label, figures.lpr_one_year, figures.lpr_published)
    else:
        used = Figure("lpr_one_year", label, read_amount(lpr, "lpr", MAX_RATE, allow_zero=False), None)
    agreed = None if rate is None else read_amount(rate, "rate", MAX_RATE)
    made = None if contract_date is None else read_date(contract_date, "contract_date")
    repaid = None if loan_end is None else read_date(loan_end, "loan_end")
    if made is not None and repaid is not None:
        require_order(made, repaid, "contract_date", "loan_end")
    cap = used.value * CAP_TIMES
    lent = written - taken_off
    applied = cap if agreed is None else min(agreed, cap)
    days = (repaid - made).days if made is not None and repaid is not None else DAYS_IN_YEAR
    amount = to_cent(lent * applied / HUNDRED * days / DAYS_IN_YEAR)
    working = [Text(f"上限年利率 = {used.value:f}% × {CAP_TIMES} = {cap:f}%",
                    f"Cap = {used.value:f}% × {CAP_TIMES} = {cap:f}% a year")]
    if taken_off:
        working.append(Text(f"预先扣除的利息不算本金：{yuan(written)} − {yuan(taken_off)} = {yuan(lent)} 元",
                            f"Interest deducted in advance is not principal: {yuan(written)} − {yuan(taken_off)} "
                            f"= {yuan(lent)} yuan"))
    if agreed is not None:
        working.append(Text(f"约定年利率 {agreed:f}% {'超过上限，超出部分不受支持' if agreed > cap else '未超过上限'}",
                            f"The agreed {agreed:f}% a year is "
                            f"{'above the cap: the excess is not supported' if agreed > cap else 'within the cap'}"))
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
    if agreed is not None:
        inputs.append(Text(f"约定年利率 {agreed:f}%", f"Agreed rate {agreed:f}% a year"))
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
    return Result(
        "interest-cap", Text("借款利息上限", "Interest cap on a private loan"), tuple(inputs), tuple(working),
        tuple(cites),
        assumptions=(Text("按一年 365 天、单利计算。", "Simple interest, 365 days a year."),
                     Text("借款人实际收到的金额就是本金。",
                          "The principal is the money the borrower actually received.")),
        checks=tuple(checks), figures=(used,), amount=amount)
