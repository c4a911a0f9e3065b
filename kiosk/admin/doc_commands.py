"""``kiosk-admin doc``: the kiosk's documents from a shell, for scripts, tests and checking a template.

``doc list`` shows the templates and their questions; ``doc render`` writes the PDF a visitor would
get from the answers in a JSON file; ``doc print`` sends it to the ``[documents]`` CUPS queue. Answers
a template cannot use exit 2 with one line naming the question; a printer fault exits 1 with the
message the visitor would see.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.admin import EXIT_FAILED, EXIT_OK, EXIT_USAGE, common_options, print_json
from kiosk.documents import (
    DocumentAnswerError,
    Draft,
    Printer,
    PrintFault,
    UnknownTemplate,
    draft_pdf,
    make_draft,
    print_draft,
    templates,
)
from kiosk.foundation.fonts import find_font


def register(subparsers) -> None:
    group = subparsers.add_parser(
        "doc", help="documents drafted by touch: list templates, render a PDF, print on A4 through CUPS",
    ).add_subparsers(dest="doc_command", metavar="ACTION", required=True)

    listing = group.add_parser("list", parents=[common_options()], help="the templates and their questions")
    listing.add_argument("--language", choices=["zh_CN", "en"], default="zh_CN")
    listing.set_defaults(handler=_list)

    for name, handler, help_text in (
        ("render", _render, "write the PDF a visitor's answers make"),
        ("print", _print, "print a visitor's answers on the [documents] printer"),
    ):
        parser = group.add_parser(name, parents=[common_options()], help=help_text, description=help_text)
        parser.add_argument("template", help="template name, as `doc list` shows")
        parser.add_argument("--answers", type=Path, required=True, help="JSON object: question key → answer")
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            help="check dates as if today were YYYY-MM-DD (default: today in the centre)")
        if name == "render":
            parser.add_argument("--out", type=Path, required=True, help="the PDF file to write")
        parser.set_defaults(handler=handler)


def _list(args: argparse.Namespace, runtime) -> int:
    if args.json:
        print_json({"templates": [t.as_json() for t in templates()]})
        return EXIT_OK
    for template in templates():
        print(f"{template.name:<20} {template.title.get(args.language)}")
        for question in template.questions:
            print(f"    {question.key:<16} {question.kind:<8} {question.label.get(args.language)}")
    return EXIT_OK


def _draft(args: argparse.Namespace, runtime) -> Draft | None:
    """The checked draft, or None after one line on stderr naming what is wrong."""
    prefix = f"kiosk-admin doc {args.doc_command}"
    try:
        answers = json.loads(args.answers.read_text(encoding="utf-8"))
    except OSError as error:
        print(f"{prefix}: --answers: {error.strerror}: {args.answers}", file=sys.stderr)
        return None
    except (ValueError, UnicodeDecodeError) as error:
        print(f"{prefix}: --answers: not JSON: {error}", file=sys.stderr)
        return None
    try:
        today = args.today or datetime.now(ZoneInfo(runtime.settings.centre.timezone)).date()
        return make_draft(args.template, answers, today)
    except UnknownTemplate as error:
        print(f"{prefix}: {error}", file=sys.stderr)
    except DocumentAnswerError as error:
        print(f"{prefix}: {error.field}: {error.reason.en}", file=sys.stderr)
    return None


def _render(args: argparse.Namespace, runtime) -> int:
    draft = _draft(args, runtime)
    if draft is None:
        return EXIT_USAGE
    fonts = find_font(runtime.settings.display.font, runtime.data_dir / "fonts")
    args.out.write_bytes(draft_pdf(draft, fonts))
    if args.json:
        print_json({"template": draft.template.name, "pages": len(draft.pages), "out": str(args.out)})
    else:
        print(f"{args.out}: {draft.template.title.zh}, {len(draft.pages)} page(s)")
    return EXIT_OK


def _print(args: argparse.Namespace, runtime) -> int:
    draft = _draft(args, runtime)
    if draft is None:
        return EXIT_USAGE
    settings = runtime.settings.documents
    printer = Printer(settings.printer, settings.server, settings.wait_seconds)
    fonts = find_font(runtime.settings.display.font, runtime.data_dir / "fonts")
    try:
        job = print_draft(draft, fonts, printer)
    except PrintFault as fault:
        if args.json:
            print_json({"printed": False, "fault": fault.kind, "detail": fault.detail,
                        "message": {"zh": fault.message("zh_CN"), "en": fault.message("en")}})
        print(f"kiosk-admin doc print: {fault} — {fault.message('en')}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        print_json({"printed": True, "job": job, "queue": printer.queue, "pages": len(draft.pages)})
    else:
        print(f"printed {draft.template.name} as job {job} on {printer.queue}")
    return EXIT_OK
