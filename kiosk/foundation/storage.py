"""What every store may raise, whichever core it belongs to and whichever backend it runs on.

Kept free of psycopg and sqlite so that any layer can catch these without loading a driver.
"""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot be used (a newer schema, a damaged file, an unreadable URL ...)."""


class StoreInUse(StoreError):
    """The store is open in another process, so it cannot be replaced now."""


class StoreUnavailable(StoreError):
    """The server cannot be reached now; nothing was changed, and the same call may be tried again."""

    message = "取号暂停，正在重新连接服务器，请稍候。"
    message_en = "Taking numbers is paused while the kiosk reconnects to the server. Please wait a moment."


class OutcomeUnknown(StoreUnavailable):
    """The link broke during COMMIT and the server stayed away: the change may have been kept.

    Retry issuing only with the same request id, which finds the ticket if it was kept.
    """
