"""``kiosk``: start the touchscreen app.

Settings and the data directory are checked before Kivy is imported, so a wrong
config.ini stops start-up with one line and exit status 2, without a window.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import replace
from importlib import import_module
from pathlib import Path

from kiosk import __version__
from kiosk.demo import DEMO_COUNTER, DEMO_PIN
from kiosk.foundation.config import ConfigError, window_size
from kiosk.foundation.datadir import DataDirError
from kiosk.foundation.logsetup import MODE_LOG_FILE_NAMES, configure_logging
from kiosk.foundation.pid import AlreadyRunning, hold_instance_lock
from kiosk.foundation.resources import shared_laws_folder
from kiosk.foundation.runtime import Runtime, open_runtime
from kiosk.staff.pin import hash_pin

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
ORIENTATIONS = {"portrait": (1080, 1920), "landscape": (1920, 1080)}

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
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--orientation", choices=tuple(ORIENTATIONS),
                      help="a window of the usual kiosk size: portrait 1080x1920 or landscape 1920x1080")
    size.add_argument("--window", metavar="WxH", type=window_option, help="a window of this size, e.g. 1280x800")
    parser.add_argument("--mode", choices=("kiosk", "counter", "display", "rating"), default="kiosk",
                        help="kiosk (visitors), counter (a counter terminal), display (the display board) or "
                             "rating (the rating tablet facing the visitor at a counter)")
    parser.add_argument("--counter", metavar="ID",
                        help="the counter this terminal or rating tablet serves (with --mode counter or rating; "
                             f"--demo has {DEMO_COUNTER})")
    parser.add_argument("--exit-after-first-frame", action="store_true",
                        help="print resident memory after the first frame is drawn, then quit (benchmarks, checks)")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    return parser


def window_option(raw: str) -> tuple[int, int]:
    try:
        return window_size(raw)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def with_window(runtime: Runtime, args: argparse.Namespace) -> Runtime:
    """``--orientation`` or ``--window`` over [display] window_size (the data folder's config is untouched)."""
    size = ORIENTATIONS[args.orientation] if args.orientation else args.window
    if size is None:
        return runtime
    display = replace(runtime.settings.display, window_size=size)
    return replace(runtime, settings=replace(runtime.settings, display=display))


def with_demo_pin(runtime: Runtime) -> Runtime:
    """A demo without a staff PIN of its own gets the demo PIN, in this process's memory only."""
    if runtime.settings.staff.pin_hash:
        return runtime
    staff = replace(runtime.settings.staff, pin_hash=hash_pin(DEMO_PIN))
    print(f"kiosk: demo staff PIN {DEMO_PIN} (this demo only; a kiosk's own PIN is set with kiosk-admin pin set)",
          flush=True)
    return replace(runtime, settings=replace(runtime.settings, staff=staff))


def import_demo_statutes(runtime: Runtime) -> None:
    """The statutes the demo's answers cite, from the shared corpus beside the checkout when it is there.

    Before Kivy starts: the importer forks worker processes, which a process with a window must not do.
    """
    corpus = shared_laws_folder()
    if not corpus.is_dir():
        print(f"kiosk: no statute corpus at {corpus}; the demo's answers cite laws whose text it does not show",
              flush=True)
        return
    from kiosk.legal.cited import cited_statute_files  # lazy: jieba, only for a demo kiosk
    from kiosk.legal.library import LegalLibrary

    library = LegalLibrary.for_runtime(runtime)
    try:
        files = cited_statute_files(library, corpus)
        if not files:
            return
        print(f"kiosk: importing the {len(files)} statute files the demo's answers cite from {corpus} "
              "(first start only)", flush=True)
        report = library.import_paths(files)
    finally:
        library.close()
    for problem in report.errors:
        log.warning("demo statute import: %s", problem)
    log.info("demo: imported %d statutes in %.1f s", report.laws, report.seconds)


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
    if args.mode in ("counter", "rating") and not args.counter and args.demo:
        args.counter = DEMO_COUNTER
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
    from kiosk.ui.bootstrap import display_problem, prepare_kivy  # Kivy-free until prepare_kivy runs

    problem = display_problem(os.environ)
    if problem:
        print(f"kiosk: {problem}", file=sys.stderr)
        return EXIT_FAILED
    log_file = configure_logging(runtime.log_dir, MODE_LOG_FILE_NAMES[args.mode])
    runtime = with_window(runtime, args)
    if args.fullscreen is None and (args.orientation or args.window):
        args.fullscreen = False  # a size asked for is a window of that size
    fullscreen = runtime.settings.display.fullscreen if args.fullscreen is None else args.fullscreen
    if runtime.demo:
        runtime = with_demo_pin(runtime)
        if args.mode == "kiosk":
            import_demo_statutes(runtime)
    log.info("kiosk %s starting (data %s, config %s)", __version__, runtime.data_dir, runtime.settings.source)
    try:
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
