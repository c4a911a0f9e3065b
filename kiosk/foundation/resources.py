"""Where the kiosk's files live, wherever it was installed from.

In a source checkout ``kiosk.kv``, ``config.ini`` and ``assets/`` sit beside the
package; an installed copy carries them in ``kiosk/_resources`` (setup.py).
Nothing is resolved from the working directory.
"""

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # kiosk/, two levels above foundation/resources.py


@cache
def resource_root() -> Path:
    """The folder that holds kiosk.kv, config.ini and assets/."""
    installed = PACKAGE_DIR / "_resources"
    if (installed / "kiosk.kv").is_file():
        return installed
    checkout = PACKAGE_DIR.parent
    if (checkout / "kiosk.kv").is_file():
        return checkout
    raise FileNotFoundError(f"kiosk.kv not found in {installed} or {checkout}")


def shipped_config() -> Path:
    return resource_root() / "config.ini"


def kv_file() -> Path:
    return resource_root() / "kiosk.kv"


def asset(*parts: str) -> Path:
    """A file under assets/, e.g. ``asset("i18n", "en.json")``."""
    return resource_root().joinpath("assets", *parts)


def shared_laws_folder() -> Path:
    """The statute corpus a source checkout may have beside it (``../shared/data/laws``); the demo imports
    the statutes its answers cite from there. An installed kiosk has none."""
    return PACKAGE_DIR.parent.parent / "shared" / "data" / "laws"
