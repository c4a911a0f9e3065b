"""Decisions, temperature and mask, staff override, and the outcome store."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from kiosk.demo.phone_screen import sample_health_url
from kiosk.foundation.config import Settings
from kiosk.health.check import HealthCheck, Sighting
from kiosk.health.colour import ColourReading
from kiosk.health.decision import CHANNELS, REASONS, REMOTE_CHANNELS, decide, mask_name
from kiosk.health.decoder import Detection
from kiosk.health.model import ADMIT, DECISIONS, EU_DCC, HEALTH_CODE_URL, NOT_HEALTH_CODE, REFER, REFUSE
from kiosk.health.store import Outcome, SqliteOutcomeStore, count
from kiosk.health.temperature import DOOR, NONSENSE, OK, UNAVAILABLE, Reading

NOW = datetime(2026, 3, 2, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def seen(colour: str, kind: str = HEALTH_CODE_URL, text: str = sample_health_url()) -> Sighting:
    return Sighting(Detection(text.encode(), np.zeros((4, 2), np.float32), "pyzbar"), kind,
                    ColourReading(colour, 0.9))


def with_green(settings: Settings, green: str) -> Settings:
    return dataclasses.replace(settings, health_check=dataclasses.replace(settings.health_check, green=green))


@pytest.mark.parametrize(("colour", "green", "decision", "reason"), [
    ("green", "admit", ADMIT, "green"),
    ("green", "staff", REFER, "green_staff_check"),
    ("yellow", "admit", REFER, "yellow"),
    ("red", "admit", REFER, "red"),
    ("none", "admit", REFER, "no_colour"),
])
def test_offline_colour_rule(settings, colour, green, decision, reason) -> None:
    result = HealthCheck(with_green(settings, green)).assess(seen(colour), NOW)
    assert (result.decision, result.reason, result.source) == (decision, reason, "offline")
    assert result.channels == (() if decision == ADMIT else REMOTE_CHANNELS)


def test_unreadable_and_other_codes_go_to_staff(settings) -> None:
    check = HealthCheck(settings)
    assert check.assess(None, NOW).reason == "no_code"
    assert check.assess(seen("green", NOT_HEALTH_CODE), NOW).decision == REFER
    eu = check.assess(seen("none", EU_DCC, "HC1:ABC"), NOW)
    assert (eu.decision, eu.reason) == (REFER, "eu_not_accepted")


@pytest.mark.parametrize(("reading", "mask", "decision", "reason"), [
    (Reading(DOOR), True, ADMIT, "green"),
    (Reading(OK, 36.5), True, ADMIT, "green"),
    (Reading(OK, 37.3), True, REFER, "temperature_high"),
    (Reading(UNAVAILABLE), True, REFER, "temperature_unavailable"),
    (Reading(NONSENSE), True, REFER, "temperature_unavailable"),
    (Reading(OK, 36.5), False, REFUSE, "mask_not_confirmed"),
])
def test_temperature_and_mask(settings, reading, mask, decision, reason) -> None:
    check = HealthCheck(settings)
    result = check.complete(check.assess(seen("green"), NOW), reading, mask)
    assert (result.decision, result.reason) == (decision, reason)


def test_mask_policy_none_and_code_reason_wins(settings) -> None:
    relaxed = dataclasses.replace(settings, health_check=dataclasses.replace(settings.health_check, mask="none"))
    check = HealthCheck(relaxed)
    assert check.complete(check.assess(seen("green"), NOW), Reading(DOOR), False).decision == ADMIT
    yellow = check.assess(seen("yellow"), NOW)
    assert check.complete(yellow, Reading(OK, 39.0), False).reason == "yellow"


def test_every_reason_has_both_languages_and_a_known_decision() -> None:
    for reason, (decision, zh, en) in REASONS.items():
        assert decision in DECISIONS
        assert zh and en and zh != en, reason
        assert decide(reason, HEALTH_CODE_URL).message_en == en
    for zh, en in CHANNELS.values():
        assert zh and en
    assert set(REMOTE_CHANNELS) <= set(CHANNELS)


def test_masked_names() -> None:
    assert [mask_name(n) for n in ("张三", "张小三", "欧阳小明", "李", "", " 王五 ")] == [
        "张*", "张*三", "欧**明", "*", "", "王*"]


def test_override_is_audited_and_stored(settings, tmp_path: Path) -> None:
    store = SqliteOutcomeStore(tmp_path / "kiosk.db")
    check = HealthCheck(settings, store)
    referred = check.assess(seen("yellow"), NOW)
    check.record(referred, NOW)
    admitted = check.override(referred, "staff-03", NOW + timedelta(minutes=1))
    assert (admitted.decision, admitted.reason, admitted.staff_id) == (ADMIT, "staff_override", "staff-03")
    with pytest.raises(ValueError, match="expected"):
        check.override(referred, "", NOW)
    outcomes = store.outcomes()
    assert [(o.decision, o.reason) for o in outcomes] == [(REFER, "yellow"), (ADMIT, "staff_override")]
    assert outcomes[0].at == NOW and outcomes[0].kiosk_id == "kiosk-1"
    [audit] = store.overrides()
    assert (audit.staff_id, audit.overridden_decision, audit.overridden_reason) == ("staff-03", REFER, "yellow")
    assert count(outcomes)[(REFER, "yellow")] == 1
    assert store.outcomes(since=NOW + timedelta(seconds=30)) == outcomes[1:]
    assert store.outcomes(until=NOW + timedelta(seconds=30)) == outcomes[:1]


def test_store_has_only_the_allowed_columns(tmp_path: Path) -> None:
    SqliteOutcomeStore(tmp_path / "kiosk.db")
    with sqlite3.connect(tmp_path / "kiosk.db") as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(health_check_outcomes)")]
    assert columns == ["id", "at", "kind", "colour", "decision", "reason", "kiosk_id"]
    with pytest.raises(ValueError, match="aware"):
        Outcome.of(decide("green", HEALTH_CODE_URL), datetime(2026, 1, 1), "kiosk-1")


def test_store_shares_the_queue_file_across_threads(tmp_path: Path) -> None:
    import threading

    store = SqliteOutcomeStore(tmp_path / "kiosk.db")
    decision = decide("green", HEALTH_CODE_URL, "green")

    def add_many() -> None:
        for i in range(25):
            store.add(Outcome.of(decision, NOW + timedelta(seconds=i), "kiosk-2"))

    threads = [threading.Thread(target=add_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.outcomes()) == 100
