"""What every command needs first: checked settings and a ready data directory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.foundation.config import Settings, load_settings
from kiosk.foundation.datadir import prepare_data_dir, resolve_data_dir


def names_server(url: str) -> bool:
    """Whether a database URL (``[database] url``, or a command's URL argument) names a PostgreSQL server."""
    return url.startswith("postgres")


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    data_dir: Path
    demo: bool = False

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def uses_server(self) -> bool:
        """The queue, outcomes and work orders live on the centre's PostgreSQL server, not the SQLite file."""
        return names_server(self.settings.database.url)

    @property
    def queue_db_path(self) -> Path:
        """The embedded queue store, used when ``[database] url`` names no server."""
        url = self.settings.database.url
        if url.startswith("sqlite:///"):
            return Path(url.removeprefix("sqlite:///")).expanduser()
        return self.data_dir / "kiosk.db"

    @property
    def knowledge_base_path(self) -> Path:
        return self.settings.database.knowledge_base or self.data_dir / "legal.db"


def open_runtime(config_path: Path | None, data_dir: Path | None, demo: bool = False) -> Runtime:
    """Load settings and prepare the data directory.

    Raises ConfigError or DataDirError with a one-line message for the user.
    """
    settings = load_settings(config_path)
    folder = resolve_data_dir(data_dir, settings.paths.data_dir, demo)
    return Runtime(settings=settings, data_dir=prepare_data_dir(folder), demo=demo)
