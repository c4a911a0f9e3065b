"""``StaffLog``: disinfection and ventilation rounds, staff actions, and the audit trail."""

from __future__ import annotations

from datetime import datetime

from kiosk.queue.model import ROUND_AREAS, ROUND_KINDS, AuditEntry, DisinfectionRound, QueueError
from kiosk.queue.placing import QueuePart


class StaffLog(QueuePart):
    """What staff did: rounds of the hall, actions such as signing in, and every audited change."""

    def audit(self, limit: int = 50) -> list[AuditEntry]:
        with self.store.transaction(write=False) as tx:
            return tx.audit(limit)

    def record_round(self, kind: str, area: str, who: str, now: datetime) -> DisinfectionRound:
        """Log a disinfection or ventilation round of ``area``; audited."""
        if kind not in ROUND_KINDS:
            raise QueueError(f"unknown round {kind!r}; expected one of {', '.join(ROUND_KINDS)}")
        if area not in ROUND_AREAS:
            raise QueueError(f"unknown area {area!r}; expected one of {', '.join(ROUND_AREAS)}")
        with self.store.transaction() as tx:
            entry = tx.add_round(DisinfectionRound(now, kind, area, who))
            self._audit(tx, who, f"round:{kind}", None, {"area": area}, now)
            return entry

    def rounds(self, limit: int = 20) -> list[DisinfectionRound]:
        with self.store.transaction(write=False) as tx:
            return tx.rounds(limit)

    def last_rounds(self) -> dict[str, DisinfectionRound]:
        """The newest round of each kind that has one."""
        with self.store.transaction(write=False) as tx:
            return tx.last_rounds()

    def record_staff_action(self, who: str, what: str, now: datetime, detail: str | None = None) -> None:
        """An audited staff action that changes no setting (signing in, a locked pad, leaving the kiosk)."""
        with self.store.transaction() as tx:
            self._audit(tx, who, f"action:{what}", None, detail, now)
