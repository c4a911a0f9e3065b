"""The data directory: the SQLite files, logs and caches of one kiosk."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

APP_DIR_NAME = "legal-kiosk"


class DataDirError(Exception):
    """The data directory cannot be created or written."""


def default_data_dir(demo: bool = False) -> Path:
    """A per-user folder following the XDG convention."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / (APP_DIR_NAME + "-demo" if demo else APP_DIR_NAME)


def resolve_data_dir(cli_value: Path | None, configured: Path | None, demo: bool = False) -> Path:
    """``--data-dir`` first, then config.ini, then the per-user default."""
    return (cli_value or configured or default_data_dir(demo)).expanduser().resolve()


def prepare_data_dir(path: Path) -> Path:
    """Create the folder and its ``logs`` on first run and check it can be written."""
    try:
        (path / "logs").mkdir(parents=True, exist_ok=True)
        # A name of its own: several processes start on one folder at once, and a shared probe
        # name let one process delete another's probe and report a healthy folder as broken.
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-check-"):
            pass
    except OSError as error:
        raise DataDirError(f"{path}: cannot create or write the data folder ({error.strerror})") from None
    return path


def create_once(path: Path, content: bytes, prefix: str) -> bool:
    """Create ``path`` (mode 0600) holding ``content`` unless it exists; True when this process made it.

    The content goes to a scratch file first and is hard-linked into place, so when several
    processes start together on one folder exactly one file appears, whole, and all use it.
    Raises OSError when the folder cannot be written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=prefix)
    try:
        try:
            os.fchmod(handle, 0o600)
            os.write(handle, content)
            os.fsync(handle)
        finally:
            os.close(handle)
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False  # another process won the race; its file is the one every process uses
        return True
    finally:
        os.unlink(temporary)
