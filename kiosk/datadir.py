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
