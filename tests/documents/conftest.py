"""Documents tests: sample answers, the Chinese font, PDF text, and a private CUPS server with a cups-pdf queue."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass(frozen=True)
class CupsServer:
    """A cupsd of the tests' own: its socket, a cups-pdf queue writing into ``out``, and a way to run
    the CUPS commands against it."""

    socket: str
    queue: str
    out: Path
    spool: Path

    def run(self, *command: str) -> str:
        done = subprocess.run([command[0], "-h", self.socket, *command[1:]], capture_output=True, text=True,
                              env={**os.environ, "LANG": "C"}, timeout=30, check=False)
        return done.stdout + done.stderr


CUPSD = "/usr/sbin/cupsd"
CUPS_PDF = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_PPD = "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"


@pytest.fixture(scope="session")
def cups(worker_id) -> Iterator[CupsServer]:
    """One private cupsd per test worker, listening only on a socket in a temporary folder, with a
    cups-pdf queue that writes there too. cups-pdf reads its settings only from /etc/cups, so the
    queue's own file /etc/cups/cups-pdf-<queue>.conf is written there, and removed on every way out."""
    if not (Path(CUPSD).exists() and CUPS_PDF.exists() and shutil.which("lp")):
        pytest.skip("cups and printer-driver-cups-pdf are not installed (.ci/setup installs them)")
    if os.geteuid() != 0:
        pytest.skip("cupsd and the cups-pdf backend run as root (as in CI)")
    # Not pytest's tmp folder: its parents are private to root, and CUPS filters run as user lp.
    root = Path(tempfile.mkdtemp(prefix="kiosk-cups-"))
    root.chmod(0o755)
    # the root's random name too: a module of the UI tests starts a cupsd of its own in the same process
    queue = f"kiosk_docs_{worker_id}_{os.getpid()}_{root.name.rsplit('-', 1)[1]}"
    config = Path(f"/etc/cups/cups-pdf-{queue}.conf")
    for name in ("spool", "cache", "state", "log", "out", "pdf-spool", "run"):
        (root / name).mkdir()
        (root / name).chmod(0o777 if name in ("out", "pdf-spool") else 0o755)
    (root / "cups-files.conf").write_text(
        f"ServerRoot {root}\nRequestRoot {root}/spool\nCacheDir {root}/cache\nStateDir {root}/state\n"
        f"TempDir {root}/spool\nAccessLog {root}/log/access_log\nErrorLog {root}/log/error_log\n"
        f"PageLog {root}/log/page_log\nServerBin /usr/lib/cups\nDataDir /usr/share/cups\n"
        "User lp\nGroup lp\nFileDevice Yes\nSandboxing relaxed\n")
    socket = f"{root}/run/cups.sock"
    # PreserveJobFiles No: the printed document does not stay in the spool (as a centre's cupsd should).
    (root / "cupsd.conf").write_text(
        f"Listen {socket}\nLogLevel info\nBrowsing No\nDefaultAuthType None\nWebInterface No\n"
        "PreserveJobFiles No\nPreserveJobHistory Yes\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n")
    config.write_text(f"Out {root}/out\nAnonDirName {root}/out\nSpool {root}/pdf-spool\nGSTmp {root}/pdf-spool\n"
                      f"Log {root}/log\nUserPrefix\nGrp root\n")
    process = subprocess.Popen([CUPSD, "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        server = CupsServer(socket, queue, root / "out", root / "spool")
        deadline = time.monotonic() + 20
        while "scheduler is running" not in server.run("lpstat", "-r"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"cupsd did not start: {process.stderr.read().decode() if process.stderr else ''}")
            time.sleep(0.1)
        added = server.run("lpadmin", "-p", queue, "-E", "-v", f"cups-pdf:/{queue}", "-m", CUPS_PDF_PPD)
        if "Unable" in added or "lpadmin: " in added.replace("lpadmin: Printer drivers are deprecated", ""):
            raise RuntimeError(f"lpadmin: {added}")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        config.unlink(missing_ok=True)
        shutil.rmtree(root, ignore_errors=True)

