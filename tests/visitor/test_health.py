"""The health check's end: the decision with mask and temperature, recorded once; staff's override."""

from __future__ import annotations

import dataclasses

import pytest
from queue_helpers import moment

from kiosk.health.check import HealthCheck
from kiosk.health.decision import decide
from kiosk.health.model import GREEN, NO_CODE
from kiosk.health.store import SqliteOutcomeStore
from kiosk.health.temperature import DOOR, OK, Reading
from kiosk.visitor import DEVICE, HEALTH, health

NOW = moment("09:30")


@pytest.fixture
def check(runtime) -> HealthCheck:
    settings = dataclasses.replace(runtime.settings, health_check=dataclasses.replace(
        runtime.settings.health_check, mask="confirm", temperature_threshold=37.3))
    return HealthCheck(settings, SqliteOutcomeStore(runtime.queue_db_path))


def green():
    return decide("green", "province", GREEN)


def test_a_green_code_with_a_mask_and_a_normal_temperature_is_admitted_and_recorded(check):
    decision = health.finish_health_check(check, green(), Reading(OK, 36.5), True, NOW)
    assert decision.admitted
    assert [(o.decision, o.reason) for o in check.store.outcomes()] == [("admit", "green")]


@pytest.mark.parametrize(("reading", "mask", "reason"), [
    (Reading(OK, 38.0), True, "temperature_high"),
    (Reading("unavailable"), True, "temperature_unavailable"),
    (Reading(DOOR), False, "mask_not_confirmed"),
])
def test_the_temperature_or_the_mask_can_still_refuse(check, reading, mask, reason):
    decision = health.finish_health_check(check, green(), reading, mask, NOW)
    assert not decision.admitted and decision.reason == reason
    assert [o.reason for o in check.store.outcomes()] == [reason]


def test_staff_admit_a_refused_visitor_or_one_without_a_camera(check):
    refused = decide("yellow", "province", "yellow")
    admitted = health.staff_admit(check, refused, "staff-pin", NOW)
    assert admitted.admitted and admitted.staff_id == "staff-pin"
    no_camera = health.staff_admit(check, None, "staff-pin", NOW)
    assert no_camera.admitted and no_camera.kind == NO_CODE
    assert [o.overridden_reason for o in check.store.overrides()] == ["yellow", "no_code"]


def test_a_refusal_at_the_camera_is_recorded(check):
    health.record_outcome(check, decide("red", "province", "red"), NOW)
    assert [o.reason for o in check.store.outcomes()] == ["red"]


def test_the_thermometer_is_read_on_a_device_worker_of_its_own(runtime):
    assert health.read_temperature.runs_on == DEVICE
    assert health.finish_health_check.runs_on == HEALTH
    assert health.read_temperature(runtime.settings.health_check) == Reading(DOOR)
