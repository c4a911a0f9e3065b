"""The health check's end: the decision with mask and temperature added, staff's override, the record."""

from __future__ import annotations

from datetime import datetime

from kiosk.foundation.config import HealthCheckSettings
from kiosk.health.check import HealthCheck
from kiosk.health.decision import Decision, decide
from kiosk.health.model import NO_CODE
from kiosk.health.temperature import Reading, thermometer_from_settings
from kiosk.visitor import DEVICE, HEALTH, runs_on

# A serial thermometer answers within this or not at all.
SERIAL_TIMEOUT_SECONDS = 8


@runs_on(HEALTH)
def finish_health_check(health: HealthCheck, code: Decision, reading: Reading, mask_confirmed: bool,
                        now: datetime) -> Decision:
    """The code's decision with the mask and temperature added; recorded once, without personal data."""
    decision = health.complete(code, reading, mask_confirmed)
    health.record(decision, now)
    return decision


@runs_on(HEALTH)
def record_outcome(health: HealthCheck, decision: Decision, now: datetime) -> None:
    """A refusal at the camera, recorded (an admission is recorded once the mask and temperature are added)."""
    health.record(decision, now)


@runs_on(HEALTH)
def staff_admit(health: HealthCheck, refused: Decision | None, staff_id: str, now: datetime) -> Decision:
    """Staff looked at the visitor's code themselves and let them through; without a camera
    (``refused`` None) the check is the member of staff's own look."""
    return health.override(refused or decide("no_code", NO_CODE), staff_id, now)


@runs_on(DEVICE)
def read_temperature(settings: HealthCheckSettings) -> Reading:
    """One reading of the configured thermometer (a serial one may take its full timeout)."""
    return thermometer_from_settings(settings).read(SERIAL_TIMEOUT_SECONDS)
