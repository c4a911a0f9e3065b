"""``kiosk-admin print``: the ticket printer from a shell.

``print status`` asks the configured printer how it is; ``print test`` prints a
sample ticket on it; ``print preview --out FILE.png`` draws a sample ticket (or
answer) as the kiosk's screen shows it, and ``--escpos FILE`` keeps its bytes.
Exit 0 when all went well, 1 for a printer fault or no printer, 2 for bad options.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.admin import EXIT_FAILED, EXIT_OK, EXIT_USAGE, common_options, print_json
from kiosk.demo.samples import sample_answer, sample_ticket
from kiosk.foundation.fonts import FontNotFound, find_font
from kiosk.foundation.runtime import Runtime
from kiosk.printing.escpos_bytes import answer_bytes, ticket_bytes
from kiosk.printing.model import PrinterState, PrintResult
from kiosk.printing.picture import answer_picture, ticket_picture
from kiosk.printing.printers import open_printer


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser("print", parents=[common_options()], help="the ticket printer: status, test, preview",
                                  description="Check the configured ticket printer, print a test ticket on it, "
                                              "or draw a sample ticket as a picture.")
    commands = group.add_subparsers(dest="print_command", metavar="SUBCOMMAND", required=True)

    status = commands.add_parser("status", parents=[common_options()], help="ask the printer for paper, cover, power")
    status.set_defaults(handler=run_status)

    test = commands.add_parser("test", parents=[common_options()], help="print a sample ticket and report the status")
    test.add_argument("--language", choices=("zh_CN", "en"), default="zh_CN")
    test.set_defaults(handler=run_test)

    preview = commands.add_parser("preview", parents=[common_options()], help="draw a sample ticket as a PNG picture")
    preview.add_argument("--out", type=Path, required=True, help="PNG file to write")
    preview.add_argument("--escpos", type=Path, help="also write the printer's bytes to this file")
    preview.add_argument("--paper", type=int, choices=(58, 80), help="paper width in mm (default: [printer])")
    preview.add_argument("--language", choices=("zh_CN", "en"), default="zh_CN")
    preview.add_argument("--answer", action="store_true", help="an answer print-out instead of a ticket")
    preview.add_argument("--full-hall", action="store_true", help="a ticket with a return time instead of a spot")
    preview.set_defaults(handler=run_preview)


def run_status(args: argparse.Namespace, runtime: Runtime) -> int:
    state = open_printer(runtime.settings.printer).check()
    _report(args, runtime, state)
    return EXIT_OK if state.printable else EXIT_FAILED


def run_test(args: argparse.Namespace, runtime: Runtime) -> int:
    result = open_printer(runtime.settings.printer).print_ticket(sample_ticket(runtime.settings, _now(runtime),
                                                                              args.language))
    _report(args, runtime, result)
    return EXIT_FAILED if result.fault else EXIT_OK


def run_preview(args: argparse.Namespace, runtime: Runtime) -> int:
    settings = runtime.settings
    paper = args.paper or settings.printer.paper_width_mm
    if args.out.suffix.lower() != ".png":
        print(f"kiosk-admin: print preview: --out {args.out}: expected a .png file", file=sys.stderr)
        return EXIT_USAGE
    try:
        fonts = find_font(settings.display.font, runtime.data_dir / "fonts")
    except FontNotFound as error:
        print(f"kiosk-admin: print preview: {error}", file=sys.stderr)
        return EXIT_FAILED
    now = _now(runtime)
    if args.answer:
        answer = sample_answer(settings, now, args.language)
        picture, data = answer_picture(answer, paper, fonts), answer_bytes(answer, paper, settings.printer.native_qr)
    else:
        ticket = sample_ticket(settings, now, args.language, args.full_hall)
        picture, data = ticket_picture(ticket, paper, fonts), ticket_bytes(ticket, paper, settings.printer.native_qr)
    try:
        picture.save(args.out)
        if args.escpos:
            args.escpos.write_bytes(data)
    except OSError as error:
        print(f"kiosk-admin: print preview: {error.filename}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    report = {"out": str(args.out), "width": picture.width, "height": picture.height, "paper_width_mm": paper,
              "escpos": str(args.escpos) if args.escpos else None, "escpos_bytes": len(data)}
    if args.json:
        print_json(report)
    else:
        print(f"wrote {args.out} ({picture.width} x {picture.height} px, {paper} mm paper)")
        if args.escpos:
            print(f"wrote {args.escpos} ({len(data)} bytes of ESC/POS)")
    return EXIT_OK


def _report(args: argparse.Namespace, runtime: Runtime, outcome: PrintResult | PrinterState) -> None:
    printer = runtime.settings.printer
    printed = getattr(outcome, "printed", None)
    report = {"kind": printer.kind, "status": outcome.status, "detail": outcome.detail,
              "raw_status": {str(n): value for n, value in outcome.raw_status.items()}}
    if printed is not None:
        report.update(printed=printed, message_zh=outcome.message("zh_CN"), message_en=outcome.message("en"))
    if args.json:
        print_json(report)
        return
    line = f"printer ({printer.kind}): {outcome.status}"
    if outcome.detail:
        line += f" ({outcome.detail})"
    if printed is not None:
        line += ", printed" if printed else ", not printed"
    print(line)


def _now(runtime: Runtime) -> datetime:
    return datetime.now(ZoneInfo(runtime.settings.centre.timezone))
