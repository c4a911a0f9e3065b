"""Staff set the calculators' local figures: checked for sense, written into config.ini in one step with the
day they were published, in force at once, audited; a calculator then names the figure and day it used."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from kiosk.foundation.config import load_settings
from kiosk.foundation.resources import shipped_config
from kiosk.foundation.runtime import open_runtime
from kiosk.staff.centre_setup import SettingRefusal
from kiosk.staff.local_figures import FIGURES, check_figure, save_figure
from kiosk.visitor import tools
from kiosk.visitor.staff import set_local_figure
from kiosk.wiring import open_services

TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CONFIG = """[centre]
; the centre's own comment stays
name = 示例市公共法律服务中心

[calculators]
; the city's figures
average_monthly_wage = 10000
average_monthly_wage_published = 2026-05-20
lpr_one_year = 3.0
lpr_published = 2026-11-20
"""


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "config.ini"
    path.write_text(CONFIG, encoding="utf-8")
    return path


@pytest.mark.parametrize(("key", "value", "day", "zh", "en"), [
    ("lpr_one_year", "NaN", "2026-11-20", "应为一个有限的数", "expected a finite number"),
    ("lpr_one_year", "Infinity", "2026-11-20", "应为一个有限的数", "expected a finite number"),
    ("lpr_one_year", "abc", "2026-11-20", "不是数字", "is not a number"),
    ("average_monthly_wage", "-8000", "2026-05-20", "不能为负数", "cannot be negative"),
    ("average_monthly_wage", "1e9", "2026-05-20", "不合常理", "is not plausible"),
    ("lpr_one_year", "31", "2026-11-20", "不合常理", "expected 0.5 to 20 %"),
    ("minimum_wage", "20", "2026-10-01", "不合常理", "expected 500 to 10000 yuan"),
    ("lpr_one_year", "3.125", "2026-11-20", "两位小数", "two decimal places"),
    ("lpr_one_year", "3.1", "2026-13-01", "2026-05-20 这样的日期", "a date such as"),
    ("lpr_one_year", "3.1", "2026-12-08", "晚于今天", "after today"),
    ("lpr_one_year", "3.1", "1999-12-31", "过早", "too long ago"),
    ("minimum_wage", "10000", "2026-10-01", "应低于月平均工资", "below the average wage"),
    ("average_monthly_wage", "2400", "2026-05-20", "应低于月平均工资", "below the average wage"),
])
def test_values_that_cannot_be_right_are_refused_with_a_clear_message(config, key, value, day, zh, en):
    settings = load_settings(config)  # the minimum wage is the default 2490
    refused = check_figure(FIGURES[key], value, day, TODAY, settings)
    assert isinstance(refused, SettingRefusal)
    assert zh in refused.message("zh_CN") and refused.message("zh_CN").endswith("未保存。")
    assert en in refused.message("en") and refused.message("en").endswith("Nothing was saved.")
    assert refused.message("en").startswith(FIGURES[key].name_en[:1].upper())
    assert save_figure(config, FIGURES[key], value, day, TODAY, settings) == refused
    assert config.read_text(encoding="utf-8") == CONFIG, "nothing written"


def test_a_figure_and_its_day_are_written_together_keeping_the_rest_of_the_file(config):
    saved = save_figure(config, FIGURES["lpr_one_year"], " 3.10 ", "2026-12-01", TODAY, load_settings(config))
    assert (saved.calculators.lpr_one_year, saved.calculators.lpr_published) == (Decimal("3.10"), date(2026, 12, 1))
    text = config.read_text(encoding="utf-8")
    assert "lpr_one_year = 3.10\nlpr_published = 2026-12-01\n" in text
    assert "; the centre's own comment stays" in text and "; the city's figures" in text
    assert not list(config.parent.glob(".config-*")), "no temporary file left beside it"
    added = save_figure(config, FIGURES["minimum_wage"], "2690", "2026-10-01", TODAY, saved)
    assert (added.calculators.minimum_wage, added.calculators.minimum_wage_published) == (
        Decimal(2690), date(2026, 10, 1))
    assert FIGURES["minimum_wage"].shown(added, "zh_CN") == "2690 元 · 2026-10-01 公布"
    assert FIGURES["lpr_one_year"].shown(added, "en") == "3.10 % · published 2026-12-01"


def test_the_shipped_template_is_never_written():
    refused = save_figure(shipped_config(), FIGURES["lpr_one_year"], "3.1", "2026-12-01", TODAY, load_settings())
    assert isinstance(refused, SettingRefusal) and "--config" in refused.message("en")


def test_the_kiosk_saves_replaces_an_override_audits_and_the_calculator_names_the_new_figure(config, tmp_path):
    runtime = open_runtime(config, tmp_path / "data")
    services = open_services(runtime)
    try:
        key = "calculators.average_monthly_wage"
        services.centre.set_setting_override(key, "9000", "10000", "staff@k1", NOW)  # kiosk-admin setting set
        saved = set_local_figure(services, "average_monthly_wage", "12000", "2026-06-01", "staff@k1", NOW)
        assert saved.calculators.average_monthly_wage == Decimal(12000)
        assert services.runtime.settings == saved
        # In the shared store too, with its day, for the other kiosks (tests/staff/test_figures_across_kiosks.py).
        overrides = services.centre.setting_overrides()
        assert (overrides[key], overrides[f"{key}_published"]) == ("12000", "2026-06-01")
        audit = [entry.what for entry in services.staff_log.audit(5)]
        assert any("average_monthly_wage: 9000 (2026-05-20) -> 12000 (2026-06-01)" in what for what in audit)
        assert "average_monthly_wage = 12000" in config.read_text(encoding="utf-8")
        computed = tools.compute("severance", {"start": "2010-01-01", "end": "2026-11-30",
                                               "monthly_wage": "50000"}, saved.calculators, TODAY)
        assert any("12000" in line and "2026-06-01" in line for line in computed.shown("zh_CN").figures)
        refused = set_local_figure(services, "lpr_one_year", "nan", "2026-12-01", "staff@k1", NOW)
        assert isinstance(refused, SettingRefusal) and services.runtime.settings == saved
    finally:
        services.close()
