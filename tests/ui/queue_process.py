"""Another process on the shared queue store: a kiosk issuing, a second counter, staff setting a counter up.

``python queue_process.py CONFIG DATA_DIR START_ISO COMMAND ARGS...`` on a clock that starts at
START_ISO and runs in real time; prints one JSON line per result:

- ``issue INTERVAL KIND...``: one legal-consultation ticket per KIND (``-`` ordinary, else a priority
  kind), INTERVAL seconds apart;
- ``counter ID SERVICES yes|no``: set a counter up (services comma-separated);
- ``call ID``, ``done ID``: call the next ticket to counter ID, finish its ticket;
- ``show NUMBER``: today's ticket NUMBER.
"""

import json
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.foundation.runtime import open_runtime
from kiosk.queue import Placed, Ticket
from kiosk.wiring import open_queue


def ticket_line(ticket: object) -> str:
    if isinstance(ticket, Ticket):
        return json.dumps({"number": ticket.label, "service": ticket.service, "status": ticket.status})
    return json.dumps({"result": repr(ticket)})


def main(config: str, data_dir: str, start: str, command: str, *args: str) -> int:
    desk = open_queue(open_runtime(Path(config), Path(data_dir)))
    began, base = time.monotonic(), datetime.fromisoformat(start)

    def now() -> datetime:
        return base + timedelta(seconds=time.monotonic() - began)

    commands: dict[str, Callable[[], object]] = {
        "counter": lambda: desk.centre.set_counter(args[0], tuple(args[1].split(",")), args[2] == "yes", "setup",
                                                   now()),
        "call": lambda: desk.tickets.call_next(args[0], now()),
        "done": lambda: desk.tickets.done(args[0], now()),
        "show": lambda: desk.tickets.ticket(args[0], now()),
    }
    if command != "issue":
        result = commands[command]()
        print(ticket_line(result) if isinstance(result, Ticket) else json.dumps({"result": repr(result)}))
        return 0
    for kind in args[1:]:
        placed = desk.tickets.issue_ticket("consultation", None if kind == "-" else kind, now())
        ticket = placed.ticket if isinstance(placed, Placed) else placed
        print(ticket_line(ticket), flush=True)
        if not isinstance(ticket, Ticket):
            return 1
        time.sleep(float(args[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
