"""python-escpos, imported without its side effect on logging.

``escpos.capabilities`` calls ``logging.basicConfig()`` when imported, which
gives the root logger a stderr handler: every warning and traceback of the
process (kiosk-admin included) would reach the terminal instead of only the
log file. The handlers it added are taken off again at once.
"""

from __future__ import annotations

import logging

_root = logging.getLogger()
_before = list(_root.handlers)

import escpos.escpos  # noqa: E402, F401 - imports escpos.capabilities

for _handler in list(_root.handlers):
    if _handler not in _before:
        _root.removeHandler(_handler)
