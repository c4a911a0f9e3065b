"""Who says what colour a code is: the health-code service online, or the colour rule offline.

The service answers JSON ``{"code": 0, "data": {"level": "green", ...}}``; its other
fields (name, ID and phone numbers) are dropped unread. Result codes: 0 ok, 111 code
expired, 112 not a code of this province, 116 and 118 no access.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from kiosk.foundation.checks import endpoint_problem
from kiosk.health.decision import mask_name
from kiosk.health.model import GREEN, NO_COLOUR, RED, YELLOW

log = logging.getLogger(__name__)

# How the service's levels may be written.
_LEVELS = {"green": GREEN, "yellow": YELLOW, "red": RED, "绿": GREEN, "绿码": GREEN, "黄": YELLOW,
           "黄码": YELLOW, "红": RED, "红码": RED, "0": GREEN, "1": YELLOW, "2": RED}
_RESULT_CODES = {111: "code_expired", 112: "other_province", 116: "no_access", 118: "no_access"}
MAX_ANSWER_BYTES = 64 * 1024


@dataclass(frozen=True)
class ServiceAnswer:
    """What the service said, reduced to what the decision needs.

    ``colour`` is set when it answered with a level; otherwise ``problem`` says why not
    (code_expired, other_province, no_access, timeout, unreachable, http_error, bad_answer).
    ``reached`` is False when the kiosk should fall back to the colour rule.
    """

    colour: str | None
    problem: str = ""
    reached: bool = True
    masked_name: str = ""


class OnlineVerifier:
    """The centre's authorised health-code service over HTTPS (HTTP only when allowed explicitly)."""

    def __init__(self, endpoint: str, credentials_env: str, timeout: float, allow_http: bool = False):
        problem = endpoint_problem(endpoint, allow_http)
        if problem:
            raise ValueError(problem)
        self.endpoint = endpoint
        self.credentials_env = credentials_env
        self.timeout = timeout

    def ask(self, payload: str) -> ServiceAnswer:
        """POST the scanned text; never raises, never logs the payload or the answer."""
        body = json.dumps({"qrCode": payload}).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        token = os.environ.get(self.credentials_env, "")
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            request = urllib.request.Request(self.endpoint, data=body, method="POST", headers=headers)
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read(MAX_ANSWER_BYTES + 1)
        except urllib.error.HTTPError as error:
            log.warning("health-code service: HTTP %s", error.code)
            return ServiceAnswer(None, "http_error", reached=False)
        except TimeoutError:
            log.warning("health-code service: no answer within %.1f s", self.timeout)
            return ServiceAnswer(None, "timeout", reached=False)
        except (urllib.error.URLError, OSError, ValueError) as error:
            log.warning("health-code service unreachable: %s", type(error).__name__)
            return ServiceAnswer(None, "unreachable", reached=False)
        return parse_answer(raw)


def parse_answer(raw: bytes) -> ServiceAnswer:
    """The service's JSON reduced to a colour or a problem."""
    try:
        answer = json.loads(raw) if len(raw) <= MAX_ANSWER_BYTES else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        answer = None
    if not isinstance(answer, dict) or not isinstance(answer.get("code"), int | str):
        log.warning("health-code service: malformed answer")
        return ServiceAnswer(None, "bad_answer", reached=False)
    try:
        code = int(answer["code"])
    except ValueError:
        return ServiceAnswer(None, "bad_answer", reached=False)
    if code in _RESULT_CODES:
        problem = _RESULT_CODES[code]
        # No access is the kiosk's problem, not the visitor's: fall back to the colour rule.
        return ServiceAnswer(None, problem, reached=problem != "no_access")
    data = answer.get("data")
    level = data.get("level") if isinstance(data, dict) else None
    colour = _LEVELS.get(str(level).strip().lower()) if level is not None else None
    if code != 0 or colour is None:
        log.warning("health-code service: unexpected result code %s", code)
        return ServiceAnswer(None, "bad_answer", reached=False)
    name = data.get("name") if isinstance(data, dict) else None
    return ServiceAnswer(colour, masked_name=mask_name(name) if isinstance(name, str) else "")


def offline_colour_rule(colour: str, green_policy: str) -> tuple[bool, str]:
    """Whether the colour read offline admits, and the reason: only green may, and only
    when the centre lets an offline green through without staff."""
    if colour == GREEN:
        return green_policy == "admit", "green" if green_policy == "admit" else "green_staff_check"
    return False, colour if colour != NO_COLOUR else "no_colour"
