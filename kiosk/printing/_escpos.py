"""python-escpos, imported without its side effect on logging, and the one module that uses its private parts.

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

from escpos.escpos import Escpos  # noqa: E402 - after the handlers are restored
from serial import SerialBase  # noqa: E402

# python-escpos has no public call for what follows: this is the one module that uses its private parts.


def send_raw(printer: Escpos, data: bytes) -> None:
    """Bytes to the printer exactly as given (ESC/POS commands of our own, text in the printer's encoding)."""
    printer._raw(data)


def can_read(printer: Escpos) -> bool:
    """Whether the connection reads answers: the base class's ``_read`` cannot (device files), and python-escpos
    would only find out after sending a query."""
    return type(printer)._read is not Escpos._read


def read_answer(printer: Escpos) -> bytes:
    """The printer's answer to a status query. python-escpos reads 16 bytes from a serial port, which waits out
    the whole timeout for the printer's 1-byte answer: read just that byte there."""
    connection = connection_of(printer)
    return connection.read(1) if isinstance(connection, SerialBase) else printer._read()


def connection_of(printer: Escpos) -> object | None:
    """The socket, serial port or USB handle under the printer, once it is open."""
    return getattr(printer, "_device", None)
