"""The composition root: the stores and core services a process uses, opened once, in one place.

Every process (the kiosk, a counter, the display board, kiosk-admin) calls :func:`open_services`
once and closes what it returns on every way out. Only this package chooses the backend
(``runtime.uses_server``) and imports the backend-specific stores.

The queue is reached through four parts named after its responsibilities: ``tickets``
(tickets and counters), ``appointments``, ``centre`` (services, hours, spots, setting
overrides) and ``staff_log`` (disinfection rounds and the audit trail).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from kiosk.foundation.runtime import Runtime
from kiosk.queue import QueueDesk, open_desk

if TYPE_CHECKING:
    from kiosk.health.check import HealthCheck
    from kiosk.legal.library import LegalLibrary
    from kiosk.printing import TicketSigner
    from kiosk.workorders import WorkOrderDesk


@dataclass
class Services:
    """What a process works with. Heavy parts (camera stack, knowledge base) open on first use."""

    runtime: Runtime
    # Until the queue desk is split (#19), one desk serves all four parts.
    tickets: QueueDesk
    appointments: QueueDesk
    centre: QueueDesk
    staff_log: QueueDesk
    _closers: list[Callable[[], None]] = field(default_factory=list, repr=False)

    @cached_property
    def signer(self) -> TicketSigner:
        from kiosk.printing import TicketSigner

        return TicketSigner.for_runtime(self.runtime)

    @cached_property
    def workorders(self) -> WorkOrderDesk:
        from kiosk.workorders import open_workorders

        desk = open_workorders(self.runtime)
        self._closers.append(desk.close)
        return desk

    def open_health_check(self) -> HealthCheck:
        """The health check as configured (imports the camera stack: call it off the first frame)."""
        from kiosk.health.check import HealthCheck

        return HealthCheck.from_settings(self.runtime.settings, self.runtime.queue_db_path)

    def open_library(self, **options) -> LegalLibrary:
        """The legal library over this runtime's knowledge base; the caller closes it."""
        from kiosk.legal.library import LegalLibrary

        return LegalLibrary.for_runtime(self.runtime, **options)

    def close(self) -> None:
        """Close every store opened here; safe to call twice."""
        closers, self._closers = self._closers, []
        for close in reversed(closers):
            close()


def open_services(runtime: Runtime) -> Services:
    """Open the queue store (StoreError when the centre's server cannot be reached)."""
    desk = open_desk(runtime)
    return Services(runtime, desk, desk, desk, desk, [desk.store.close])
