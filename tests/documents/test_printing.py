"""Printing on A4 through a real CUPS server (the tests' own cupsd with a cups-pdf queue): the
document comes out with the chosen facts, each printer fault becomes the visitor's message with the
QR fallback, and nothing the visitor chose is left on disk."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from cups_server import CupsServer

from kiosk.documents import Printer, PrintFault, draft_pdf, make_draft, print_draft
from kiosk.documents.printing import JOB_FAILED, NO_QUEUE, NO_SERVER, NOT_CONFIGURED, STOPPED

from .conftest import FACTS
from .test_render import not_within_a_pixel

pytestmark = pytest.mark.slow


def ink(pdf: Path, prefix: Path) -> list:
    """Each page of ``pdf`` as a boolean ink mask at 100 dpi."""
    numpy = pytest.importorskip("numpy")
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "100", "-gray", str(pdf), str(prefix)], check=True)
    return [numpy.asarray(Image.open(p)) < 128 for p in sorted(prefix.parent.glob(f"{prefix.name}-*.pgm"))]


def job_output(cups: CupsServer, job: str) -> Path:
    number = job.rsplit("-", 1)[1]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = [p for p in cups.out.glob(f"*job_{number}.pdf") if p.stat().st_size and os.access(p, os.R_OK)]
        if found:
            time.sleep(0.2)  # cups-pdf sets the file's mode last
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"cups-pdf wrote no PDF for job {job}")


def test_a_printed_document_carries_the_chosen_facts(cups, tmp_path, fonts, samples, today, read_pdf) -> None:
    """cups-pdf's output passes through Ghostscript, which drops the text layer of Type 3 fonts, so it is
    compared as ink: it matches the page whose text holds the facts, within a pixel, and not the page
    of a draft with one fact changed."""
    draft = make_draft("iou", samples["iou"], today)
    job = print_draft(draft, fonts, Printer(cups.queue, cups.socket))
    printed = job_output(cups, job)
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\n", info) and "595 x 842 pts (A4)" in info

    own = tmp_path / "own.pdf"
    own.write_bytes(draft_pdf(draft, fonts))
    text = read_pdf(own)
    assert all(fact in text for fact in FACTS["iou"])
    other = tmp_path / "other.pdf"
    changed = {**samples["iou"], "amount": "12345.70"}  # one figure and one capital: 陆角 → 柒角
    other.write_bytes(draft_pdf(make_draft("iou", changed, today), fonts))

    [out_page], [own_page], [other_page] = (ink(p, tmp_path / p.stem) for p in (printed, own, other))
    assert not_within_a_pixel(out_page, own_page) + not_within_a_pixel(own_page, out_page) <= 5
    assert not_within_a_pixel(out_page, other_page) + not_within_a_pixel(other_page, out_page) > 15
    # PreserveJobFiles No: the spool keeps no copy of the document once it is printed
    assert not [p for p in cups.spool.iterdir() if p.name.startswith("d")]


def fault(printer: Printer) -> PrintFault:
    with pytest.raises(PrintFault) as caught:
        printer.check()
    return caught.value


def test_no_printer_set_up() -> None:
    found = fault(Printer(""))
    assert found.kind == NOT_CONFIGURED
    assert "二维码" in found.message("zh_CN") and "QR code" in found.message("en")


def test_cupsd_not_running(tmp_path) -> None:
    if subprocess.run(["which", "lpstat"], capture_output=True).returncode:
        pytest.skip("lpstat (cups-client) is not installed")
    found = fault(Printer("anything", str(tmp_path / "no-cupsd.sock")))
    assert found.kind == NO_SERVER
    assert found.message("zh_CN").startswith("打印服务没有运行")
    assert found.message("en").startswith("The printing service is not running")


def test_no_such_queue(cups) -> None:
    found = fault(Printer("no_such_queue", cups.socket))
    assert found.kind == NO_QUEUE and "no_such_queue" in found.detail
    assert "找不到文书打印机" in found.message("zh_CN") and "cannot be found" in found.message("en")


@pytest.mark.parametrize(("stop", "start"), [("cupsdisable", "cupsenable"), ("cupsreject", "cupsaccept")])
def test_a_stopped_or_refusing_queue(cups, fonts, samples, today, stop, start) -> None:
    cups.run(stop, cups.queue)
    try:
        with pytest.raises(PrintFault) as caught:
            print_draft(make_draft("iou", samples["iou"], today), fonts, Printer(cups.queue, cups.socket))
        assert caught.value.kind == STOPPED
        assert "已暂停" in caught.value.message("zh_CN") and "paused" in caught.value.message("en")
    finally:
        cups.run(start, cups.queue)
    Printer(cups.queue, cups.socket).check()


def test_a_failed_job_is_reported_and_gone(cups, fonts, samples, today) -> None:
    """A queue whose device cannot be written aborts the job; the visitor is told it did not print."""
    queue = f"{cups.queue}_broken"
    cups.run("lpadmin", "-p", queue, "-E", "-v", "file:///nonexistent/folder/out.pdf", "-m",
             "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd", "-o", "printer-error-policy=abort-job")
    try:
        with pytest.raises(PrintFault) as caught:
            print_draft(make_draft("receipt", samples["receipt"], today), fonts, Printer(queue, cups.socket, 30))
        assert caught.value.kind == JOB_FAILED
        assert caught.value.message("zh_CN").startswith("这份文书没有打印出来")
        assert not cups.run("lpstat", "-W", "not-completed", "-o", queue).strip()
    finally:
        cups.run("lpadmin", "-x", queue)


def test_a_job_that_does_not_finish_in_time_is_cancelled(cups, fonts, samples, today) -> None:
    """A job still in the queue when time is up is cancelled: it must not come out later, unattended.
    No wait at all: the filters take far longer than one look at the queue."""
    draft = make_draft("iou", samples["iou"], today)
    with pytest.raises(PrintFault) as caught:
        print_draft(draft, fonts, Printer(cups.queue, cups.socket, wait_seconds=0))
    assert caught.value.kind == JOB_FAILED and "cancelled: not done in 0 s" in caught.value.detail
    assert not cups.run("lpstat", "-W", "not-completed", "-o", cups.queue).strip()
    job = re.search(r"job (\S+) cancelled", caught.value.detail).group(1)
    assert "is already canceled" in cups.run("cancel", job)


def snapshot(folder: Path) -> dict[Path, int]:
    return {p: p.stat().st_size for p in folder.rglob("*") if p.is_file()}


def test_nothing_the_visitor_chose_stays_after_printing(cups, tmp_path, monkeypatch, samples) -> None:
    """Through the shell as the kiosk would: no draft, no answers, no file in the data folder or in the
    temporary folder; the log says which template was printed, never what was chosen."""
    from kiosk.admin import main
    from kiosk.foundation.resources import shipped_config

    config = tmp_path / "config.ini"
    config.write_text(shipped_config().read_text(encoding="utf-8")
                      .replace("\nprinter =\n", f"\nprinter = {cups.queue}\n")
                      .replace("\nserver =\n", f"\nserver = {cups.socket}\n"), encoding="utf-8")
    data = tmp_path / "data"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    answers = tmp_path / "answers.json"  # the screen holds answers in memory; the shell needs a file
    answers.write_text('{"amount": "4444.44", "received_date": "2026-12-01", "kind": "rent", "method": "cash", '
                       '"settled": "all"}', encoding="utf-8")
    common = ["--config", str(config), "--data-dir", str(data)]
    assert main(["doc", "print", "receipt", "--answers", str(answers), "--today", "2026-12-07", *common]) == 0
    # python-escpos leaves a folder of its own in the temporary folder on import: not the visitor's
    before, scratch_before = snapshot(data), snapshot(scratch)
    tmp_before, started = set(Path("/tmp").iterdir()), time.time()

    answers.write_text('{"amount": "98765.43", "received_date": "2026-11-30", "kind": "deposit", '
                       '"method": "transfer", "settled": "all"}', encoding="utf-8")
    assert main(["doc", "print", "receipt", "--answers", str(answers), "--today", "2026-12-07", *common]) == 0
    after = snapshot(data)
    assert set(after) == set(before), set(after) ^ set(before)
    assert snapshot(scratch) == scratch_before
    for path in after:
        content = path.read_bytes()
        assert b"98765" not in content and b"98,765" not in content and "押金".encode() not in content, path
    for path in set(Path("/tmp").iterdir()) - tmp_before:
        if path.is_file() and path.stat().st_mtime >= started:
            head = path.read_bytes()[:4096]
            assert not head.startswith(b"%PDF") and b"98765" not in head, path
