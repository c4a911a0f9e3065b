"""The counter terminal in large text: every label inside its box with no word cut (the screen tour's check),
in both languages and both orientations, with nothing in hand ("—") and with a priority ticket called, on the
terminal and on each page it opens."""

from __future__ import annotations

import argparse
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from ui_steps import misfits, overflowing

from kiosk.staff.pin import hash_pin

pytestmark = [pytest.mark.ui, pytest.mark.slow]

PIN = "246810"
START = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday, inside reception hours
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
PAGES = ("terminal", "handoff", "overdue")  # and the transfer page, while a ticket is in hand


def on_queue(terminal, work):
    return terminal.app.workers.queue.run_now(lambda: work(terminal.app.services))


def looked_at(terminal, what: str, pages=PAGES) -> list[str]:
    """Each page in both languages and orientations, large text: a screenshot each, and what does not fit."""
    faults = []
    for language in ("zh_CN", "en"):
        terminal.app.language = language
        for orientation, size in SIZES.items():
            terminal.resize(size)
            for page in pages:
                terminal.app.root.current = page
                terminal.settle(page)
                terminal.drawn(f"{page} {language} {orientation}")
                terminal.screenshot(f"counter-{what}-{page}-{language}-{orientation}-large")
                screen = terminal.screen(page)
                # The tour's check, and no text taller than its label (a number or "—" at large text).
                faults += [f"{what} {page} {language} {orientation}: {fault}"
                           for fault in {*misfits(screen, size[0]), *overflowing(screen, terminal.window)}]
    terminal.app.root.current = pages[0]
    terminal.settle(pages[0])
    return faults


@pytest.mark.timeout(900)
def test_every_counter_page_fits_in_large_text(start_app, monkeypatch):
    terminal = start_app("kiosk.ui.counter.app:CounterApp", f"[staff]\npin_hash = {hash_pin(PIN)}\n",
                         SIZES["landscape"], options=argparse.Namespace(counter="1"))
    began = time.monotonic()
    monkeypatch.setattr(terminal.app, "now", lambda: START + timedelta(seconds=time.monotonic() - began))
    terminal.app.large_text = True
    faults = looked_at(terminal, "locked", pages=("sign_in",))
    pad = terminal.screen("sign_in")
    terminal.type_digits(pad.ids.pad, PIN)
    terminal.tap(pad.ids.ok)
    terminal.settle("terminal")

    # A counter of two services (each row names its service), three waiting, one of them elderly; an overdue
    # home visit.
    now = terminal.app.now()
    on_queue(terminal, lambda s: s.workorders.create("home_visit", "family", "13912345678", now - timedelta(days=14),
                                                     channel="kiosk"))
    on_queue(terminal, lambda s: s.centre.set_counter("1", ("consultation", "legal_aid"), True, "setup", now))
    for priority in (None, "elderly", None):
        on_queue(terminal, lambda s, p=priority: s.tickets.issue_ticket("legal_aid", p, now))
    terminal.run_until(lambda: len(terminal.widget("rows", "terminal").children) == 3, what="the queue shown")
    assert terminal.widget("number", "terminal").text == "—"
    faults += looked_at(terminal, "empty")

    call = terminal.widget("call", "terminal")
    terminal.tap(call)
    terminal.run_until(lambda: terminal.widget("mark", "terminal").text, what="the elderly visitor called first")
    faults += looked_at(terminal, "called", pages=(*PAGES, "transfer"))
    assert not faults, "labels that do not fit:\n" + "\n".join(faults)
