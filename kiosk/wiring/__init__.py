"""The composition root: the stores and core services a process uses, opened once, in one place.

Every process (the kiosk, a counter, the display board, kiosk-admin) calls :func:`open_services`
(or one of the openers below) once and closes what it returns on every way out. Only this package
chooses the backend (``runtime.uses_server``) and imports the backend-specific stores; psycopg is
imported lazily, only where a server is used, so a kiosk on its SQLite file never loads it.

The queue is reached through four parts named after its responsibilities: ``tickets``
(tickets and counters), ``appointments``, ``centre`` (services, hours, spots, setting
overrides) and ``staff_log`` (disinfection rounds and the audit trail).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from kiosk.foundation.runtime import Runtime
from kiosk.health.store import OutcomeStore, SqliteOutcomeStore
from kiosk.queue import AppointmentBook, CentreDesk, Queue, QueueStore, StaffLog, TicketDesk
from kiosk.queue.sqlite_store import SqliteQueueStore
from kiosk.workorders import WorkOrderDesk, workorder_desk
from kiosk.workorders.sqlite_store import SqliteWorkOrderStore
from kiosk.workorders.store import WorkOrderStore

if TYPE_CHECKING:
    from kiosk.health.check import HealthCheck
    from kiosk.legal.library import LegalLibrary
    from kiosk.printing import TicketSigner
    from kiosk.reports.figures import Sources


def _zone(runtime: Runtime) -> ZoneInfo:
    return ZoneInfo(runtime.settings.centre.timezone)


def open_queue_store(runtime: Runtime) -> QueueStore:
    """The queue store: the centre's PostgreSQL server when configured, else the SQLite file."""
    if runtime.uses_server:
        from kiosk.queue.postgres_store import PostgresQueueStore  # lazy: psycopg only where a server is used

        return PostgresQueueStore(runtime.settings.database.url, _zone(runtime))
    return SqliteQueueStore(runtime.queue_db_path, _zone(runtime))


def open_queue(runtime: Runtime, write: bool = True) -> Queue:
    """The queue's four parts over the runtime's store; a writer seeds it first (:func:`kiosk.queue.prepare`).

    A process that only reads (a report, the display board) passes ``write=False`` and writes nothing.
    """
    store = open_queue_store(runtime)
    try:
        return Queue.prepared(store, runtime.settings) if write else Queue.over(store, runtime.settings)
    except BaseException:
        store.close()
        raise


def open_outcome_store(runtime: Runtime) -> OutcomeStore:
    """Health-check outcomes go where the queue is: the centre's server, else the SQLite file."""
    if runtime.uses_server:
        from kiosk.health.postgres_store import PostgresOutcomeStore  # lazy: psycopg only where a server is used

        return PostgresOutcomeStore(runtime.settings.database.url, _zone(runtime))
    return SqliteOutcomeStore(runtime.queue_db_path)


def open_health_check(runtime: Runtime) -> HealthCheck:
    """The health check as configured, logging outcomes where the queue is (imports the camera stack: call it
    off the first frame). It needs no queue: a kiosk whose server is down at start still checks visitors."""
    from kiosk.health.check import HealthCheck  # lazy: start-up cost (camera stack)

    return HealthCheck.from_settings(runtime.settings, open_outcome_store(runtime))


def open_workorder_store(runtime: Runtime) -> WorkOrderStore:
    if runtime.uses_server:
        from kiosk.workorders.postgres_store import PostgresWorkOrderStore  # lazy: psycopg only with a server

        return PostgresWorkOrderStore(runtime.settings.database.url, _zone(runtime))
    return SqliteWorkOrderStore(runtime.queue_db_path, _zone(runtime))


def open_workorders(runtime: Runtime) -> WorkOrderDesk:
    """The work-order desk; deadlines count working days by the queue's reception hours, read from the queue
    store opened (and prepared: a new store gets the configured week) here and closed with the desk."""
    queue = open_queue(runtime)
    try:
        return workorder_desk(runtime, open_workorder_store(runtime), queue.centre.hours_table,
                              also_close=(queue.close,))
    except BaseException:
        queue.close()
        raise


def open_sources(runtime: Runtime) -> Sources:
    """What reports read: the queue store (not seeded: a report writes nothing), the outcome log, the knowledge
    base (None where the kiosk has never made one) and the work-order store."""
    from kiosk.legal.library import LegalLibrary  # lazy: start-up cost (jieba), only for reports
    from kiosk.reports.figures import Sources  # lazy: start-up cost (charts), only for reports

    library = LegalLibrary.for_runtime(runtime) if runtime.knowledge_base_path.is_file() else None
    return Sources(open_queue_store(runtime), _zone(runtime), open_outcome_store(runtime), library,
                   open_workorder_store(runtime))


@dataclass
class Services:
    """What a process works with. Heavy parts (camera stack, knowledge base) open on first use."""

    runtime: Runtime
    tickets: TicketDesk
    appointments: AppointmentBook
    centre: CentreDesk
    staff_log: StaffLog
    _closers: list[Callable[[], None]] = field(default_factory=list, repr=False)

    @cached_property
    def signer(self) -> TicketSigner:
        from kiosk.printing import TicketSigner  # lazy: start-up cost (cryptography), first print only

        return TicketSigner.for_runtime(self.runtime)

    @cached_property
    def outcomes(self) -> OutcomeStore:
        """The health-check outcome log, for the figures staff read (the health check keeps its own)."""
        store = open_outcome_store(self.runtime)
        close = getattr(store, "close", None)  # the SQLite log opens a connection per call: nothing to close
        if close is not None:
            self._closers.append(close)
        return store

    @cached_property
    def workorders(self) -> WorkOrderDesk:
        desk = workorder_desk(self.runtime, open_workorder_store(self.runtime), self.centre.hours_table)
        self._closers.append(desk.close)
        return desk

    def open_health_check(self) -> HealthCheck:
        return open_health_check(self.runtime)

    def open_library(self, **options) -> LegalLibrary:
        """The legal library over this runtime's knowledge base; the caller closes it."""
        from kiosk.legal.library import LegalLibrary  # lazy: start-up cost (jieba)

        return LegalLibrary.for_runtime(self.runtime, **options)

    def close(self) -> None:
        """Close every store opened here; safe to call twice."""
        closers, self._closers = self._closers, []
        for close in reversed(closers):
            close()


def open_services(runtime: Runtime) -> Services:
    """Open and prepare the queue store (StoreError when the centre's server cannot be reached)."""
    queue = open_queue(runtime)
    return Services(runtime, queue.tickets, queue.appointments, queue.centre, queue.staff_log, [queue.close])
