"""``kiosk-admin kb``: the legal knowledge base from a shell (search, pinyin, import, stats)."""

from __future__ import annotations

import argparse
import sys

from kiosk.admin import EXIT_FAILED, EXIT_OK, EXIT_USAGE, common_options, print_json
from kiosk.legal.importer import DEFAULT_LIMITS, MB, ImportLimits
from kiosk.legal.library import LegalLibrary


def register(subparsers) -> None:
    kb = subparsers.add_parser("kb", parents=[common_options()], help="legal knowledge base: search, import, stats")
    commands = kb.add_subparsers(dest="kb_command", metavar="KB_COMMAND", required=True)

    search = commands.add_parser("search", parents=[common_options()], help="search answers, guides and articles")
    search.add_argument("query", help="the question, in everyday words")
    search.add_argument("--limit", type=_limit, default=10, help="results to show (1-50, default 10)")
    search.set_defaults(handler=search_command)

    pinyin = commands.add_parser("pinyin", parents=[common_options()], help="terms for pinyin initials, e.g. ldht")
    pinyin.add_argument("code", help="initials or pinyin as typed on the pad")
    pinyin.add_argument("--limit", type=_limit, default=12, help="candidates to show (1-50, default 12)")
    pinyin.set_defaults(handler=pinyin_command)

    imports = commands.add_parser(
        "import", parents=[common_options()],
        help="import statutes (Markdown, the national database's .docx) and answers, guides, channels (JSON, CSV)",
        description="Import statutes and content. A bad file is reported with file and line and the rest goes on; "
                    "exit 0 when every file imported, 1 when some were refused.")
    imports.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (walked recursively)")
    defaults = DEFAULT_LIMITS
    imports.add_argument("--max-file-mb", type=_megabytes, default=defaults.file_bytes // MB, metavar="MB",
                         help=f"largest JSON, CSV or .docx file, read whole (default {defaults.file_bytes // MB})")
    imports.add_argument("--max-statute-mb", type=_megabytes, default=defaults.statute_bytes // MB, metavar="MB",
                         help=f"largest Markdown statute, streamed (default {defaults.statute_bytes // MB})")
    imports.set_defaults(handler=import_command)

    stats = commands.add_parser("stats", parents=[common_options()], help="what the knowledge base holds")
    stats.set_defaults(handler=stats_command)


def _limit(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 50, got {raw!r}") from None
    if not 1 <= value <= 50:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 50, got {value}")
    return value


def _megabytes(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of MB from 1 to 4096, got {raw!r}") from None
    if not 1 <= value <= 4096:
        raise argparse.ArgumentTypeError(f"expected a whole number of MB from 1 to 4096, got {value}")
    return value


def search_command(args, runtime) -> int:
    library = LegalLibrary.for_runtime(runtime)
    try:
        results = library.search(args.query, args.limit, log=False)  # staff look-ups are not what visitors ask
    finally:
        library.close()
    if args.json:
        print_json([result.as_dict() for result in results])
    else:
        for result in results:
            extra = f"  [{result.status}] {result.law}" if result.kind == "article" else ""
            print(f"{result.score:9.3f}  {result.kind:<7}  {result.title}{extra}")
    return EXIT_OK if results else EXIT_FAILED


def pinyin_command(args, runtime) -> int:
    library = LegalLibrary.for_runtime(runtime)
    try:
        candidates = library.pinyin(args.code, args.limit)
    finally:
        library.close()
    if args.json:
        print_json({"code": args.code, "candidates": candidates})
    else:
        print("\n".join(candidates))
    return EXIT_OK if candidates else EXIT_FAILED


def import_command(args, runtime) -> int:
    library = LegalLibrary.for_runtime(runtime)
    limits = ImportLimits(file_bytes=args.max_file_mb * MB, statute_bytes=args.max_statute_mb * MB)
    try:
        report = library.import_paths(args.paths, limits=limits)
    except FileNotFoundError as error:
        print(f"kiosk-admin: {error}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        library.close()
    if args.json:
        print_json(report.as_dict())
    else:
        print(f"imported {report.laws} law files ({report.articles} articles), {report.answers} answers, "
              f"{report.guides} guides, {report.channels} channels; skipped {report.skipped} files; "
              f"{len(report.errors)} malformed; {report.seconds:.1f} s")
        print(f"{report.files} files imported, {len(report.errors)} refused")
    for error in report.errors:
        print(f"kiosk-admin: {error}", file=sys.stderr)
    return EXIT_FAILED if report.errors else EXIT_OK


def stats_command(args, runtime) -> int:
    library = LegalLibrary.for_runtime(runtime)
    try:
        stats = library.stats()
    finally:
        library.close()
    if args.json:
        print_json(stats)
    else:
        for key, value in stats.items():
            print(f"{key:<16} {value}")
    return EXIT_OK
