"""The phone number at rest: Fernet (AES-128-CBC with HMAC-SHA256) under a key file beside the ticket secret.

The key file is created on first use, mode 0600, through a temporary file and
a hard link, so two processes starting together on one folder end with the
same complete key (the loser of the race reads the winner's file). Every
kiosk and counter of a centre that shares a store must share this file too,
exactly as they share the ticket secret.
"""

from __future__ import annotations

import base64
import binascii
import logging
import stat
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.foundation.datadir import create_once
from kiosk.printing.signing import secret_path

if TYPE_CHECKING:
    from cryptography.fernet import Fernet

log = logging.getLogger(__name__)

KEY_FILE_NAME = "workorder-phone.key"
# The key the export folder's files are sealed with: the centre gives a copy to the platform that reads them.
EXPORT_KEY_FILE_NAME = "platform-export.key"


class VaultError(Exception):
    """The key file cannot be read or created, or a ciphertext does not open with it."""


def key_path(secret_file: Path | None, data_dir: Path) -> Path:
    """The key file's place: the folder of the ticket secret (``[tickets] secret_file`` or the data folder)."""
    return secret_path(secret_file, data_dir).parent / KEY_FILE_NAME


def export_key_path(configured: Path | None, secret_file: Path | None, data_dir: Path) -> Path:
    """``[platform] export_key``, else ``platform-export.key`` beside the ticket secret."""
    return configured or secret_path(secret_file, data_dir).parent / EXPORT_KEY_FILE_NAME


def load_or_create_key(path: Path) -> bytes:
    """The Fernet key at ``path``, created (0600) if there is none yet."""
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    from cryptography.fernet import Fernet

    try:
        if create_once(path, Fernet.generate_key() + b"\n", ".workorder-key-"):
            log.info("created the work-order phone key %s", path)
    except OSError as error:
        raise VaultError(f"work-order key {path}: cannot create it ({error.strerror or error})") from None
    return _read_key(path)


def read_key(path: Path) -> bytes:
    """The Fernet key at ``path``, which must exist (a reader never makes a key of its own)."""
    try:
        return _read_key(path)
    except FileNotFoundError:
        raise VaultError(f"key {path}: no such file") from None


def _read_key(path: Path) -> bytes:
    try:
        raw = path.read_bytes().strip()
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise
    except OSError as error:
        raise VaultError(f"work-order key {path}: cannot read it ({error.strerror or error})") from None
    if stat.S_IMODE(mode) & 0o077:
        raise VaultError(f"work-order key {path}: readable by others (mode {stat.S_IMODE(mode):o}); "
                         "run chmod 600 on it")
    if not _is_fernet_key(raw):
        raise VaultError(f"work-order key {path}: not a Fernet key; restore the centre's key file")
    return raw


def _is_fernet_key(raw: bytes) -> bool:
    """What ``Fernet(raw)`` accepts (32 bytes, URL-safe base64), checked without importing cryptography at start."""
    try:
        return len(base64.urlsafe_b64decode(raw)) == 32
    except (binascii.Error, ValueError):
        return False


class PhoneVault:
    """Encrypts and decrypts phone numbers; the clear number exists only in memory, never in a log."""

    def __init__(self, key: bytes):
        self._key = key

    @cached_property
    def _fernet(self) -> Fernet:
        # cryptography (some 10 MB) is imported with the first number sealed or opened, not at start.
        from cryptography.fernet import Fernet

        return Fernet(self._key)

    @classmethod
    def at(cls, path: Path) -> PhoneVault:
        return cls(load_or_create_key(path))

    def seal(self, digits: str) -> bytes:
        return self._fernet.encrypt(digits.encode("ascii"))

    def open(self, token: bytes, mismatch: str = "a stored phone number does not open with this key file: the "
             "kiosks of this centre must share one work-order key") -> str:
        """The number sealed in ``token``; VaultError(``mismatch``) when this key does not fit."""
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet.decrypt(bytes(token)).decode("ascii")
        except InvalidToken:
            raise VaultError(mismatch) from None
