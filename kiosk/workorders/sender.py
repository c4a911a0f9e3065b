"""Delivery of work orders to the hotline / online platform, and their status updates back.

The sender claims due outbox rows (a lease, so another kiosk's sender skips
them), posts each order as JSON with its key in the ``Idempotency-Key`` header,
and records the outcome: sent; failed, retried after an exponentially growing
wait with jitter; or, after ``max_attempts`` failures or a refusal no retry can
fix, the dead-letter state staff see. A retry after a lost answer repeats the
same key, so the platform keeps the order once.

Without an endpoint the same happens through folders: an order is written as
``<key>.json`` into the export folder, and status updates are read from JSON
files dropped into the import folder. An exported file never holds the number
in clear: it carries ``phone_sealed``, sealed with the export key the centre
shares with the platform (``kiosk-admin workorder read-export`` opens it). The
file is removed once an import file speaks of its order (the platform has it),
or when the number is erased after retention.

The phone number is decrypted only while a payload is built; it is never
logged, and error texts stored for staff never hold a payload.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import random
import re
import ssl
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

from kiosk.workorders.desk import WorkOrderDesk
from kiosk.workorders.model import Claim, WorkOrderError
from kiosk.workorders.vault import PhoneVault, VaultError

log = logging.getLogger(__name__)

LEASE_SECONDS = 120
BATCH = 100
CURSOR_KEY = "platform_cursor"
ORDER_KEY = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt came to: ``ok``; else ``error`` and whether a retry can help."""

    ok: bool
    error: str = ""
    retry: bool = True


@dataclass
class SyncResult:
    """One sync: orders sent, attempts that failed (to be retried), orders dead-lettered, updates applied."""

    sent: int = 0
    failed: int = 0
    dead: int = 0
    updated: int = 0

    def as_json(self) -> dict[str, int]:
        return {"sent": self.sent, "failed": self.failed, "dead": self.dead, "updated": self.updated}


class Transport(Protocol):
    """Where orders go and updates come from."""

    def deliver(self, key: str, payload: dict[str, Any]) -> Outcome: ...

    def updates(self, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
        """Status updates since ``cursor``: each ``{"key", "state"}``; and the cursor to ask from next."""

    def forget(self, keys: list[str]) -> None:
        """Remove what this side still holds of orders whose numbers were erased."""

    def close(self) -> None: ...


class HttpTransport:
    """JSON over HTTP(S) to ``endpoint``, one kept-alive connection, a bearer token when one is given."""

    def __init__(self, endpoint: str, token: str | None, timeout: float):
        parts = urlsplit(endpoint)
        self.https = parts.scheme == "https"
        self.host = parts.hostname or ""
        self.port = parts.port
        self.base = parts.path.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._connection: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            if self.https:
                self._connection = http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout,
                                                               context=ssl.create_default_context())
            else:
                self._connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self._connection

    def _request(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, bytes]:
        headers = {"Accept": "application/json", **headers}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        connection = self._connect()
        try:
            connection.request(method, self.base + path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        except BaseException:
            # A half-read answer would poison the next request on this connection.
            self.close()
            raise

    def deliver(self, key: str, payload: dict[str, Any]) -> Outcome:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            status, _ = self._request("POST", "/workorders", body, {
                "Content-Type": "application/json; charset=utf-8", "Idempotency-Key": key})
        except (OSError, http.client.HTTPException) as error:
            return Outcome(False, f"no answer: {type(error).__name__}: {error}"[:200])
        if 200 <= status < 300 or status == 409:  # 409: the platform already holds an order with this key
            return Outcome(True)
        # Timeouts, rate limits and server faults pass; any other refusal would be refused again.
        return Outcome(False, f"HTTP {status}", retry=status in (408, 425, 429) or status >= 500)

    def updates(self, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
        query = f"?since={quote(cursor)}" if cursor else ""
        status, body = self._request("GET", f"/workorders/updates{query}", None, {})
        if status != 200:
            raise OSError(f"status updates: HTTP {status}")
        data = json.loads(body)
        return list(data.get("updates", [])), data.get("cursor", cursor)

    def forget(self, keys: list[str]) -> None:
        """Nothing stays on this side: what the platform keeps, it keeps under its own retention rules."""

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


EXPORT_KEY_MISMATCH = ("the exported phone number does not open with this key: use the export key the centre "
                       "shared ([platform] export_key on its kiosks)")


def sealed_for_export(payload: dict[str, Any], export_vault: PhoneVault) -> dict[str, Any]:
    """``payload`` as the export folder gets it: ``phone`` replaced by ``phone_sealed`` (text, or None)."""
    phone = payload.get("phone")
    sealed = export_vault.seal(phone).decode("ascii") if phone else None
    return {**{name: value for name, value in payload.items() if name != "phone"}, "phone_sealed": sealed}


def opened_export(data: dict[str, Any], export_vault: PhoneVault) -> dict[str, Any]:
    """An exported order with its number opened again, as the platform reads it."""
    if "phone_sealed" not in data:
        return data  # written before numbers were sealed: its number, if any, is already in it
    sealed = data["phone_sealed"]
    phone = export_vault.open(sealed.encode("ascii"), EXPORT_KEY_MISMATCH) if sealed else None
    return {**{name: value for name, value in data.items() if name != "phone_sealed"}, "phone": phone}


class FolderTransport:
    """Orders as files in ``export_dir`` (numbers sealed with ``export_vault``), status updates from files in
    ``import_dir``."""

    def __init__(self, export_dir: Path, import_dir: Path, export_vault: PhoneVault):
        self.export_dir = export_dir
        self.import_dir = import_dir
        self.export_vault = export_vault

    def deliver(self, key: str, payload: dict[str, Any]) -> Outcome:
        target = self.export_dir / f"{key}.json"
        payload = sealed_for_export(payload, self.export_vault)
        try:
            self.export_dir.mkdir(parents=True, exist_ok=True)
            # 0600 under a temporary name, then renamed: the platform never reads half a file.
            handle, temporary = tempfile.mkstemp(dir=self.export_dir, prefix=".part-", suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(payload, out, ensure_ascii=False, indent=2)
            os.replace(temporary, target)
        except OSError as error:
            return Outcome(False, f"export folder: {error.strerror or error}")
        return Outcome(True)

    def updates(self, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
        found: list[dict[str, Any]] = []
        if not self.import_dir.is_dir():
            return found, cursor
        for path in sorted(self.import_dir.glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                entries = data if isinstance(data, list) else [data]
                if not all(isinstance(e, dict) and "key" in e and "state" in e for e in entries):
                    raise ValueError("expected {\"key\": ..., \"state\": ...} or a list of them")
            except (OSError, ValueError) as error:
                log.warning("import folder: %s set aside: %s", path.name, error)
                rejected = self.import_dir / "rejected"
                rejected.mkdir(exist_ok=True)
                os.replace(path, rejected / path.name)
                continue
            found.extend(entries)
            path.unlink()
        # The platform speaks of these orders, so it has read their files: nothing more to keep here.
        self.forget([str(entry["key"]) for entry in found])
        return found, cursor

    def forget(self, keys: list[str]) -> None:
        """Delete the exported files of these orders (collected by the platform, or past retention)."""
        for key in keys:
            # Keys are a uuid's 32 hex digits; anything else (from an import file) names no file of ours.
            if ORDER_KEY.fullmatch(key):
                (self.export_dir / f"{key}.json").unlink(missing_ok=True)

    def close(self) -> None:
        """Nothing is held open between syncs."""


class Sender:
    """Sends due orders and pulls status updates; safe to run on every kiosk of a centre at once."""

    def __init__(self, desk: WorkOrderDesk, transport: Transport, who: str, clock: Callable[[], datetime],
                 origin: dict[str, str], max_attempts: int = 8, retry_seconds: float = 30.0,
                 retry_max_seconds: float = 3600.0, jitter: Callable[[], float] = random.random):
        self.desk = desk
        self.transport = transport
        self.who = who
        self.clock = clock
        self.origin = origin
        self.max_attempts = max_attempts
        self.retry_seconds = retry_seconds
        self.retry_max_seconds = retry_max_seconds
        self.jitter = jitter

    def backoff(self, failures: int) -> timedelta:
        """The wait after the ``failures``-th failure: doubling from ``retry_seconds``, capped, and between half
        and all of that at random, so kiosks that failed together do not retry together."""
        ceiling = min(self.retry_max_seconds, self.retry_seconds * 2 ** (failures - 1))
        return timedelta(seconds=ceiling * (0.5 + 0.5 * self.jitter()))

    def payload(self, claim: Claim) -> dict[str, Any]:
        """The JSON the platform gets: the order, where it came from, and the phone number in clear."""
        order = claim.order
        phone = self.desk.vault.open(claim.phone_token) if claim.phone_token else None
        return {"key": order.key, "kind": order.kind, "topic": order.topic, "channel": order.channel,
                "urgency": order.urgency, "state": order.state, "created_at": order.created_at.isoformat(),
                "deadline": order.deadline.isoformat(), "phone": phone, "note_code": order.note_code,
                "service": order.service, "counter": order.counter, **self.origin}

    def _deliver(self, claim: Claim) -> Outcome:
        try:
            payload = self.payload(claim)
        except VaultError as error:
            # Another centre's key: no retry can open it; staff see it in the dead letters.
            return Outcome(False, str(error), retry=False)
        return self.transport.deliver(claim.order.key, payload)

    def send_due(self, result: SyncResult) -> None:
        """Deliver every due order, batch by batch, until none is left to claim."""
        store = self.desk.store
        while True:
            now = self.clock()
            claims = store.claim(now, now + timedelta(seconds=LEASE_SECONDS), self.who, BATCH)
            if not claims:
                return
            outcomes = [(claim, self._deliver(claim)) for claim in claims]
            now = self.clock()
            with store.transaction() as tx:
                for claim, outcome in outcomes:
                    if outcome.ok:
                        result.sent += tx.delivered(claim.outbox_id, self.who, now)
                        continue
                    failures = claim.attempts + 1
                    give_up = not outcome.retry or failures >= self.max_attempts
                    retry_at = None if give_up else now + self.backoff(failures)
                    if tx.failed(claim.outbox_id, self.who, outcome.error, retry_at):
                        result.dead += give_up
                        result.failed += not give_up
                        log.warning("work order %s: delivery failed (%s)%s", claim.order.id, outcome.error,
                                    "; set aside for staff" if give_up else "")

    def pull_updates(self, result: SyncResult) -> None:
        """Apply the platform's status updates; an unknown order or an impossible step is logged and skipped."""
        with self.desk.store.transaction(write=False) as tx:
            cursor = tx.meta(CURSOR_KEY)
        updates, cursor_after = self.transport.updates(cursor)
        for update in updates:
            try:
                before = self.desk.get(str(update["key"]))
                after = self.desk.update(before.key, str(update["state"]), self.clock(), "platform")
                result.updated += after.state != before.state
            except WorkOrderError as error:
                log.warning("status update for work order %s skipped: %s", update.get("key"), error.en)
        if cursor_after and cursor_after != cursor:
            with self.desk.store.transaction() as tx:
                tx.set_meta(CURSOR_KEY, cursor_after)

    def sync(self) -> SyncResult:
        """Erase expired numbers (here and in uncollected export files), send what is due, then pull updates.
        A platform that cannot be reached for updates leaves them for the next sync."""
        result = SyncResult()
        try:
            self.transport.forget(self.desk.erase_expired(self.clock()))
            self.send_due(result)
            try:
                self.pull_updates(result)
            except (OSError, http.client.HTTPException, ValueError) as error:
                log.warning("status updates not read this time: %s", error)
        finally:
            self.transport.close()
        return result
