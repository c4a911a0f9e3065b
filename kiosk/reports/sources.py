"""Where a report's figures come from on this machine, and the font its charts are drawn in."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.foundation.fonts import find_font
from kiosk.foundation.runtime import Runtime
from kiosk.health.store import SqliteOutcomeStore
from kiosk.reports.figures import Sources


def report_font(runtime: Runtime) -> Path:
    """The Simplified Chinese font the kiosk itself uses (FontNotFound when the machine has none)."""
    return find_font(runtime.settings.display.font, runtime.data_dir / "fonts").regular


def open_sources(runtime: Runtime) -> Sources:
    """The runtime's queue store, outcome log, knowledge base (None where the kiosk has never made one) and
    work-order store."""
    from kiosk.queue import open_desk

    settings = runtime.settings
    zone = ZoneInfo(settings.centre.timezone)
    store = open_desk(runtime).store
    if settings.database.url.startswith("postgres"):
        from kiosk.queue.postgres_store import PostgresOutcomeStore

        outcomes = PostgresOutcomeStore(settings.database.url, zone)
    else:
        outcomes = SqliteOutcomeStore(runtime.queue_db_path)
    library = None
    if runtime.knowledge_base_path.is_file():
        from kiosk.legal.library import LegalLibrary

        library = LegalLibrary.for_runtime(runtime)
    if settings.database.url.startswith("postgres"):
        from kiosk.workorders.postgres_store import PostgresWorkOrderStore

        workorders = PostgresWorkOrderStore(settings.database.url, zone)
    else:
        from kiosk.workorders.sqlite_store import SqliteWorkOrderStore

        workorders = SqliteWorkOrderStore(runtime.queue_db_path, zone)
    return Sources(store, zone, outcomes, library, workorders)

