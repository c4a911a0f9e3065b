"""诉讼费: the case acceptance fee (案件受理费) of 诉讼费用交纳办法 第十三条, halved by 第十六条."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kiosk.calculators.inputs import fail, read_amount
from kiosk.calculators.model import Result, Text, to_cent, yuan
from kiosk.calculators.sources import COURT_FEES, LABOUR_ARBITRATION, cite

# 第十三条（一）: the property-case scale, each rate on the part of the claim within its band.
FLAT_UP_TO, FLAT_FEE = Decimal(10_000), Decimal(50)
PROPERTY_BANDS: tuple[tuple[Decimal, Decimal | None, Decimal], ...] = (
    (Decimal(10_000), Decimal(100_000), Decimal("0.025")),
    (Decimal(100_000), Decimal(200_000), Decimal("0.02")),
    (Decimal(200_000), Decimal(500_000), Decimal("0.015")),
    (Decimal(500_000), Decimal(1_000_000), Decimal("0.01")),
    (Decimal(1_000_000), Decimal(2_000_000), Decimal("0.009")),
    (Decimal(2_000_000), Decimal(5_000_000), Decimal("0.008")),
    (Decimal(5_000_000), Decimal(10_000_000), Decimal("0.007")),
    (Decimal(10_000_000), Decimal(20_000_000), Decimal("0.006")),
    (Decimal(20_000_000), None, Decimal("0.005")),
)


@dataclass(frozen=True)
class CaseKind:
    """A non-property case of 第十三条（二）至（五）: a fee per case (a range the province fixes within),
    and for some an extra rate on the money at stake."""

    name: Text
    low: Decimal
    high: Decimal
    item: Text  # 第十三条's item, for the working
    # (from, to, rate) on the property or damages involved; empty when none.
    bands: tuple[tuple[Decimal, Decimal | None, Decimal], ...] = ()
    amount_label: Text | None = None


CASE_KINDS: dict[str, CaseKind] = {
    "divorce": CaseKind(Text("离婚案件", "Divorce"), Decimal(50), Decimal(300), Text("（二）1", "(2) 1"),
                        ((Decimal(200_000), None, Decimal("0.005")),),
                        Text("分割的财产总额", "total property divided")),
    "personality": CaseKind(Text("人格权案件（姓名、名誉、肖像等）",
                                 "Personality rights (name, reputation, image ...)"),
                            Decimal(100), Decimal(500), Text("（二）2", "(2) 2"),
                            ((Decimal(50_000), Decimal(100_000), Decimal("0.01")),
                             (Decimal(100_000), None, Decimal("0.005"))),
                            Text("请求的赔偿金额", "damages claimed")),
    "other": CaseKind(Text("其他非财产案件", "Other non-property case"), Decimal(50), Decimal(100),
                      Text("（二）3", "(2) 3")),
    "ip": CaseKind(Text("知识产权民事案件（没有争议金额）", "Intellectual property, no sum in dispute"),
                   Decimal(500), Decimal(1000), Text("（三）", "(3)")),
    "labour": CaseKind(Text("劳动争议案件", "Labour dispute"), Decimal(10), Decimal(10), Text("（四）", "(4)")),
    "administrative-ip": CaseKind(Text("商标、专利、海事行政案件", "Trademark, patent or maritime administrative case"),
                                  Decimal(100), Decimal(100), Text("（五）1", "(5) 1")),
    "administrative": CaseKind(Text("其他行政案件", "Other administrative case"), Decimal(50), Decimal(50),
                               Text("（五）2", "(5) 2")),
}


def _banded(amount: Decimal, bands: tuple[tuple[Decimal, Decimal | None, Decimal], ...]) -> tuple[Decimal, list[Text]]:
    """The fee on ``amount`` band by band, with a working line for each band it reaches."""
    fee, lines = Decimal(0), []
    for low, high, rate in bands:
        if amount <= low:
            break
        part = (amount if high is None else min(amount, high)) - low
        fee += part * rate
        percent = f"{(rate * 100).normalize():f}%"
        top = f"{yuan(high)}" if high is not None and amount > high else f"{yuan(amount)}"
        lines.append(Text(f"{yuan(low)} 至 {top} 元的部分 {yuan(part)} 元 × {percent} = {yuan(part * rate)} 元",
                          f"The part from {yuan(low)} to {top} yuan, {yuan(part)} yuan × {percent} = "
                          f"{yuan(part * rate)} yuan"))
    return fee, lines


def court_fee(amount: str | Decimal | None = None, kind: str = "property", summary: bool = False) -> Result:
    """The acceptance fee of a first-instance case: a property claim of ``amount`` yuan, or a case ``kind``
    of :data:`CASE_KINDS` (with ``amount`` the property or damages involved, if any)."""
    cites = [cite(COURT_FEES, 13)]
    working: list[Text] = []
    if kind == "property":
        if amount is None:
            raise fail("amount", "财产案件请填写请求的金额", "a property case needs the amount claimed")
        claim = read_amount(amount, "amount")
        inputs = (Text(f"财产案件，请求金额 {yuan(claim)} 元", f"Property case, {yuan(claim)} yuan claimed"),)
        working.append(Text(f"不超过 {yuan(FLAT_UP_TO)} 元的部分：每件 {yuan(FLAT_FEE)} 元",
                            f"Up to {yuan(FLAT_UP_TO)} yuan: {yuan(FLAT_FEE)} yuan per case"))
        extra, lines = _banded(claim, PROPERTY_BANDS)
        working += lines
        low = high = FLAT_FEE + extra
    elif kind in CASE_KINDS:
        case = CASE_KINDS[kind]
        inputs_zh, inputs_en = [case.name.zh], [case.name.en]
        low, high = case.low, case.high
        fixed = low == high
        working.append(Text(f"第十三条{case.item.zh}：每件 {yuan(low)} 元" if fixed else
                            f"第十三条{case.item.zh}：每件 {yuan(low)} 至 {yuan(high)} 元，"
                            "具体数额由本省在此幅度内规定",
                            f"Article 13 item {case.item.en}: {yuan(low)} yuan per case" if fixed else
                            f"Article 13 item {case.item.en}: {yuan(low)} to {yuan(high)} yuan per case; the "
                            f"province sets the amount within that range"))
        if amount is not None:
            if not case.bands:
                raise fail("amount", f"{case.name.zh}不按金额收费；有争议金额的请按财产案件计算",
                           f"a {case.name.en.lower()} case is not charged by amount; with a sum in dispute, "
                           f"use the property scale")
            involved = read_amount(amount, "amount")
            inputs_zh.append(f"{case.amount_label.zh} {yuan(involved)} 元")
            inputs_en.append(f"{case.amount_label.en} {yuan(involved)} yuan")
            extra, lines = _banded(involved, case.bands)
            if not lines:
                lines = [Text(f"{case.amount_label.zh}未超过 {yuan(case.bands[0][0])} 元，不另交",
                              f"The {case.amount_label.en} does not exceed {yuan(case.bands[0][0])} yuan: "
                              f"nothing more")]
            working += lines
            low, high = low + extra, high + extra
        inputs = (Text("，".join(inputs_zh), ", ".join(inputs_en)),)
        if kind == "labour":
            cites.append(cite(LABOUR_ARBITRATION, 53))
    else:
        known = ", ".join(["property", *CASE_KINDS])
        raise fail("kind", f"应为以下之一：{known}，输入的是“{kind}”", f"expected one of {known}, got {kind!r}")
    title = Text("诉讼费（案件受理费）", "Court fee (case acceptance fee)")
    if summary:
        cites.append(cite(COURT_FEES, 16))
        working.append(Text("适用简易程序，减半交纳", "Summary procedure: half the fee"))
        low, high = low / 2, high / 2
        inputs = (*inputs, Text("简易程序", "Summary procedure"))
    low, high = to_cent(low), to_cent(high)
    working.append(Text(f"合计 {yuan(low)} 元" if low == high else f"合计 {yuan(low)} 至 {yuan(high)} 元",
                        f"Total {yuan(low)} yuan" if low == high else f"Total {yuan(low)} to {yuan(high)} yuan"))
    checks = [
        Text("调解结案或撤诉的，受理费减半（第十五条）；由败诉方最终负担（第二十九条）。",
             "A case settled by mediation or withdrawn pays half (Article 15); the losing side finally bears the "
             "fee (Article 29)."),
        Text("交费确有困难的，可以向法院申请缓交、减交或免交（第四十四条）。",
             "If paying is truly hard, you can ask the court to defer, reduce or waive the fee (Article 44)."),
    ]
    if kind == "labour":
        checks.insert(0, Text("劳动争议先要申请劳动仲裁，仲裁不收费；这是之后向法院起诉的受理费。",
                              "A labour dispute goes to labour arbitration first, which is free; this is the fee "
                              "for going to court afterwards."))
    cites += [cite(COURT_FEES, 15), cite(COURT_FEES, 29), cite(COURT_FEES, 44)]
    return Result(
        "court-fee", title, inputs, tuple(working), tuple(cites),
        assumptions=(Text("这是一审案件受理费；申请费、鉴定费、公告费等其他费用不在内。",
                          "This is the acceptance fee of a first-instance case; application, appraisal, notice and "
                          "other costs are not included."),),
        checks=tuple(checks), amount=low, amount_high=None if low == high else high)
