"""``kiosk``: start the touchscreen app.

Settings and the data directory are checked before Kivy is imported, so a wrong
config.ini stops start-up with one line and exit status 2, without a window.
"""

from __future__ import annotations

import argparse
import logging
import sys
from importlib import import_module
from pathlib import Path

from kiosk import __version__
from kiosk.foundation.config import ConfigError
from kiosk.foundation.datadir import DataDirError
from kiosk.foundation.logsetup import MODE_LOG_FILE_NAMES, configure_logging
from kiosk.foundation.pid import AlreadyRunning, hold_instance_lock
from kiosk.foundation.runtime import open_runtime

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# Each mode's app: a CentreApp subclass taking (runtime, options).
MODE_APPS = {
    "kiosk": "kiosk.ui.app:KioskApp",
    "counter": "kiosk.ui.counter.app:CounterApp",
    "display": "kiosk.ui.display.app:DisplayApp",
    "rating": "kiosk.ui.rating_tablet.app:RatingTabletApp",
}
MODES_NOT_BUILT = {
}

log = logging.getLogger("kiosk")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Self-service kiosk of a public legal service centre.")
    parser.add_argument("--config", type=Path, help="config.ini to use (default: the one shipped with the kiosk)")
    parser.add_argument("--data-dir", type=Path, help="folder for the database, logs and caches")
    parser.add_argument("--demo", action="store_true",
                        help="demo data in its own data folder (~/.local/share/legal-kiosk-demo)")
    window = parser.add_mutually_exclusive_group()
    window.add_argument("--windowed", dest="fullscreen", action="store_false", default=None,
                        help="run in a window of [display] window_size")
    window.add_argument("--fullscreen", dest="fullscreen", action="store_true", help="fill the screen")
    parser.add_argument("--mode", choices=("kiosk", "counter", "display", "rating"), default="kiosk",
                        help="kiosk (visitors), counter (a counter terminal), display (the display board) or "
                             "rating (the rating tablet facing the visitor at a counter)")
    parser.add_argument("--counter", metavar="ID",
                        help="the counter this terminal or rating tablet serves (with --mode counter or rating)")
    parser.add_argument("--exit-after-first-frame", action="store_true",
                        help="print resident memory after the first frame is drawn, then quit (benchmarks, checks)")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    return parser


def unusable_trust_list(runtime) -> ConfigError | None:
    """The EU certificate trust list is a file config.ini names: check it before any window opens."""
    path = runtime.settings.health_check.eu_trust_list
    if path is None:
        return None
    from kiosk.health.eu_dcc import TrustList

    try:
        TrustList.load(path)
    except OSError as error:
        return ConfigError(runtime.settings.source, "health_check", "eu_trust_list",
                           f"expected a readable trust list file, {path}: {error.strerror}")
    except ValueError as error:
        return ConfigError(runtime.settings.source, "health_check", "eu_trust_list", str(error))
    return None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.mode in ("counter", "rating") and not args.counter:
        parser.error(f"--mode {args.mode} needs --counter ID (the counter's id, as staff configured it)")
    if args.mode in MODES_NOT_BUILT:
        print(f"kiosk: {MODES_NOT_BUILT[args.mode]}", file=sys.stderr)
        return EXIT_USAGE
    try:
        runtime = open_runtime(args.config, args.data_dir, demo=args.demo)
    except (ConfigError, DataDirError) as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return EXIT_USAGE
    problem = unusable_trust_list(runtime)
    if problem:
        print(f"kiosk: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if args.mode == "kiosk":
        try:
            hold_instance_lock(runtime.data_dir)  # held until this process ends
        except AlreadyRunning as running:
            print(f"kiosk: {running}", file=sys.stderr)
            return EXIT_USAGE
    log_file = configure_logging(runtime.log_dir, MODE_LOG_FILE_NAMES[args.mode])
    fullscreen = runtime.settings.display.fullscreen if args.fullscreen is None else args.fullscreen
    log.info("kiosk %s starting (data %s, config %s)", __version__, runtime.data_dir, runtime.settings.source)
    try:
        from kiosk.ui.bootstrap import prepare_kivy

        prepare_kivy(runtime, fullscreen)
        module, _, name = MODE_APPS[args.mode].partition(":")
        app_class = getattr(import_module(module), name)
        app_class(runtime, exit_after_first_frame=args.exit_after_first_frame, options=args).run()
    except Exception:
        log.exception("the kiosk could not start")
        print(f"kiosk: could not start; the reason is in {log_file}", file=sys.stderr)
        return EXIT_FAILED
    log.info("kiosk stopped")
    return EXIT_OK
