"""What the staff pages of the kiosk ask for: the audit, the set-up, the disinfection log, staff's settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from kiosk.foundation.config import Settings
from kiosk.queue import Counter, Service, Spot
from kiosk.queue.model import AuditEntry, DisinfectionRound
from kiosk.staff.centre_setup import CALCULATOR_FIELDS, CentreSetup, SettingRefusal, effective_settings
from kiosk.staff.disinfection import RoundStatus, round_statuses
from kiosk.staff.local_figures import FIGURES, save_figure
from kiosk.visitor import QUEUE, runs_on
from kiosk.wiring import Services

# A change staff make on a page: validated, saved and audited by the centre's set-up.
Change = Callable[[CentreSetup, str, datetime], Any]


@runs_on(QUEUE)
def change(services: Services, config: Settings, work: Change, who: str, now: datetime) -> Any:
    """Apply ``work`` to the centre's set-up over config.ini's ``config`` (overrides are laid on them):
    what it saved, or its SettingRefusal."""
    return work(CentreSetup(services.centre, config), who, now)


@runs_on(QUEUE)
def policy(services: Services, config: Settings) -> Settings:
    """The settings now in force: config.ini with staff's overrides."""
    return CentreSetup(services.centre, config).policy()


@runs_on(QUEUE)
def record_staff_action(services: Services, who: str, action: str, now: datetime) -> None:
    services.staff_log.record_staff_action(who, action, now)


@runs_on(QUEUE)
def audit(services: Services, shown: int) -> list[AuditEntry]:
    """The newest ``shown`` entries of the audit trail."""
    return services.staff_log.audit(shown)


@runs_on(QUEUE)
def service_list(services: Services) -> list[Service]:
    return services.centre.services()


@dataclass(frozen=True)
class CounterSetup:
    counters: list[Counter]
    services: list[Service]


@runs_on(QUEUE)
def counter_setup(services: Services) -> CounterSetup:
    """The counters and the services they may serve."""
    return CounterSetup(services.tickets.counters(), services.centre.services())


@runs_on(QUEUE)
def recent_rounds(services: Services, shown: int) -> list[DisinfectionRound]:
    return services.staff_log.rounds(shown)


@runs_on(QUEUE)
def record_round(services: Services, kind: str, area: str, who: str, now: datetime) -> DisinfectionRound:
    return services.staff_log.record_round(kind, area, who, now)


@dataclass(frozen=True)
class Watched:
    """What the running kiosk follows: the settings in force and each kind of round."""

    settings: Settings
    rounds: list[RoundStatus]


@runs_on(QUEUE)
def watch(services: Services, config: Settings, now: datetime) -> Watched:
    """Staff's settings from any process laid on config.ini's ``config``, and whether a round is overdue."""
    settings = effective_settings(config, services.centre.setting_overrides())
    return Watched(settings, round_statuses(services.staff_log.last_rounds(), settings.staff,
                                            services.centre.today_hours(now).open_now, now))


@runs_on(QUEUE)
def spots(services: Services) -> list[Spot]:
    """The hall's waiting spots, each in use or not."""
    return services.centre.spots()


@runs_on(QUEUE)
def hours_table(services: Services) -> dict[str, str]:
    """The reception hours by weekday and by date, as staff set them."""
    return services.centre.hours_table()


@runs_on(QUEUE)
def set_local_figure(services: Services, key: str, raw_value: str, raw_date: str, who: str,
                     now: datetime) -> Settings | SettingRefusal:
    """A calculator figure and its publication day, checked and written into this kiosk's config.ini; the
    settings read back (config.ini's, without overrides), or why nothing was saved. The figure and its day
    are also stored as overrides in the shared store, so every kiosk on it calculates with them at its
    next read of staff's settings (no restart; config.ini only decides until a figure is first set), and
    the change goes into the audit."""
    figure = FIGURES[key]
    config = services.runtime.settings
    before = CentreSetup(services.centre, config).policy()
    saved = save_figure(config.source, figure, raw_value, raw_date, now.date(), before)
    if isinstance(saved, SettingRefusal):
        return saved
    for name in (figure.key, figure.date_key):
        field = CALCULATOR_FIELDS[f"calculators.{name}"]
        # Kept even where it equals this kiosk's config.ini: another kiosk's config.ini may hold the old figure.
        services.centre.set_setting_override(field.key, field.config_text(saved), field.config_text(config),
                                             who, now)
    (old, old_day), (new, new_day) = figure.current(before), figure.current(saved)
    services.staff_log.record_staff_action(
        who, f"config.ini [calculators] {figure.key}: {old:f} ({old_day}) -> {new:f} ({new_day})", now)
    services.runtime = replace(services.runtime, settings=saved)
    return saved
