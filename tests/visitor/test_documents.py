"""The documents use cases: questions by touch, the preview's pages, printing and its faults."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk.documents import Printer, PrintFault
from kiosk.foundation.config import DocumentSettings
from kiosk.foundation.fonts import FontFiles, find_font
from kiosk.visitor import DRAWING, PRINTER
from kiosk.visitor import documents as use_cases

TODAY = date(2026, 12, 7)
ARBITRATION = {
    "start_date": "2021-03-01", "monthly_wage": "8000", "status": "dismissed", "end_date": "2026-10-31",
    "claims": ["confirm", "wages"], "unpaid_wages": "16000", "facts": ["no_contract", "wages_owed"],
    "evidence": ["pay", "messages"],
}


@pytest.fixture(scope="module")
def fonts(tmp_path_factory) -> FontFiles:
    return find_font(None, tmp_path_factory.mktemp("fonts"))


def test_the_use_cases_say_which_worker_runs_them() -> None:
    assert use_cases.document_templates.runs_on == DRAWING
    assert use_cases.preview.runs_on == DRAWING
    assert use_cases.print_document.runs_on == PRINTER


def test_the_arbitration_answer_links_to_the_arbitration_application() -> None:
    name = use_cases.document_for_answer("arb-labour-apply")
    assert use_cases.document_template(name).title.zh == "劳动人事争议仲裁申请书"
    assert use_cases.document_for_answer("arb-agreement") is None
    assert "labour_arbitration" in [t.name for t in use_cases.document_templates()]


def test_no_question_asks_for_a_name_an_id_number_or_an_address() -> None:
    for found in use_cases.document_templates():
        for question in found.questions:
            assert question.kind in ("choice", "multi", "date", "amount", "percent"), question.key


def test_the_questions_follow_the_answers_so_far() -> None:
    chosen = use_cases.document_template("labour_arbitration")
    keys = [q.key for q in use_cases.questions_to_ask(chosen, {"status": "ongoing"})]
    assert "status" in keys and "end_date" not in keys and "unpaid_wages" not in keys
    keys = [q.key for q in use_cases.questions_to_ask(chosen, {"status": "dismissed", "claims": ["wages"]})]
    assert "end_date" in keys and "unpaid_wages" in keys


def test_an_answer_that_cannot_be_used_is_named_in_both_languages() -> None:
    chosen = use_cases.document_template("labour_arbitration")
    answers = {"start_date": "2021-03-01", "monthly_wage": "8000", "status": "dismissed", "end_date": "2020-01-01"}
    problem = use_cases.answer_problem(chosen, answers, "end_date", TODAY)
    assert problem is not None and problem.field == "end_date"
    assert "最后工作日" in problem.message("zh_CN") and "Last day of work" in problem.message("en")
    assert use_cases.answer_problem(chosen, answers, "monthly_wage", TODAY) is None
    assert use_cases.answer_problem(chosen, {**answers, "end_date": "2026-10-31"}, "end_date", TODAY) is None


def test_the_preview_has_a_png_for_every_page_and_a_qr_with_the_facts(fonts) -> None:
    shown = use_cases.preview("labour_arbitration", ARBITRATION, TODAY, fonts)
    assert len(shown.pages) == len(shown.draft.pages) >= 1
    assert all(page.startswith(b"\x89PNG") for page in shown.pages)
    assert "劳动人事争议仲裁申请书" in shown.qr_text and "16,000.00" in shown.qr_text


class RecordingPrinter(Printer):
    """A queue that takes the PDF without CUPS (the real CUPS path is tested in tests/documents)."""

    sent: list[bytes]

    def check(self) -> None:
        pass

    def print_pdf(self, pdf: bytes, title: str) -> str:
        self.sent.append(pdf)
        return f"{self.queue}-1"


def files_in(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


def test_printing_leaves_nothing_in_the_data_folder(fonts, tmp_path, monkeypatch) -> None:
    sent: list[bytes] = []
    monkeypatch.setattr(RecordingPrinter, "sent", sent, raising=False)
    monkeypatch.setattr(use_cases, "Printer", RecordingPrinter)
    monkeypatch.chdir(tmp_path)
    before = files_in(tmp_path)
    shown = use_cases.preview("labour_arbitration", ARBITRATION, TODAY, fonts)
    job = use_cases.print_document(None, shown.draft, fonts, DocumentSettings(printer="docs"))
    assert job == "docs-1" and sent and sent[0].startswith(b"%PDF")
    assert files_in(tmp_path) == before


def test_a_printer_fault_becomes_a_message_with_the_qr_fallback(fonts) -> None:
    shown = use_cases.preview("labour_arbitration", ARBITRATION, TODAY, fonts)
    with pytest.raises(PrintFault) as raised:
        use_cases.print_document(None, shown.draft, fonts, DocumentSettings(printer=""))
    assert raised.value.kind == "not_configured"
    assert "二维码" in use_cases.print_fault_message(raised.value, "zh_CN")
    assert "QR code" in use_cases.print_fault_message(raised.value, "en")
    assert "QR code" in use_cases.print_fault_message(OSError("lp crashed"), "en")
