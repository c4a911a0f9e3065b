"""A counter terminal's store calls, as a separate process: ``python counter_process.py CONFIG DATA_DIR ACTION...``.

Actions, done in order, each printing one line ``LABEL MONOTONIC_TIME`` right after its commit:
``issue:SERVICE``, ``call:COUNTER``, ``recall:COUNTER``, ``done:COUNTER``, ``wait:SECONDS``.
A ticket is issued at 10:00 of today (the test config opens every day), calls happen at the real time.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.foundation.runtime import open_runtime
from kiosk.queue import Ticket
from kiosk.queue.model import SERVICE_CODES
from kiosk.wiring import open_queue


def main(config: str, data_dir: str, *actions: str) -> None:
    runtime = open_runtime(Path(config), Path(data_dir))
    desk = open_queue(runtime)
    zone = ZoneInfo(runtime.settings.centre.timezone)
    known = {counter.id for counter in desk.tickets.counters()}
    for action in actions:
        verb, _, arg = action.partition(":")
        now = datetime.now(zone)
        if verb == "wait":
            time.sleep(float(arg))
            continue
        if verb in ("call", "recall", "done") and arg not in known:
            desk.centre.set_counter(arg, SERVICE_CODES, True, "test", now)
            known.add(arg)
        if verb == "issue":
            result = desk.tickets.issue_ticket(arg, None, now.replace(hour=10, minute=0)).ticket
        elif verb == "call":
            result = desk.tickets.call_next(arg, now)
        elif verb == "recall":
            result = desk.tickets.recall(arg, now)
        elif verb == "done":
            result = desk.tickets.done(arg, now)
        else:
            raise SystemExit(f"unknown action {action}")
        assert isinstance(result, Ticket), result
        print(result.label, time.monotonic(), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
