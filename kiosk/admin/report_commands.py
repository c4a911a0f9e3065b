"""``kiosk-admin report daily|monthly``: a day's or a month's CSV tables, PNG charts and summary page.

    kiosk-admin report daily --date 2026-11-30 --out reports/
    kiosk-admin report monthly --month 2026-11 --out reports/ --json

Files are named ``<daily|monthly>_<period>_<table>.csv|png`` plus ``summary.html``
and ``summary.pdf``. ``--json`` prints the files written and the totals.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.admin import EXIT_FAILED, EXIT_OK, EXIT_USAGE, common_options, print_json
from kiosk.foundation.fonts import FontNotFound
from kiosk.queue.store import StoreError


def _period(kind: str):
    def parse(text: str):
        from kiosk.reports.figures import Period

        try:
            return Period.parse(kind, text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return parse


def register(subparsers) -> None:
    parser = subparsers.add_parser("report", help="daily and monthly reports: CSV tables, charts, summary")
    kinds = parser.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    daily = kinds.add_parser("daily", parents=[common_options()], help="one day's report")
    daily.add_argument("--date", dest="period", required=True, type=_period("daily"), metavar="YYYY-MM-DD")
    monthly = kinds.add_parser("monthly", parents=[common_options()],
                               help="one month's report with the summary for the analysis sent upward")
    monthly.add_argument("--month", dest="period", required=True, type=_period("monthly"), metavar="YYYY-MM")
    for kind in (daily, monthly):
        kind.add_argument("--out", type=Path, required=True, help="folder to write the files into")
        kind.set_defaults(handler=make_report)


def make_report(args, runtime) -> int:
    # Imported here: matplotlib takes a moment and other kiosk-admin commands do not need it.
    from kiosk.reports.figures import collect
    from kiosk.reports.sources import report_font
    from kiosk.reports.writer import write_report
    from kiosk.wiring import open_sources

    try:
        font = report_font(runtime)
    except FontNotFound as error:
        print(f"kiosk-admin: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        sources = open_sources(runtime)
    except StoreError as error:
        print(f"kiosk-admin: {error}", file=sys.stderr)
        return EXIT_FAILED
    try:
        figures = collect(sources, args.period, datetime.now(ZoneInfo(runtime.settings.centre.timezone)))
    finally:
        sources.close()
    try:
        written = write_report(figures, args.out, font)
    except OSError as error:
        print(f"kiosk-admin: cannot write the report into {args.out}: {error.strerror or error}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        print_json({"period": args.period.label, "kind": args.period.kind, "files": [str(p) for p in written],
                    "totals": figures.totals})
    else:
        print(f"{args.period.kind} report {args.period.label}: {len(written)} files in {args.out}")
        for line in figures.summary_lines():
            print(f"  {line}")
    return EXIT_OK
