"""Checks that config.ini's parsers share with the cores that use the values: staff-set URL patterns and
the addresses scanned codes may be sent to. Here, so that config does not import the health check."""

from __future__ import annotations

import urllib.parse
from typing import Any

import re2

_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # a refused pattern is reported to staff, not printed by the library


def compile_url_pattern(pattern: str) -> Any:
    """A staff-set pattern in RE2, whose matching time grows linearly with the payload: Python's
    backtracking engine took 20 s on ``^(a|aa)+$`` against one crafted code. Raises ValueError
    for a pattern RE2 cannot run (backreferences, lookaround)."""
    try:
        return re2.compile(pattern, _RE2_OPTIONS)
    except re2.error as error:
        problem = error.args[0].decode("utf-8", "replace") if error.args and isinstance(error.args[0], bytes) \
            else str(error)
        raise ValueError(f"{pattern!r} is not an RE2 pattern ({problem}); backreferences and lookaround "
                         "are not allowed") from None


def endpoint_problem(endpoint: str, allow_http: bool) -> str:
    """Why ``endpoint`` may not receive scanned codes, or "": https only, http:// only when
    ``allow_http`` (a test service on the kiosk itself), nothing else."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme == "https" and parts.hostname:
        return ""
    if parts.scheme == "http" and parts.hostname and allow_http:
        return ""
    if parts.scheme == "http" and parts.hostname:
        return f"expected an https:// address, got {endpoint!r} (an http:// one only with allow_http = yes)"
    return f"expected an https:// address, got {endpoint!r}"
