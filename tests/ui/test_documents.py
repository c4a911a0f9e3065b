"""Documents drafted by touch on the real screens: 生成申请书 on the labour-arbitration answer, the
questions answered by taps, the draft page by page, printing and a printer's fault with the QR; the
document list in English; every documents screen shot in both orientations with large text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.documents import Printer, draft_pdf
from kiosk.visitor import documents as document_use_cases
from kiosk.visitor import legal
from tests.ui.conftest import LANDSCAPE, PORTRAIT
from tests.ui.test_english_legal import english, look

pytestmark = pytest.mark.ui

# What a test visitor taps, question by question (the first option where none is named).
TAPS = {"status": "dismissed", "claims": ["confirm", "wages"], "facts": ["no_contract", "wages_owed"],
        "evidence": ["pay", "messages"], "interest": "yearly", "purpose": "medical"}
DIGITS = {"monthly_wage": "8000", "unpaid_wages": "16000", "amount": "12345.6", "rate": "3.65"}


def answer_by_taps(kiosk, shots: str = "") -> None:
    """Answer every question of the open template by tapping, until the preview shows."""
    screen = kiosk.screen("document_questions")
    seen = set()
    while kiosk.app.root.current == "document_questions":
        question = screen.question
        assert question.key not in seen, f"{question.key} asked again: {screen.problem}"
        seen.add(question.key)
        if shots and question.kind in ("date", "amount", "multi"):
            look(kiosk, f"{shots}-{question.kind}")
        if question.kind == "choice":
            wanted = TAPS.get(question.key, question.options[0].key)
            kiosk.tap(next(b for b in screen.ids.input.children if b.key == wanted))
        elif question.kind == "multi":
            for wanted in TAPS.get(question.key, [question.options[0].key]):
                kiosk.tap(next(b for b in screen.ids.input.children if b.key == wanted))
            assert any(b.text.startswith("●") for b in screen.ids.input.children)
            kiosk.tap(screen.ids.next)
        elif question.kind == "date":
            # a start date five years back; a later date one year after the date it follows
            direction, times = (1, 1) if question.after else (-1, 5)
            step = next(b for b in screen.ids.dates.children if b.part == "year" and b.step == direction)
            for _ in range(times):
                kiosk.tap(step)
            kiosk.tap(screen.ids.next)
        else:
            pad = {key.key: key for key in screen.ids.pad.children}
            for digit in DIGITS.get(question.key, "100"):
                key = screen.ids.point if digit == "." else pad[digit]
                assert key.get_root_window() is not None, f"{question.key}: key {digit} is not on screen"
                kiosk.tap(key)
            kiosk.tap(screen.ids.next)
        kiosk.run_until(lambda asked=question: screen.question is not asked or screen.problem
                        or kiosk.app.root.current != "document_questions", what=f"the question after {question.key}")
    kiosk.settle("document_preview")


def files_in(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


def test_the_arbitration_answer_drafts_the_application_by_taps_and_prints_it(start_kiosk, monkeypatch):
    kiosk = start_kiosk()
    kiosk.app.visit.answer = kiosk.app.act(legal.answer, "arb-labour-apply").result()
    kiosk.app.go("answer")
    kiosk.settle("answer")
    link = kiosk.widget("draft_document")
    assert link.text == "生成申请书" and link.opacity == 1
    look(kiosk, "documents-answer-link-zh_CN-portrait")
    kiosk.tap(link)
    kiosk.settle("document_questions")
    screen = kiosk.screen("document_questions")
    assert screen.template.title.zh == "劳动人事争议仲裁申请书"
    assert screen.ids.position.text.startswith("第 1 项")

    # a wrong answer is named and the visitor stays on the question
    kiosk.tap(screen.ids.next)  # the first day of work left at today is allowed: it is not in the future
    kiosk.tap(screen.ids.next)  # no wage typed
    assert screen.question.key == "monthly_wage" and "月工资" in screen.problem
    kiosk.tap(screen.ids.previous)
    assert screen.question.key == "start_date"

    before = files_in(kiosk.data_dir)
    answer_by_taps(kiosk, shots="documents-question-zh_CN-portrait")
    preview = kiosk.screen("document_preview")
    assert preview.pages >= 1 and preview.texture is not None
    assert preview.ids.page_number.text == f"第 1 页，共 {preview.pages} 页"
    answers = kiosk.app.visit.document_answers
    assert answers["monthly_wage"] == "8000" and answers["claims"] == ["confirm", "wages"]
    assert "16,000.00" in preview.shown.qr_text
    look(kiosk, "documents-preview-zh_CN-portrait")
    if preview.pages > 1:
        kiosk.tap(preview.ids.page_on)
        assert preview.page == 1

    # no printer set up: the visitor is told why and is offered the QR
    kiosk.tap(preview.ids.print_document)
    kiosk.run_until(lambda: not preview.printing, what="the print to fail")
    assert "没有设置文书打印机" in preview.status and "二维码" in preview.status
    assert preview.qr_text and preview.ids.qr.opacity == 1
    look(kiosk, "documents-print-fault-zh_CN-portrait")

    # a printer that takes the PDF: printed, and the answers and draft are dropped
    sent: list[bytes] = []

    class Recording(Printer):
        def check(self) -> None:
            pass

        def print_pdf(self, pdf: bytes, title: str) -> str:
            sent.append(pdf)
            return "docs-1"

    monkeypatch.setattr(document_use_cases, "Printer", Recording)
    kiosk.tap(preview.ids.print_document)
    kiosk.run_until(lambda: preview.printed, what="the document printed")
    assert sent and sent[0].startswith(b"%PDF")
    assert "已打印" in preview.status and preview.texture is None and not preview.qr_text
    assert kiosk.app.visit.document_answers == {} and kiosk.app.visit.document_preview is None
    assert files_in(kiosk.data_dir) - before == set(), "a file of the visitor's stayed in the data folder"
    look(kiosk, "documents-printed-zh_CN-portrait")
    kiosk.tap(preview.ids.done)
    kiosk.settle("home")
    assert kiosk.app.visit.document == "" and kiosk.app.visit.document_answers == {}


def test_back_after_printing_starts_the_questions_again(start_kiosk, monkeypatch):
    class Taking(Printer):
        def check(self) -> None:
            pass

        def print_pdf(self, pdf: bytes, title: str) -> str:
            return "docs-1"

    monkeypatch.setattr(document_use_cases, "Printer", Taking)
    kiosk = start_kiosk()
    kiosk.app.go("documents")
    kiosk.settle("documents")
    kiosk.tap(next(t for t in kiosk.screen("documents").ids.documents.children if t.name == "receipt"))
    kiosk.settle("document_questions")
    answer_by_taps(kiosk)
    preview = kiosk.screen("document_preview")
    kiosk.tap(preview.ids.print_document)
    kiosk.run_until(lambda: preview.printed, what="the receipt printed")
    kiosk.app.go_back()  # the header's back: nothing kept, so the first question again
    kiosk.settle("document_questions")
    screen = kiosk.screen("document_questions")
    assert screen.question.key == screen.template.questions[0].key
    assert set(kiosk.app.visit.document_answers) <= {screen.question.key}


def test_the_document_list_in_english_leads_to_an_iou_in_both_orientations_with_large_text(start_kiosk):
    kiosk = start_kiosk(size=LANDSCAPE)
    kiosk.app.language = "en"
    kiosk.app.large_text = True
    kiosk.app.go("legal")
    kiosk.settle("legal")
    assert kiosk.widget("documents").text == "Draft a document"
    look(kiosk, "documents-legal-entry-en-landscape-large")  # three buttons in a row, large English text
    kiosk.resize(PORTRAIT)
    look(kiosk, "documents-legal-entry-en-portrait-large")
    kiosk.resize(LANDSCAPE)
    kiosk.tap(kiosk.widget("documents"))
    kiosk.settle("documents")
    tiles = kiosk.screen("documents").ids.documents.children
    assert len(tiles) == len(document_use_cases.document_templates())
    assert all(english(tile.title) and english(tile.detail) for tile in tiles)
    look(kiosk, "documents-list-en-landscape-large")
    kiosk.resize(PORTRAIT)
    look(kiosk, "documents-list-en-portrait-large")
    kiosk.resize(LANDSCAPE)
    kiosk.tap(next(tile for tile in tiles if tile.name == "iou"))
    kiosk.settle("document_questions")
    screen = kiosk.screen("document_questions")
    assert screen.ids.position.text == f"Question 1 of {len(screen._asked())}"
    answer_by_taps(kiosk, shots="documents-question-en-landscape-large")
    preview = kiosk.screen("document_preview")
    assert preview.ids.page_number.text.startswith("Page 1 of")
    assert "¥12,345.60" in preview.shown.qr_text or "12,345.60" in preview.shown.qr_text
    look(kiosk, "documents-preview-en-landscape-large")
    kiosk.resize(PORTRAIT)
    look(kiosk, "documents-preview-en-portrait-large")
    page = preview.ids.page  # the page stays below the header, everything on the window
    assert page.top <= page.parent.top and min(child.y for child in page.parent.children) >= page.parent.y



@pytest.mark.slow
def test_the_arbitration_application_prints_through_cups_as_previewed(start_kiosk, cups, tmp_path):
    """Answered by taps and printed on the tests' own cupsd (cups-pdf): the pages that come out are the
    draft's pages, within a pixel of ink (Ghostscript drops the text layer, so ink is compared)."""
    from tests.documents.test_printing import ink
    from tests.documents.test_render import not_within_a_pixel

    kiosk = start_kiosk(f"[documents]\nprinter = {cups.queue}\nserver = {cups.socket}\n")
    kiosk.app.visit.answer = kiosk.app.act(legal.answer, "arb-labour-apply").result()
    kiosk.app.go("answer")
    kiosk.settle("answer")
    kiosk.tap(kiosk.widget("draft_document"))
    kiosk.settle("document_questions")
    answer_by_taps(kiosk)
    preview = kiosk.screen("document_preview")
    own = tmp_path / "own.pdf"
    own.write_bytes(draft_pdf(preview.shown.draft, kiosk.app.fonts))
    before = set(cups.out.glob("*.pdf"))
    kiosk.tap(preview.ids.print_document)
    kiosk.run_until(lambda: not preview.printing, what="the document printed through CUPS")
    assert preview.printed, preview.status
    kiosk.run_until(lambda: [p for p in cups.out.glob("*.pdf") if p not in before and p.stat().st_size
                             and os.access(p, os.R_OK)], what="cups-pdf's output")
    [printed] = [p for p in cups.out.glob("*.pdf") if p not in before]
    out_pages, own_pages = ink(printed, tmp_path / "out"), ink(own, tmp_path / "own")
    assert len(out_pages) == len(own_pages) == 2
    for out_page, own_page in zip(out_pages, own_pages, strict=True):
        assert not_within_a_pixel(out_page, own_page) + not_within_a_pixel(own_page, out_page) <= 5
