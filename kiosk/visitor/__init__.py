"""The visitor's use cases: what a screen asks for, one call per action, Kivy-free.

Each use case says which kind of work it is (:func:`runs_on`): the app runs it on the worker
it keeps for that kind and passes the object that kind of work is done with as the first
argument: the services (queue), the health check (health: its outcome store lives beside the
queue's, on the queue's worker), the legal library (legal), the printer (printer) or the
speaker that reads texts aloud (voice).

Bilingual values are picked with :func:`~kiosk.foundation.i18n.localised` (``name``/``name_en``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from kiosk.foundation.i18n import localised

if TYPE_CHECKING:
    from kiosk.health.decision import Decision
    from kiosk.queue import Refusal

# The kinds of work; the app keeps one worker each (health work shares the queue's).
QUEUE, HEALTH, LEGAL, PRINTER, DEVICE, DRAWING = "queue", "health", "legal", "printer", "device", "drawing"
VOICE = "voice"

F = TypeVar("F", bound=Callable)


def runs_on(kind: str) -> Callable[[F], F]:
    """Mark a use case with the kind of work it is."""

    def mark(use_case: F) -> F:
        use_case.runs_on = kind
        return use_case

    return mark


class NamedService(Protocol):
    """A service, or a line about one (the display board's waiting counts)."""

    name: str
    name_en: str


def service_name(service: NamedService, language: str) -> str:
    """A service's name in the visitor's language."""
    return localised(service, "name", language)


def message(item: Refusal | Decision, language: str) -> str:
    """A refusal's or a health decision's message in the visitor's language."""
    return localised(item, "message", language)
