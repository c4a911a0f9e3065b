"""The queue suite's clock and settings helpers, loaded from its conftest so both suites describe the same Monday."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("queue_suite_conftest",
                                               Path(__file__).resolve().parent.parent / "queue" / "conftest.py")
_queue = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_queue)

ZONE, moment, settings_with = _queue.ZONE, _queue.moment, _queue.settings_with
