"""Documents tests: sample answers, the Chinese font and PDF text. The private CUPS server with a cups-pdf
queue (``cups``) is one per worker for every folder: tests/support/cups_server.py, registered in tests/conftest.py."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from kiosk.foundation.fonts import FontFiles, find_font

SAMPLES = {
    "labour_arbitration": {
        "start_date": "2021-03-01", "monthly_wage": "8000", "status": "dismissed", "end_date": "2026-10-31",
        "claims": ["confirm", "wages", "severance", "damages"], "unpaid_wages": "16000", "severance": "48000",
        "damages": "96000", "facts": ["no_contract", "wages_owed", "no_reason", "refused"],
        "evidence": ["pay", "messages", "notice", "witness"],
    },
    "civil_complaint": {
        "lend_date": "2025-06-01", "amount": "50000", "paper": "iou", "delivery": "transfer",
        "due_date": "2025-12-31", "interest": "yearly", "rate": "6", "repaid": "part", "repaid_amount": "10000",
        "demanded": "yes", "guarantee": "none", "claims": ["principal", "interest", "late", "costs"],
        "evidence": ["iou", "transfer", "messages"],
    },
    "iou": {
        "amount": "12345.60", "lend_date": "2026-12-07", "due_date": "2027-06-30", "purpose": "medical",
        "interest": "yearly", "rate": "3.65", "delivery": "transfer",
    },
    "receipt": {
        "amount": "5000", "received_date": "2026-12-01", "kind": "repayment", "method": "cash", "settled": "part",
        "remaining": "7345.60",
    },
    "legal_aid": {"matter": "labour", "stage": "arbitration", "basis": "migrant", "urgent": "deadline",
                  "household": "3"},
    "mediation": {
        "dispute": "neighbours", "since": "2026-09-15", "requests": ["pay", "stop", "apology"], "sum": "3000",
        "tried": ["talked", "committee"],
    },
}

# Words each sample puts on the page (as pdftotext reads them, spaces removed).
FACTS = {
    "labour_arbitration": ["2021年3月1日", "8,000.00", "2026年10月31日", "16,000.00", "48,000.00", "96,000.00",
                           "未与申请人订立书面劳动合同", "解除劳动关系通知", "劳动人事争议仲裁委员会"],
    "civil_complaint": ["50,000.00", "伍万元整", "2025年6月1日", "年利率6%", "10,000.00", "银行转账", "人民法院"],
    "iou": ["壹万贰仟叁佰肆拾伍元陆角", "¥12,345.60", "2026年12月7日", "2027年6月30日", "医疗费用", "3.65%"],
    "receipt": ["伍仟元整", "¥5,000.00", "2026年12月1日", "归还的借款", "现金", "7,345.60"],
    "legal_aid": ["劳动报酬", "劳动争议仲裁阶段", "进城务工人员", "不足七日", "3人"],
    "mediation": ["邻里纠纷", "2026年9月15日", "3,000.00", "停止侵害", "赔礼道歉", "居（村）民委员会"],
}
TODAY = "2026-12-07"


@pytest.fixture(scope="session")
def fonts(tmp_path_factory) -> FontFiles:
    return find_font(None, tmp_path_factory.mktemp("fonts"))


@pytest.fixture
def today() -> date:
    return date.fromisoformat(TODAY)


@pytest.fixture
def samples() -> dict[str, dict]:
    """A fresh copy for each test, so one test's edit is not another's input."""
    return {name: dict(answers) for name, answers in SAMPLES.items()}


def pdf_text(pdf: Path) -> str:
    """The PDF's text as pdftotext reads it in drawing order (``-raw``: Latin and Chinese glyphs sit in
    two Type 3 fonts, which the default reading order pulls apart), without spaces and line breaks."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return "".join(done.stdout.decode().split())


@pytest.fixture
def read_pdf():
    return pdf_text
