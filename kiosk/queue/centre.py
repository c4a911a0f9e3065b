"""``CentreDesk``: the centre's set-up as staff change it: services, hours, spots, counters, setting overrides.

Every change is audited in the transaction that makes it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from kiosk.foundation.config import sessions
from kiosk.queue import hours
from kiosk.queue.model import Counter, QueueError, Service, Spot, check_service
from kiosk.queue.placing import QueuePart


@dataclass(frozen=True)
class TodayHours:
    day: date
    sessions: tuple[tuple, ...]
    override: bool
    open_now: bool
    next_opening: datetime | None

    @property
    def sessions_text(self) -> str:
        return hours.format_sessions(self.sessions)


class CentreDesk(QueuePart):
    """Services, reception hours, the hall's spots, counters and staff's setting overrides."""

    def services(self) -> list[Service]:
        with self.store.transaction(write=False) as tx:
            return tx.services()

    def today_hours(self, now: datetime) -> TodayHours:
        with self.store.transaction(write=False) as tx:
            table = tx.hours()
        local = self._local(now)
        bounds = hours.day_bounds(table, local.date(), self.zone)
        return TodayHours(day=local.date(), sessions=hours.sessions_on(table, local.date()),
                          override=local.date().isoformat() in table,
                          open_now=any(start <= local < end for start, end in bounds),
                          next_opening=hours.next_opening(table, local))

    def hours_table(self) -> dict[str, str]:
        with self.store.transaction(write=False) as tx:
            return tx.hours()

    def set_service(self, code: str, who: str, now: datetime, **changes: object) -> Service:
        """Change a service's capacity, visit length, names, enabled or materials key; audited."""
        allowed = {"name", "name_en", "daily_capacity", "visit_minutes", "enabled", "materials_key", "position"}
        unknown = set(changes) - allowed
        if unknown:
            raise QueueError(f"cannot change {', '.join(sorted(unknown))}; expected {', '.join(sorted(allowed))}")
        with self.store.transaction() as tx:
            old = self._service(tx, code)
            new = replace(old, **changes)
            check_service(new)
            if new != old:
                tx.save_service(new)
                self._audit(tx, who, f"service:{code}", old, new, now)
            return new

    def set_hours(self, key: str, text: str | None, who: str, now: datetime) -> None:
        """Set a weekday's sessions or a date override (``closed`` closes the day); None removes an override."""
        try:
            key = hours.check_key(key)
            value = None if text is None else hours.format_sessions(sessions(text))
        except ValueError as error:
            raise QueueError(str(error)) from None
        if value is None and "-" not in key:
            raise QueueError("a weekday always has hours; set it to closed instead")
        with self.store.transaction() as tx:
            old = tx.hours().get(key)
            if old != value:
                tx.set_hours(key, value)
                self._audit(tx, who, f"hours:{key}", old, value, now)

    def spots(self) -> list[Spot]:
        """The hall's waiting spots, in use or not."""
        with self.store.transaction(write=False) as tx:
            return tx.spots()

    def set_spot_in_use(self, spot_id: int, in_use: bool, who: str, now: datetime) -> Spot:
        """Take a waiting spot out of use or back; someone already on it stays until called."""
        with self.store.transaction() as tx:
            old = next((s for s in tx.spots() if s.id == spot_id), None)
            if old is None:
                raise QueueError(f"no waiting spot {spot_id}")
            new = replace(old, in_use=in_use)
            if new != old:
                tx.save_spot(new)
                self._audit(tx, who, f"spot:{spot_id}", old, new, now)
                self._invite(tx, self._today(tx, now), now)
            return new

    def set_counter(self, counter_id: str, services: tuple[str, ...], is_open: bool, who: str,
                    now: datetime) -> Counter:
        """Create or change a counter: the services it serves and whether it is open; audited."""
        if not counter_id.strip():
            raise QueueError("expected a counter id such as 3")
        with self.store.transaction() as tx:
            for code in services:
                self._service(tx, code)
            old = next((c for c in tx.counters() if c.id == counter_id), None)
            new = Counter(counter_id, tuple(services), is_open, old.name if old else "",
                          old.priority_streak if old else 0)
            if new != old:
                tx.save_counter(new)
                self._audit(tx, who, f"counter:{counter_id}", old, new, now)
            return new

    def setting_overrides(self) -> dict[str, str]:
        with self.store.transaction(write=False) as tx:
            return tx.setting_overrides()

    def set_setting_override(self, key: str, value: str | None, config_value: str, who: str, now: datetime) -> None:
        """Store staff's value of a config.ini key (already checked by its parser); None goes back to config.ini.

        The audit shows ``config_value`` (config.ini's) as the old value when there was no override.
        """
        with self.store.transaction() as tx:
            old = tx.setting_overrides().get(key)
            if old != value:
                tx.set_setting_override(key, value)
                self._audit(tx, who, f"setting:{key}", config_value if old is None else old,
                            config_value if value is None else value, now)
