"""``kiosk-admin scan PATH``: the health-check pipeline over an image, a folder of images or a video.

Exit 0 when something was decided, 1 when no code was found, 2 for a path that
cannot be read. The outcome is not stored: this is a test of the camera set-up.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.admin import EXIT_FAILED, EXIT_OK, EXIT_USAGE, common_options, print_json
from kiosk.foundation.runtime import Runtime
from kiosk.health.check import HealthCheck, scan_source


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "scan", parents=[common_options()],
        help="read a health code from an image, a folder of images or a video file",
        description="Run the health check on an image, a folder of images or a video file and print "
                    "kind, colour, decision, reason, frames and seconds until the decision.")
    parser.add_argument("path", type=Path, help="image, folder of images, or video file")
    parser.add_argument("--no-fallback", action="store_true",
                        help="zxing-cpp and pyzbar without the fallback steps, for comparison")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, runtime: Runtime) -> int:
    settings = runtime.settings
    path: Path = args.path
    if not path.exists():
        print(f"kiosk-admin: scan: {path}: no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    try:
        check = HealthCheck.from_settings(settings, None)  # a test scan is not a visitor: nothing stored
    except ValueError as error:
        print(f"kiosk-admin: scan: [health_check] eu_trust_list: {error}", file=sys.stderr)
        return EXIT_USAGE
    zone = ZoneInfo(settings.centre.timezone)
    result = scan_source(str(path), settings, check, lambda: datetime.now(zone), not args.no_fallback)
    if result.problem:
        print(f"kiosk-admin: scan: {path}: {result.problem}", file=sys.stderr)
        return EXIT_USAGE
    decision = result.decision
    report = {
        "kind": decision.kind if decision else "none",
        "colour": decision.colour if decision else "none",
        "decision": decision.decision if decision else None,
        "reason": decision.reason if decision else "no_code",
        "confidence": decision.confidence if decision else 0.0,
        "source": decision.source if decision else None,
        "frames": result.frames,
        "seconds": round(result.seconds, 3),
        "elapsed": round(result.elapsed, 3),
    }
    if args.json:
        print_json(report)
    elif decision is None:
        print(f"no code found in {result.frames} frame(s)")
    else:
        print(f"{report['decision']}: {report['reason']} (kind {report['kind']}, colour {report['colour']}, "
              f"confidence {report['confidence']:.2f}) after {result.frames} frame(s), {report['seconds']} s")
        print(decision.message)
        print(decision.message_en)
    return EXIT_OK if decision else EXIT_FAILED
