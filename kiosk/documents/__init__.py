"""Legal documents drafted by touch (文书), without Kivy: a screen calls one function per step.

1. :func:`templates` — what can be drafted, each with its questions (choices, dates, amounts) in
   Chinese and English (``Template.as_json`` for a screen);
2. :func:`make_draft` — checks the answers (:class:`DocumentAnswerError` names the question) and lays
   the document out on A4 pages;
3. :func:`draft_pdf` and :func:`draft_images` — the PDF for paper, PNG pages for the preview;
4. :func:`print_draft` — A4 through CUPS; a :class:`PrintFault` carries the visitor's message, and
   :func:`draft_qr_text` the QR code offered instead.

Names, ID numbers and addresses are never asked: the pages leave blank lines to write them by hand.
Everything stays in memory; nothing the visitor chose is written to disk, and a draft is gone when
the screen lets go of it. Templates are data in ``assets/documents/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kiosk.documents.answers import check_answers, fill
from kiosk.documents.layout import Page, lay_out, pdf_bytes, png_pages
from kiosk.documents.model import Answers, DocumentAnswerError, Question, Template, TemplateError
from kiosk.documents.printing import Printer, PrintFault
from kiosk.documents.templates import find_template, load_templates
from kiosk.foundation.fonts import FontFiles

# A QR a phone still reads on a screen at arm's length (the answers' QR on paper holds as much).
MAX_QR_BYTES = 600


class UnknownTemplate(LookupError):
    """No template of that name."""


@dataclass(frozen=True)
class Draft:
    """A checked set of answers and the pages they fill."""

    answers: Answers
    pages: tuple[Page, ...]

    @property
    def template(self) -> Template:
        return self.answers.template


def templates() -> tuple[Template, ...]:
    return load_templates()


def template(name: str) -> Template:
    found = find_template(name)
    if found is None:
        raise UnknownTemplate(f"no document template {name!r}; expected one of "
                              f"{', '.join(t.name for t in templates())}")
    return found


def make_draft(name: str, answers: dict[str, Any], today: date) -> Draft:
    """Check ``answers`` against the template ``name`` and lay the document out."""
    checked = check_answers(template(name), answers, today)
    return Draft(checked, lay_out(checked))


def draft_pdf(draft: Draft, fonts: FontFiles) -> bytes:
    return pdf_bytes(draft.pages, fonts.regular, fonts.bold)


def draft_images(draft: Draft, fonts: FontFiles, dpi: int = 60) -> tuple[bytes, ...]:
    """One PNG per page, for the preview a visitor turns page by page."""
    return png_pages(draft.pages, fonts.regular, fonts.bold, dpi)


def print_draft(draft: Draft, fonts: FontFiles, printer: Printer) -> str:
    """Print on A4 and return the CUPS job id; raises :class:`PrintFault`."""
    printer.check()  # before drawing: a stopped printer is said at once
    return printer.print_pdf(draft_pdf(draft, fonts), draft.template.name)


def draft_qr_text(draft: Draft) -> str:
    """What the QR code offered instead of paper carries: the title and the chosen facts, as the page
    words them, cut to MAX_QR_BYTES (blanks for names and addresses are left out)."""
    answers = draft.answers
    lines = [draft.template.title.zh]
    for block in draft.template.blocks:
        if not answers.holds(block.when):
            continue
        if block.kind in ("para", "element"):
            lines.append(f"{block.items[0]}：{fill(block.text, answers)}" if block.kind == "element"
                         else fill(block.text, answers))
        elif block.kind == "list":
            question = draft.template.question(block.source)
            chosen = answers.get(block.source) or ()
            lines.extend(f"{n}. {fill(question.option(key).text, answers)}"  # type: ignore[union-attr]
                         for n, key in enumerate(chosen, start=1))
    text = ""
    for line in lines:
        candidate = f"{text}\n{line}" if text else line
        if len(candidate.encode()) > MAX_QR_BYTES:
            return text + "\n…"
        text = candidate
    return text


__all__ = [
    "MAX_QR_BYTES",
    "DocumentAnswerError",
    "Draft",
    "PrintFault",
    "Printer",
    "Question",
    "Template",
    "TemplateError",
    "UnknownTemplate",
    "draft_images",
    "draft_pdf",
    "draft_qr_text",
    "make_draft",
    "print_draft",
    "template",
    "templates",
]
