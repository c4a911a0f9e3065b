"""``kiosk-admin check``: is everything the kiosk needs in place?"""

from __future__ import annotations

from kiosk.admin import EXIT_FAILED, EXIT_OK, common_options, print_json
from kiosk.admin.selfcheck import run_checks


def register(subparsers) -> None:
    parser = subparsers.add_parser("check", parents=[common_options()],
                                   help="check the data folder, SQLite FTS5, font, camera and printer")
    parser.set_defaults(handler=check)


def check(args, runtime) -> int:
    results = run_checks(runtime)
    fine = all(result.fine for result in results)
    if args.json:
        print_json({"ok": fine, "checks": [result.as_dict() for result in results]})
    else:
        width = max(len(result.name) for result in results)
        for result in results:
            print(f"{result.name.ljust(width)}  {result.status.ljust(14)}  {result.detail}")
    return EXIT_OK if fine else EXIT_FAILED
