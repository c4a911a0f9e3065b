"""Each field staff change on screen: checked by config.ini's own parser, refused in zh and en, audited."""

from __future__ import annotations

import json

import pytest

from kiosk.foundation.config import ConfigError, load_settings
from kiosk.queue import QueueError
from kiosk.staff.centre_setup import (
    POLICY_FIELDS,
    SettingRefusal,
    effective_settings,
    expected_zh,
    next_counter_id,
    sessions_from_digits,
)


def audit_whats(desk) -> list[str]:
    return [entry.what for entry in desk.staff_log.audit(100)]


def assert_refused(result, field: str, *in_zh: str) -> None:
    assert isinstance(result, SettingRefusal), result
    assert result.field == field
    assert "expected" in result.text_en and "Nothing was saved" in result.text_en
    assert "未保存" in result.text and "expected" not in result.text
    assert result.message("zh_CN") == result.text and result.message("en") == result.text_en
    for text in in_zh:
        assert text in result.text


@pytest.mark.parametrize("raw", ["-1", "10000", "abc", "", "12.5"])
def test_an_invalid_capacity_is_explained_and_nothing_is_saved(setup, desk, at, raw):
    before = desk.centre.services()
    result = setup.set_capacity("notarisation", raw, "staff-pin@kiosk-1", at("08:00"))
    assert_refused(result, "service:notarisation:daily_capacity", "公证每日限额", "0 至 9999")
    assert "Notarisation daily capacity" in result.text_en
    assert desk.centre.services() == before and audit_whats(desk) == []


def test_a_capacity_change_is_saved_and_audited_with_who_old_and_new(setup, desk, at):
    service = setup.set_capacity("notarisation", " 75 ", "staff-pin@kiosk-1", at("08:00"))
    assert service.daily_capacity == 75
    assert next(s for s in desk.centre.services() if s.code == "notarisation").daily_capacity == 75
    entry = desk.staff_log.audit(1)[0]
    assert (entry.who, entry.what, entry.at) == ("staff-pin@kiosk-1", "service:notarisation", at("08:00"))
    assert json.loads(entry.old)["daily_capacity"] == 60 and json.loads(entry.new)["daily_capacity"] == 75
    setup.set_capacity("notarisation", "75", "staff-pin@kiosk-1", at("08:01"))
    assert len(desk.staff_log.audit(100)) == 1, "an unchanged value is not a change"


def test_visit_length_and_enabled(setup, desk, at):
    assert_refused(setup.set_visit_minutes("mediation", "0", "s", at("08:00")),
                   "service:mediation:visit_minutes", "人民调解接待时长", "1 至 480")
    assert setup.set_visit_minutes("mediation", "45", "s", at("08:00")).visit_minutes == 45
    assert setup.set_service_enabled("mediation", False, "s", at("08:01")).enabled is False
    assert audit_whats(desk) == ["service:mediation", "service:mediation"]


@pytest.mark.parametrize(("raw", "zh"), [
    ("25:00-26:00", "不是有效的时刻"),
    ("12:00-09:00", "结束早于开始"),
    ("09:00-12:00, 11:00-13:00", "不重叠"),
    ("9", "09:00-12:00, 13:30-17:00 这样的时段"),
])
def test_invalid_reception_hours_are_explained(setup, desk, at, raw, zh):
    before = desk.centre.hours_table()
    assert_refused(setup.set_hours("mon", raw, "s", at("08:00")), "hours:mon", "接待时间 mon", zh)
    assert desk.centre.hours_table() == before and audit_whats(desk) == []


def test_weekday_hours_and_day_overrides(setup, desk, at):
    assert setup.set_hours("sat", "09:00-12:00", "s", at("08:00")) == "09:00-12:00"
    assert setup.set_hours("2026-12-01", "closed", "s", at("08:00")) == "closed"
    assert desk.centre.today_hours(at("10:00", days=1)).sessions == ()
    assert desk.centre.today_hours(at("10:00", days=1)).override
    assert setup.set_hours("2026-12-01", None, "s", at("08:05")) is None
    assert not desk.centre.today_hours(at("10:00", days=1)).override
    assert audit_whats(desk) == ["hours:2026-12-01", "hours:2026-12-01", "hours:sat"]
    assert_refused(setup.set_hours("2026-11-29", "closed", "s", at("08:00")), "hours:2026-11-29", "今天或以后")
    assert_refused(setup.set_hours("someday", "closed", "s", at("08:00")), "hours:someday", "星期")
    with pytest.raises(QueueError):
        setup.set_hours("mon", None, "s", at("08:00"))


def test_sessions_typed_on_the_number_pad():
    assert sessions_from_digits("0900120013301700") == "09:00-12:00, 13:30-17:00"
    assert sessions_from_digits("090012") == "09:00-12"
    assert sessions_from_digits("") == ""


def test_counters_are_checked_and_audited(setup, desk, at):
    assert next_counter_id(desk.tickets.counters()) == "1"
    counter = setup.set_counter("1", ("notarisation", "consultation"), True, "s", at("08:00"))
    assert counter.services == ("notarisation", "consultation") and counter.open
    assert next_counter_id(desk.tickets.counters()) == "2"
    assert_refused(setup.set_counter("2", (), True, "s", at("08:00")), "counter:2", "至少要办理一项业务")
    assert_refused(setup.set_counter("2", ("tax",), True, "s", at("08:00")), "counter:2", "tax")
    assert setup.set_counter("1", (), False, "s", at("08:01")).open is False
    assert audit_whats(desk) == ["counter:1", "counter:1"]
    assert [c.id for c in desk.tickets.counters()] == ["1"]


def test_spots_are_toggled_and_audited(setup, desk, at):
    spots = desk.centre.spots()
    assert len(spots) == 48 and all(spot.in_use for spot in spots)
    assert setup.set_spot_in_use(spots[3].id, False, "s", at("08:00")).in_use is False
    assert desk.tickets.hall_status(at("09:00")).in_use_spots == 47
    assert_refused(setup.set_spot_in_use(999, False, "s", at("08:00")), "spot:999", "等候位")
    assert audit_whats(desk) == [f"spot:{spots[3].id}"]


def test_every_policy_option_offered_is_one_config_ini_accepts():
    for field in POLICY_FIELDS.values():
        switch = field.options == ("yes", "no")  # a yes/no key: its options are config.ini's own words
        for option in field.options:
            assert field.parse(option) == (option == "yes" if switch else option)
        if field.options:
            expected = "expected yes or no" if switch else "expected one of " + ", ".join(field.options)
            with pytest.raises(ValueError, match=expected):
                field.parse("something else")


@pytest.mark.parametrize(("key", "good", "bad", "zh"), [
    ("health_check.green", "staff", "maybe", "绿码处理"),
    ("health_check.temperature", "manual", "ear", "体温来源"),
    ("health_check.temperature_threshold", "37.5", "42", "35 至 40"),
    ("health_check.mask", "none", "optional", "口罩确认"),
    ("display.idle_timeout", "180", "5", "10 至 3600"),
    ("read_aloud.offered", "no", "maybe", "朗读按钮"),
    ("read_aloud.volume", "60", "0", "10 至 100"),
])
def test_policy_and_idle_timeout_override_config_ini_and_are_audited(setup, desk, at, key, good, bad, zh):
    assert_refused(setup.set_policy(key, bad, "s", at("08:00")), key, zh)
    assert desk.centre.setting_overrides() == {} and audit_whats(desk) == []
    value = setup.set_policy(key, good, "s", at("08:01"))
    section, name = key.split(".")
    assert getattr(getattr(setup.policy(), section), name) == value == POLICY_FIELDS[key].parse(good)
    assert getattr(getattr(setup.settings, section), name) != value, "config.ini itself stays as it was"
    entry = desk.staff_log.audit(1)[0]
    config_text = POLICY_FIELDS[key].config_text(load_settings())
    assert (entry.what, json.loads(entry.old), json.loads(entry.new)) == (f"setting:{key}", config_text, good)
    setup.set_policy(key, config_text, "s", at("08:02"))
    assert desk.centre.setting_overrides() == {key: config_text}, "config.ini's value, for every kiosk"
    assert setup.reset_policy(key, "s", at("08:03")) == getattr(getattr(setup.settings, section), name)
    assert desk.centre.setting_overrides() == {}, "config.ini decides again"
    assert len(desk.staff_log.audit(100)) == 3


def test_stored_values_this_version_cannot_use_are_skipped(caplog):
    settings = load_settings()
    effective = effective_settings(settings, {"display.idle_timeout": "1", "camera.source": "/dev/video9",
                                              "health_check.mask": "none"})
    assert effective.display.idle_timeout == settings.display.idle_timeout
    assert effective.camera == settings.camera
    assert effective.health_check.mask == "none"
    assert "config.ini decides" in caplog.text


def test_unknown_parser_messages_still_get_a_chinese_lead_in():
    assert expected_zh("expected something new") == "输入值不可用（expected something new）"


def test_the_ventilation_interval_is_a_checked_config_key(tmp_path):
    config = tmp_path / "config.ini"
    config.write_text("[staff]\nventilation_interval_minutes = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[staff\] ventilation_interval_minutes: expected a whole number"):
        load_settings(config)
