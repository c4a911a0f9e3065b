"""Documents drafted by touch: the templates and their questions, the draft's pages for the screen,
and printing on A4 with a printer's fault turned into the visitor's message and a QR instead.

The answers live in the visit only (in memory); the PDF goes to CUPS on standard input, so nothing
the visitor chose is written to the data folder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from kiosk.documents import (
    DocumentAnswerError,
    Draft,
    Printer,
    PrintFault,
    Question,
    Template,
    draft_images,
    draft_qr_text,
    make_draft,
    print_draft,
    template,
    templates,
)
from kiosk.documents.answers import check_answers
from kiosk.documents.model import Answers
from kiosk.documents.printing import JOB_FAILED
from kiosk.foundation.config import DocumentSettings
from kiosk.foundation.fonts import FontFiles
from kiosk.visitor import DRAWING, PRINTER, runs_on

# The document the labour-arbitration answer links to ("生成申请书").
ANSWER_DOCUMENTS = {"arb-labour-apply": "labour_arbitration"}
PREVIEW_DPI = 60


@runs_on(DRAWING)
def document_templates() -> tuple[Template, ...]:
    """What can be drafted, in the templates' order (read once, then from memory)."""
    return templates()


@runs_on(DRAWING)
def document_template(name: str) -> Template:
    return template(name)


def document_for_answer(answer_id: str) -> str | None:
    """The template an answer offers to draft, if any."""
    return ANSWER_DOCUMENTS.get(answer_id)


def _values(answers: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    # a screen keeps a multi answer as a list; Answers.holds reads a tuple as a set of choices
    return tuple((key, tuple(value) if isinstance(value, list) else value) for key, value in answers.items())


def questions_to_ask(chosen: Template, answers: Mapping[str, Any]) -> list[Question]:
    """The questions the answers so far lead to, in order (a ``when`` depends only on earlier ones)."""
    so_far = Answers(chosen, _values(answers))
    return [question for question in chosen.questions if so_far.holds(question.when)]


def answer_problem(chosen: Template, answers: Mapping[str, Any], key: str, today: date) -> DocumentAnswerError | None:
    """Why the answer to ``key`` cannot be used (checked with the answers before it), or None."""
    asked = questions_to_ask(chosen, answers)
    keys = [question.key for question in asked]
    upto = keys[: keys.index(key) + 1] if key in keys else keys
    try:
        check_answers(chosen, {k: answers[k] for k in upto if k in answers}, today)
    except DocumentAnswerError as error:
        return error if error.field == key else None
    return None


@dataclass(frozen=True)
class Preview:
    """A checked draft, its pages as PNG for the screen, and what the QR offered instead of paper holds."""

    draft: Draft
    pages: tuple[bytes, ...]
    qr_text: str


@runs_on(DRAWING)
def preview(name: str, answers: Mapping[str, Any], today: date, fonts: FontFiles) -> Preview:
    """Check the answers and draw the pages; raises DocumentAnswerError naming the question."""
    draft = make_draft(name, dict(answers), today)
    return Preview(draft, draft_images(draft, fonts, PREVIEW_DPI), draft_qr_text(draft))


@runs_on(PRINTER)
def print_document(_ticket_printer: object, draft: Draft, fonts: FontFiles, settings: DocumentSettings) -> str:
    """Print the draft on the ``[documents]`` A4 queue and return the CUPS job id; raises PrintFault.
    It runs on the printer worker (whose resource is the ticket printer, unused here) so that a
    printer's wait never holds up the queue or the drawing of pages."""
    return print_draft(draft, fonts, Printer(settings.printer, settings.server, settings.wait_seconds))


def print_fault_message(error: BaseException, language: str) -> str:
    """The sentence the visitor reads when the document did not print, always with the QR fallback."""
    fault = error if isinstance(error, PrintFault) else PrintFault(JOB_FAILED, str(error))
    return fault.message(language)
