"""The audit as staff read it: only what a change changed."""

from __future__ import annotations

import json

from kiosk.queue.model import AuditEntry


def describe_change(entry: AuditEntry) -> str:
    """``daily_capacity: 60 → 75`` for a changed record, ``old → new`` for a value, the detail for an action."""
    old, new = _load(entry.old), _load(entry.new)
    if isinstance(old, dict) and isinstance(new, dict):
        return ", ".join(f"{key}: {_text(old.get(key))} → {_text(new.get(key))}"
                         for key in new if old.get(key) != new.get(key))
    if isinstance(new, dict):
        return ", ".join(f"{key}: {_text(value)}" for key, value in new.items())
    if old is None:
        return _text(new) if new is not None else ""
    return f"{_text(old)} → {_text(new)}"


def _load(text: str | None) -> object:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _text(value: object) -> str:
    if isinstance(value, list):
        return "、".join(str(item) for item in value) or "—"
    return "—" if value is None else str(value)
