"""The real ``kiosk`` command, driven into the health check: ``python midscan_kiosk.py MODE kiosk-args...``.

Once every screen is built it takes a number, as a tap on 取号 does; when the scanner has
read a few frames it prints "scanning" and then, by MODE, waits for a signal from the
test ("signal", "admin"), leaves through the staff screen ("leave"), or lets an exception
escape the main loop ("exception").
"""

from __future__ import annotations

import atexit
import sys
import threading


@atexit.register  # registered before the kiosk's own handlers, so it runs after them
def report_capture_threads() -> None:
    """Name any capture thread still running when the interpreter starts to finalise."""
    alive = sorted(t.name for t in threading.enumerate() if t.name in ("camera", "camera-loop") and t.is_alive())
    if alive:
        print(f"alive at exit: {', '.join(alive)}", file=sys.stderr, flush=True)


from kivy.clock import Clock  # noqa: E402  (after the handler above)

from kiosk import cli  # noqa: E402
from kiosk.health import check  # noqa: E402

FRAMES_BEFORE_STOP = 3


def main() -> int:
    mode, argv = sys.argv[1], sys.argv[2:]
    feed = check.Scanner.feed
    frames_read = [0]

    def counting_feed(self, image, now):
        frames_read[0] += 1
        if frames_read[0] == FRAMES_BEFORE_STOP:
            print("scanning", flush=True)
            if mode in ("leave", "exception"):
                Clock.schedule_once(lambda _dt: stop_from_inside(mode))
        return feed(self, image, now)

    check.Scanner.feed = counting_feed
    Clock.schedule_interval(take_number_when_ready, 0.1)
    return cli.main(argv)


def take_number_when_ready(_dt: float) -> bool:
    from kivy.app import App

    app = App.get_running_app()
    if app is None or not app.ready:
        return True
    app.take_number()
    return False


def stop_from_inside(mode: str) -> None:
    from kivy.app import App

    app = App.get_running_app()
    if mode == "leave":
        app.root.get_screen("staff").leave_kiosk()
    else:
        raise KeyboardInterrupt("an exception that leaves the main loop")


if __name__ == "__main__":
    sys.exit(main())
