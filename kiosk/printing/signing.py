"""The ticket QR: a compact payload signed with HMAC-SHA256.

``PLK2.<ticket id>.<YYYYMMDD>.<number>.<priority>.<nonce>.<signature>``, where
the signature is the first 16 bytes of HMAC-SHA256 over everything before it, in
unpadded base64url. 128 bits are far beyond guessing at a counter, and keep the
code small enough to scan from a crumpled ticket. The nonce is the ticket's own
random one from the queue store, so that two data folders sharing a secret, or a
store restored from a backup, never print the same QR for their own A001; a
signature alone cannot tell those apart, so ``kiosk-admin ticket verify`` also
asks the store (:mod:`kiosk.admin.verify_command`).

The secret is created on first use as a 0600 file (32 random bytes, hex) in
the data directory or where ``[tickets] secret_file`` says, so every kiosk and
counter terminal of a centre can share one. It never enters the repository.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
import stat
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from kiosk.foundation.config import read_limited
from kiosk.foundation.datadir import create_once

if TYPE_CHECKING:
    from kiosk.foundation.runtime import Runtime

log = logging.getLogger(__name__)

PREFIX = "PLK2"
OLD_PREFIX = "PLK1"  # before nonces: such a QR cannot be told from a replay
SIGNATURE_BYTES = 16
SECRET_BYTES = 32
SECRET_FILE_NAME = "ticket-secret.key"
SECRET_FILE_LIMIT = 4096
PRIORITIES = ("frontline", "elderly", "disabled", "pregnant", "appointment")
NO_PRIORITY = "-"
NO_NONCE = "-"

_NUMBER = re.compile(r"[A-Z][0-9]{1,5}")
_TICKET_ID = re.compile(r"[0-9]{1,12}")
_NONCE = re.compile(r"[A-Za-z0-9_-]{1,32}")


class SecretError(Exception):
    """The signing secret cannot be read or created; the message says where and why."""


@dataclass(frozen=True)
class SignedTicket:
    """What a ticket QR vouches for."""

    ticket_id: int
    day: date
    number: str
    priority: str | None = None
    nonce: str = ""


# Reasons a payload is refused; the keys of REASONS.
MALFORMED, BAD_SIGNATURE, STALE, NOT_YET_VALID = "malformed", "bad_signature", "stale", "not_yet_valid"
OLD_FORMAT = "old_format"
# Reasons found in the queue store, after the signature and date passed.
NOT_ISSUED_HERE, CANCELLED, SERVED, NO_SHOW = "not_issued_here", "cancelled", "served", "no_show"

REASONS = {
    "valid": ("号票有效。", "The ticket is valid."),
    MALFORMED: ("这不是本中心的号票二维码。", "This is not a ticket QR code of this centre."),
    BAD_SIGNATURE: ("号票二维码校验失败（内容被改动或伪造）。",
                    "The ticket QR code fails its check (changed or forged)."),
    STALE: ("这是往日的号票，今天不能使用。", "This ticket is from an earlier day and is not valid today."),
    NOT_YET_VALID: ("号票日期晚于今天，不能使用。", "This ticket is dated after today and is not valid yet."),
    OLD_FORMAT: ("这是旧版软件打印的号票，无法核验，请工作人员按号码核对。",
                 "This ticket was printed by older software and cannot be checked; staff check it by its number."),
    NOT_ISSUED_HERE: ("本中心的记录中没有这张号票（可能来自共用密钥的其他数据目录，或恢复备份之前）。",
                      "This centre's records hold no such ticket (it may come from another data folder sharing "
                      "the secret, or from before a restore)."),
    CANCELLED: ("这张号票已取消。", "This ticket was cancelled."),
    SERVED: ("这张号票已办理完毕，不能再次使用。", "This ticket has already been served and cannot be used again."),
    NO_SHOW: ("这张号票叫号时未到，已作废，请重新取号。",
              "This ticket was called and nobody came; it is void. Please take a new number."),
}


@dataclass(frozen=True)
class Verification:
    """The answer to "is this a real ticket of today?": a value, never an exception."""

    valid: bool
    reason: str
    ticket: SignedTicket | None = None

    def message(self, language: str = "zh_CN") -> str:
        return REASONS[self.reason][1 if language == "en" else 0]


def secret_path(configured: Path | None, data_dir: Path) -> Path:
    """Where the secret lives: ``[tickets] secret_file`` or the data directory."""
    return configured if configured else data_dir / SECRET_FILE_NAME


def load_or_create_secret(path: Path) -> bytes:
    """The secret at ``path``, created (mode 0600) if there is none yet.

    Creation goes through a temporary file and a hard link, so two kiosks
    starting together on a shared folder end up with the same, complete secret.
    """
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    try:
        if create_once(path, secrets.token_hex(SECRET_BYTES).encode("ascii") + b"\n", ".ticket-secret-"):
            log.info("created the ticket signing secret %s", path)
    except OSError as error:
        raise SecretError(f"ticket secret {path}: cannot create it ({error.strerror or error})") from None
    return _read_secret(path)


def _read_secret(path: Path) -> bytes:
    try:
        # A few bytes at most: ``secret_file = /dev/zero`` must not read forever.
        raw = read_limited(path, SECRET_FILE_LIMIT).strip()
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise
    except OSError as error:
        raise SecretError(f"ticket secret {path}: cannot read it ({error.strerror or error})") from None
    except ValueError as error:
        raise SecretError(f"ticket secret {path}: {error}") from None
    try:
        secret = bytes.fromhex(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise SecretError(f"ticket secret {path}: expected {SECRET_BYTES * 2} hexadecimal digits") from None
    if len(secret) < 16:
        raise SecretError(f"ticket secret {path}: expected at least 32 hexadecimal digits, found {len(raw)}")
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("ticket secret %s is readable by others (mode %o); chmod 600 it", path, stat.S_IMODE(mode))
    return secret


class TicketSigner:
    """Signs ticket QR payloads and checks them, in the centre's time zone."""

    def __init__(self, secret: bytes, timezone: str = "Asia/Shanghai"):
        if len(secret) < 16:
            raise ValueError("the signing secret must be at least 16 bytes")
        self._secret = secret
        self._zone = ZoneInfo(timezone)

    @classmethod
    def for_runtime(cls, runtime: Runtime) -> TicketSigner:
        """The signer of this installation, creating its secret on first use."""
        settings = runtime.settings
        path = secret_path(settings.tickets.secret_file, runtime.data_dir)
        return cls(load_or_create_secret(path), settings.centre.timezone)

    def sign(self, ticket: SignedTicket) -> str:
        """The QR payload of ``ticket``."""
        if not _NUMBER.fullmatch(ticket.number):
            raise ValueError(f"expected a ticket number such as A023, got {ticket.number!r}")
        if ticket.priority is not None and ticket.priority not in PRIORITIES:
            raise ValueError(f"expected a priority kind, got {ticket.priority!r}")
        if not 0 <= ticket.ticket_id < 10**12:
            raise ValueError(f"expected a ticket id from 0 to 10^12, got {ticket.ticket_id}")
        if ticket.nonce and (ticket.nonce == NO_NONCE or not _NONCE.fullmatch(ticket.nonce)):
            raise ValueError(f"expected a nonce of URL-safe characters, got {ticket.nonce!r}")
        body = ".".join(
            (PREFIX, str(ticket.ticket_id), ticket.day.strftime("%Y%m%d"), ticket.number,
             ticket.priority or NO_PRIORITY, ticket.nonce or NO_NONCE)
        )
        return f"{body}.{self._signature(body)}"

    def verify(self, payload: str, now: datetime) -> Verification:
        """Accept a real ticket of today; refuse a changed, forged or stale one with the reason."""
        body, _, signature = payload.strip().rpartition(".")
        if body.startswith(OLD_PREFIX + "."):
            return Verification(False, OLD_FORMAT)
        ticket = _parse(body)
        if ticket is None or not signature:
            return Verification(False, MALFORMED)
        if not hmac.compare_digest(signature.encode("ascii", "replace"), self._signature(body).encode("ascii")):
            return Verification(False, BAD_SIGNATURE)
        today = now.astimezone(self._zone).date()
        if ticket.day < today:
            return Verification(False, STALE, ticket)
        if ticket.day > today:
            return Verification(False, NOT_YET_VALID, ticket)
        return Verification(True, "valid", ticket)

    def _signature(self, body: str) -> str:
        digest = hmac.new(self._secret, body.encode("utf-8"), hashlib.sha256).digest()[:SIGNATURE_BYTES]
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _parse(body: str) -> SignedTicket | None:
    parts = body.split(".")
    if len(parts) != 6 or parts[0] != PREFIX:
        return None
    _, ticket_id, day, number, priority, nonce = parts
    if not _TICKET_ID.fullmatch(ticket_id) or not _NUMBER.fullmatch(number) or not _NONCE.fullmatch(nonce):
        return None
    if priority != NO_PRIORITY and priority not in PRIORITIES:
        return None
    try:
        parsed_day = datetime.strptime(day, "%Y%m%d").date()
    except ValueError:
        return None
    return SignedTicket(int(ticket_id), parsed_day, number, None if priority == NO_PRIORITY else priority,
                        "" if nonce == NO_NONCE else nonce)

