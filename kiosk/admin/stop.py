"""``kiosk-admin stop``: staff end the kiosk app on this machine (it cannot be left from the screen)."""

from __future__ import annotations

import os
import signal
import sys
import time

from kiosk.admin import EXIT_FAILED, EXIT_OK, common_options, print_json
from kiosk.foundation.pid import read_running_pid

WAIT_SECONDS = 10


def register(subparsers) -> None:
    parser = subparsers.add_parser("stop", parents=[common_options()], help="stop the kiosk app using this data folder")
    parser.set_defaults(handler=stop)


def stop(args, runtime) -> int:
    pid = read_running_pid(runtime.data_dir)
    if pid is None:
        return _report(args, False, "no kiosk is running with this data folder")
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if read_running_pid(runtime.data_dir) is None:
            return _report(args, True, f"kiosk process {pid} stopped")
        time.sleep(0.1)
    return _report(args, False, f"kiosk process {pid} did not stop within {WAIT_SECONDS} s")


def _report(args, stopped: bool, message: str) -> int:
    if args.json:
        print_json({"stopped": stopped, "message": message})
    else:
        print(message, file=sys.stdout if stopped else sys.stderr)
    return EXIT_OK if stopped else EXIT_FAILED
