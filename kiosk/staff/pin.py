"""The staff PIN: kept only as a salted scrypt hash, and a pad that locks after wrong tries."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.foundation.config import StaffSettings

# scrypt cost: about 50 ms a try here, slow enough to make guessing a stolen hash expensive.
SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_LENGTH = 2**14, 8, 1, 32
# ASCII digits only: the pad types nothing else, and "١٢٣٤٥٦" would be a PIN nobody can enter.
PIN_PATTERN = re.compile(r"[0-9]{6,12}")


def weak_pin(pin: str) -> bool:
    """A PIN anyone would try first: one digit repeated (000000), a run up or down (123456, 987654),
    or a short group repeated (121212, 123123)."""
    steps = {(int(b) - int(a)) % 10 for a, b in pairwise(pin)}
    if len(steps) == 1 and steps <= {0, 1, 9}:
        return True
    return any(len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size) for size in (2, 3))


class PinFormatError(ValueError):
    """A PIN that may not be set (too short, not digits) or a stored hash that is not ours."""


def hash_pin(pin: str) -> str:
    """``scrypt$N$r$p$salt$key`` with a fresh random salt."""
    if not PIN_PATTERN.fullmatch(pin):
        raise PinFormatError("a staff PIN is 6 to 12 digits 0-9")
    if weak_pin(pin):
        raise PinFormatError("a staff PIN may not be a run or repeat such as 000000, 123456 or 121212; "
                             "choose digits that are hard to guess")
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=KEY_LENGTH)
    return "$".join(("scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(key)))


def pin_matches(pin: str, stored: str) -> bool:
    """Whether ``pin`` is the one ``stored`` was made from (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            raise ValueError(scheme)
        expected = base64.b64decode(key, validate=True)
        actual = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt, validate=True), n=int(n), r=int(r),
                                p=int(p), dklen=len(expected))
    except ValueError:
        raise PinFormatError("[staff] pin_hash is not a hash made by `kiosk-admin pin set`") from None
    return hmac.compare_digest(actual, expected)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


@dataclass(frozen=True)
class PinAttempt:
    accepted: bool
    attempts_left: int
    locked_until: datetime | None = None
    not_set: bool = False

    def refusal(self) -> tuple[str, dict[str, Any]]:
        """What the pad tells staff after a refused try: a message key and its fields."""
        if self.not_set:
            return "staff.pin_not_set", {}
        if self.locked_until:
            return "staff.pin_locked", {"time": f"{self.locked_until:%H:%M}"}
        return "staff.pin_wrong", {"left": self.attempts_left}


class PinGuard:
    """Checks PINs typed on the pad; after ``allowed`` wrong tries it refuses every try for a while."""

    def __init__(self, stored_hash: str, allowed: int = 5, lockout: timedelta = timedelta(minutes=5)):
        self.stored_hash = stored_hash
        self.allowed = allowed
        self.lockout = lockout
        self._wrong = 0
        self._locked_until: datetime | None = None

    @classmethod
    def for_staff(cls, staff: StaffSettings) -> PinGuard:
        """The guard config.ini's [staff] section describes."""
        return cls(staff.pin_hash, staff.lockout_attempts, timedelta(minutes=staff.lockout_minutes))

    def try_pin(self, pin: str, now: datetime) -> PinAttempt:
        if not self.stored_hash:
            return PinAttempt(False, self.allowed, not_set=True)
        if self._locked_until and now < self._locked_until:
            return PinAttempt(False, 0, self._locked_until)
        if self._locked_until:
            self._locked_until, self._wrong = None, 0
        if pin_matches(pin, self.stored_hash):
            self._wrong = 0
            return PinAttempt(True, self.allowed)
        self._wrong += 1
        if self._wrong >= self.allowed:
            self._locked_until = now + self.lockout
            return PinAttempt(False, 0, self._locked_until)
        return PinAttempt(False, self.allowed - self._wrong)
