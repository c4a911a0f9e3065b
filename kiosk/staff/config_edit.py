"""Changing one key of a config.ini in place, keeping its comments and layout."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

# A config.ini holding a staff PIN hash is written readable by its owner only.
PIN_HASH_LINE = re.compile(r"\s*pin_hash\s*=\s*\S")


def set_config_value(path: Path, section: str, key: str, value: str) -> None:
    """Write ``key = value`` into ``[section]``, adding the key or section if missing."""
    set_config_values(path, section, {key: value})


def set_config_values(path: Path, section: str, values: dict[str, str]) -> None:
    """Write each ``key = value`` into ``[section]`` in one atomic replacement of the file: a reader sees
    all of them or none (a figure never without its date)."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    for key, value in values.items():
        _set_line(lines, section, key, value)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".config-")  # 0600 from the start
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
        out.flush()
        os.fsync(out.fileno())  # the new file is whole on disk before it takes the old one's name
    if path.exists():
        mode = path.stat().st_mode & 0o777
        if any(PIN_HASH_LINE.match(line) for line in lines):
            mode &= 0o700  # the PIN hash is for this account's eyes only
        os.chmod(temporary, mode)
    os.replace(temporary, path)


def _set_line(lines: list[str], section: str, key: str, value: str) -> None:
    start = next((i for i, line in enumerate(lines) if line.strip() == f"[{section}]"), None)
    if start is None:
        lines += ["", f"[{section}]", f"{key} = {value}"]
        return
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"\s*\[", lines[i])), len(lines))
    pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
    found = next((i for i in range(start + 1, end) if pattern.match(lines[i])), None)
    if found is None:
        insert_at = end
        while insert_at > start + 1 and not lines[insert_at - 1].strip():
            insert_at -= 1
        lines.insert(insert_at, f"{key} = {value}")
    else:
        lines[found] = f"{key} = {value}"
