"""The laws the calculators rest on: short title as in the corpus file name, the version cited, and the
English short title a citation shows in English (the knowledge base's, assets/legal/laws.json).

Every rule and number was read in /work/shared/data/laws (``<title>(<adoption date>).md``;
民法典 as its own folder, adopted 2020-05-28); tests/calculators/test_sources.py
checks that each cited article is in that file.
"""

from __future__ import annotations

from kiosk.calculators.model import Cite, Text

LABOUR_CONTRACT = ("劳动合同法", "2012-12-28", "Labour Contract Law")
LABOUR_CONTRACT_REGULATION = ("劳动合同法实施条例", "2008-09-18",
                              "Regulation on the Implementation of the Labour Contract Law")
WORK_INJURY = ("工伤保险条例", "2010-12-20", "Regulation on Work-Related Injury Insurance")
# Not in the knowledge base: the State Council's own English title.
COURT_FEES = ("诉讼费用交纳办法", "2006-12-19", "Measures on the Payment of Litigation Costs")
PRIVATE_LENDING = ("最高人民法院关于审理民间借贷案件适用法律若干问题的规定", "2020-12-29",
                   "Supreme People's Court Provisions on Private Lending Cases")
LABOUR_ARBITRATION = ("劳动争议调解仲裁法", "2007-12-29", "Labour Dispute Mediation and Arbitration Law")
CIVIL_CODE = ("民法典", "2020-05-28", "Civil Code")
CIVIL_PROCEDURE = ("民事诉讼法", "2023-09-01", "Civil Procedure Law")
ARBITRATION = ("仲裁法", "2017-09-01", "Arbitration Law")

# The corpus holds only the 2017 text of 仲裁法; the revision adopted 2025-09-12 is in force from 2026-03-01.
ARBITRATION_SUPERSEDED = Text(
    "此为2017年文本，已被2025年9月12日通过、2026年3月1日起施行的修订文本取代；本机未收录新文本，请向法院或仲裁机构确认。",
    "This is the 2017 text. It was replaced by a revision adopted on 2025-09-12, in force from 2026-03-01, "
    "which this kiosk does not hold: confirm with the court or the arbitration body.",
)


def cite(law: tuple[str, str, str], article: int, note: Text | None = None) -> Cite:
    """A note here says the cited text was replaced: its status is then 已修改 wherever it is shown."""
    return Cite(law[0], article, law[1], note, "已修改" if note else "", law[2])
