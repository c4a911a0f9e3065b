"""Work orders (服务工单) between the hall, the 12348 hotline and the online platform; ratings (好差评).

Kivy-free. A screen or kiosk-admin calls :func:`kiosk.wiring.open_workorders` once and then
one :class:`WorkOrderDesk` method per action; :func:`open_sender` gives the
sender that delivers orders and pulls status updates (``workorder sync``).
Errors a visitor may see are :class:`WorkOrderError`, with zh and en texts.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.foundation.config import ConfigError, Settings
from kiosk.foundation.runtime import Runtime
from kiosk.queue.hours import HoursTable
from kiosk.workorders.desk import WorkOrderDesk, deadline_for
from kiosk.workorders.model import Rating, WorkOrder, WorkOrderError
from kiosk.workorders.sender import FolderTransport, HttpTransport, Sender, SyncResult, Transport
from kiosk.workorders.store import WorkOrderStore, WorkOrderStoreError
from kiosk.workorders.vault import PhoneVault, VaultError, export_key_path, key_path


def check_platform(settings: Settings) -> None:
    """What ``[platform]`` keys cannot say alone: plain http needs ``allow_http``. ConfigError names the key."""
    endpoint = settings.platform.endpoint
    if endpoint.startswith("http://") and not settings.platform.allow_http:
        raise ConfigError(settings.source, "platform", "endpoint",
                          f"plain http ({endpoint}) sends phone numbers unencrypted; use https, or set "
                          "allow_http = yes for a platform on the centre's own network")


def workorder_desk(runtime: Runtime, store: WorkOrderStore, hours_table: Callable[[], HoursTable],
                   also_close: Iterable[Callable[[], None]] = ()) -> WorkOrderDesk:
    """The desk over ``store`` (opened by :mod:`kiosk.wiring`); deadlines count working days by
    ``hours_table``, the queue's reception hours with holiday overrides."""
    settings = runtime.settings
    check_platform(settings)
    vault = PhoneVault.at(key_path(settings.tickets.secret_file, runtime.data_dir))
    w = settings.workorders
    days = {"callback": w.callback_days, "home_visit": w.home_visit_days, "online": w.online_days,
            "video": w.video_days, "rectification": w.rectification_days}
    return WorkOrderDesk(store, vault, days, w.urgent_days, settings.platform.retention_days, hours_table,
                         also_close=also_close)


def exchange_dirs(runtime: Runtime) -> tuple[Path, Path]:
    """The export and import folders: as configured, else ``platform/export`` and ``platform/import``."""
    platform = runtime.settings.platform
    return (platform.export_dir or runtime.data_dir / "platform" / "export",
            platform.import_dir or runtime.data_dir / "platform" / "import")


def export_vault(runtime: Runtime) -> PhoneVault:
    """The key exported numbers are sealed with: ``[platform] export_key``, else ``platform-export.key`` beside
    the ticket secret, created on first use for the centre to give the platform. ConfigError names the key."""
    settings = runtime.settings
    path = export_key_path(settings.platform.export_key, settings.tickets.secret_file, runtime.data_dir)
    if path.resolve() == key_path(settings.tickets.secret_file, runtime.data_dir).resolve():
        # The platform holds the export key: it must not open the numbers in the store and its backups.
        raise ConfigError(settings.source, "platform", "export_key",
                          f"{path} is the work-order phone key; name a key file of its own for the platform")
    try:
        return PhoneVault.at(path)
    except VaultError as error:
        raise ConfigError(settings.source, "platform", "export_key", str(error)) from None


def open_transport(runtime: Runtime) -> Transport:
    """HTTP(S) to ``[platform] endpoint``, or the export and import folders when there is none."""
    platform = runtime.settings.platform
    check_platform(runtime.settings)
    if not platform.endpoint:
        return FolderTransport(*exchange_dirs(runtime), export_vault(runtime))
    token = None
    if platform.token_env:
        token = os.environ.get(platform.token_env)
        if not token:
            raise ConfigError(runtime.settings.source, "platform", "token_env",
                              f"the environment variable {platform.token_env} is not set or empty")
    return HttpTransport(platform.endpoint, token, platform.timeout_seconds)


def open_sender(runtime: Runtime, desk: WorkOrderDesk, clock: Callable[[], datetime] | None = None) -> Sender:
    """The sender of this kiosk; ``clock`` (default: now in the centre's zone) dates its steps and erasures."""
    settings = runtime.settings
    zone = ZoneInfo(settings.centre.timezone)
    platform = settings.platform
    return Sender(desk, open_transport(runtime), f"{settings.centre.kiosk_id}:{os.getpid()}",
                  clock or (lambda: datetime.now(zone)),
                  {"centre": settings.centre.name, "kiosk": settings.centre.kiosk_id},
                  platform.max_attempts, platform.retry_seconds, platform.retry_max_seconds)


__all__ = [
    "FolderTransport", "HttpTransport", "PhoneVault", "Rating", "Sender", "SyncResult", "VaultError", "WorkOrder",
    "WorkOrderDesk", "WorkOrderError", "WorkOrderStoreError", "check_platform", "deadline_for", "exchange_dirs",
    "export_vault", "open_sender", "open_transport", "workorder_desk",
]
