"""``kiosk --mode display``: the display board (叫号屏) of the hall.

No touch is needed. The board follows the queue store by itself on the app's queue
worker (:class:`~kiosk.display.board.BoardFollower`), shows each new call, and
hands it to the speech thread (:class:`~kiosk.display.speech.Announcer`), which
says it after a chime, one announcement at a time. The board's language follows
``[display] language``; the notice turns between both languages.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.core.window import Window

from kiosk.display.announcements import EN, ZH, announce
from kiosk.display.board import BoardFollower, BoardTrouble, BoardView
from kiosk.display.speech import Announcer, Speaker, voice_from_settings
from kiosk.ui.base_app import CentreApp, ignore
from kiosk.wiring import open_queue


class DisplayApp(CentreApp):
    """The display board: one screen, fed by the store, speaking each call."""

    mode = "display"
    stops_after_first_frame = False  # it stops once its first look at the store is back (_first_look)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        config = self.settings.announcements
        self.languages = (ZH, EN) if config.english else (ZH,)
        self.announcer = Announcer(Speaker(voice_from_settings(self.settings)) if config.speech else None)
        # The follower opens the queue itself, and again after a fault; it closes them on stop.
        self.follower = BoardFollower(lambda: open_queue(self.runtime),
                                      None if self.runtime.uses_server else self.runtime.queue_db_path,
                                      config.recent_calls + 1)
        self._polling = False
        self._poller = None
        self._looked = False

    def build(self):
        self.register_font()
        from kiosk.ui.display.board import BoardScreen  # after the font: its kv rules create labels

        return BoardScreen()

    def on_start(self) -> None:
        super().on_start()
        self.announcer.start()
        self._poller = Clock.schedule_interval(self.poll, self.settings.announcements.poll_seconds)
        self.poll(0)

    def on_stop(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
        self.announcer.stop()
        if self.workers is not None:  # Kivy may dispatch on_stop twice
            self.workers.queue.run(self.follower.close, ignore, ignore)  # before the workers stop
        super().on_stop()

    def show_error(self) -> None:
        if self.root is not None:
            self.root.trouble = self.t("display.error", self.language)

    def poll(self, _dt: float) -> None:
        """Ask the store thread for what changed; one look at a time."""
        if self._polling:
            return
        self._polling = True
        now = self.now()
        self.workers.queue.run(lambda: self.follower.poll(now), self._polled, self._poll_failed)

    def _first_look(self) -> None:
        """With --exit-after-first-frame, stop after the frame that follows the first look at the store: the
        check then covers the board's store as well as its window (the look runs on a worker that an early
        stop would leave unrun)."""
        if self._looked or not self.exit_after_first_frame:
            return
        self._looked = True
        Window.bind(on_flip=lambda *_args: Clock.schedule_once(lambda _dt: self.stop()))
        Window.canvas.ask_update()

    def _polled(self, result: BoardView | BoardTrouble | None) -> None:
        self._polling = False
        self._first_look()
        if isinstance(result, BoardTrouble):
            self.root.trouble = self.t("display.store_trouble", self.language)
        elif result is not None:
            self.root.show(result)
            for call in result.fresh:
                self.announcer.announcements.put(announce(call, self.languages))

    def _poll_failed(self, _error: BaseException) -> None:
        # BoardFollower turns store faults into BoardTrouble; anything else is a bug, already logged.
        self._polling = False
        self._first_look()
        self.show_error()
