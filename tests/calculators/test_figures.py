"""The local figures: checked in config.ini like every setting, changed by staff as overrides in the store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kiosk.calculators import interest_cap, severance
from kiosk.foundation.config import ConfigError, load_settings
from kiosk.queue import Queue
from kiosk.queue.sqlite_store import SqliteQueueStore
from kiosk.staff.centre_setup import CALCULATOR_FIELDS, POLICY_FIELDS, SETTING_FIELDS, CentreSetup, SettingRefusal
from tests.staff.conftest import ZONE, moment


def write_config(tmp_path, body: str):
    path = tmp_path / "config.ini"
    path.write_text(f"[calculators]\n{body}\n", encoding="utf-8")
    return path


def test_the_shipped_figures_are_the_documented_demo_figures():
    figures = load_settings().calculators
    assert (figures.average_monthly_wage, figures.average_monthly_wage_published) == (Decimal(10000), date(2026, 5, 20))
    assert (figures.lpr_one_year, figures.lpr_published) == (Decimal("3.0"), date(2026, 11, 20))
    assert figures.minimum_wage == Decimal(2490)


def test_a_figure_in_config_ini_is_read_exactly(tmp_path):
    figures = load_settings(write_config(tmp_path, "lpr_one_year = 3.45\nminimum_wage = 2690.50")).calculators
    assert figures.lpr_one_year == Decimal("3.45") and figures.minimum_wage == Decimal("2690.50")


@pytest.mark.parametrize(("line", "key", "expected"), [
    ("average_monthly_wage = nan", "average_monthly_wage", "expected a number from 1 to 1000000, got 'nan'"),
    ("average_monthly_wage = inf", "average_monthly_wage", "got 'inf'"),
    ("average_monthly_wage = -10000", "average_monthly_wage", "got '-10000'"),
    ("minimum_wage = 1e400", "minimum_wage", "got '1e400'"),
    ("lpr_one_year = 3,45", "lpr_one_year", "got '3,45'"),
    ("lpr_one_year = 101", "lpr_one_year", "from 0 to 100"),
    ("lpr_published = 2026-11-31", "lpr_published", "expected a date such as 2026-05-20, got '2026-11-31'"),
    ("minimum_wage_published =", "minimum_wage_published", "expected a date"),
])
def test_a_wrong_figure_stops_start_up_naming_the_key(tmp_path, line, key, expected):
    with pytest.raises(ConfigError) as raised:
        load_settings(write_config(tmp_path, line))
    assert raised.value.section == "calculators" and raised.value.key == key
    assert expected in str(raised.value)


@pytest.fixture
def queue(tmp_path):
    queue = Queue.prepared(SqliteQueueStore(tmp_path / "queue.db", ZONE), load_settings())
    yield queue
    queue.close()


@pytest.fixture
def setup(queue):
    return CentreSetup(queue.centre, queue.centre.settings)


def test_staff_may_override_each_figure_and_its_date_and_the_calculators_follow(setup, queue):
    assert set(SETTING_FIELDS) == set(POLICY_FIELDS) | set(CALCULATOR_FIELDS)
    assert setup.set_policy("calculators.average_monthly_wage", "12000", "s", moment("08:00")) == Decimal(12000)
    assert setup.set_policy("calculators.average_monthly_wage_published", "2026-11-18", "s",
                            moment("08:01")) == date(2026, 11, 18)
    figures = setup.policy().calculators
    result = severance("2010-01-01", "2025-06-30", "50000", figures)
    assert result.amount == 12 * Decimal(36000)
    assert (result.figures[0].value, result.figures[0].published) == (Decimal(12000), date(2026, 11, 18))
    # The figure is stored with the day in force then (config.ini's), and the new day with the figure in force.
    assert [(e.what, e.new) for e in queue.staff_log.audit(10)] == [
        ("setting:calculators.average_monthly_wage_published", '"2026-11-18"'),
        ("setting:calculators.average_monthly_wage_published", '"2026-05-20"'),
        ("setting:calculators.average_monthly_wage", '"12000"')]
    assert setup.centre.setting_overrides() == {"calculators.average_monthly_wage": "12000",
                                                "calculators.average_monthly_wage_published": "2026-11-18"}


def test_config_ini_s_own_value_is_stored_for_every_kiosk_and_reset_drops_the_pair(setup):
    setup.set_policy("calculators.lpr_one_year", "3", "s", moment("08:00"))
    assert setup.centre.setting_overrides() == {"calculators.lpr_one_year": "3",
                                                "calculators.lpr_published": "2026-11-20"}
    setup.set_policy("calculators.lpr_one_year", "3.10", "s", moment("08:01"))
    assert setup.centre.setting_overrides()["calculators.lpr_one_year"] == "3.1"
    assert interest_cap("100000", setup.policy().calculators).amount == Decimal("12400.00")
    assert setup.reset_policy("calculators.lpr_one_year", "s", moment("08:02")) == Decimal(3)
    assert setup.centre.setting_overrides() == {}


@pytest.mark.parametrize(("key", "raw", "zh"), [
    ("calculators.lpr_one_year", "nan", "一年期贷款市场报价利率（%）：应为 0 至 100 之间的数"),
    ("calculators.minimum_wage", "-1", "最低工资标准（元/月）：应为 1 至 1000000 之间的数"),
    ("calculators.lpr_published", "20.11.2026", "LPR 公布日期：应为 2026-05-20 这样的日期"),
    ("calculators.lpr_published", "2026-12-01", "LPR 公布日期：应为今天或以前的日期，输入的是 2026-12-01"),
])
def test_a_wrong_figure_from_staff_is_refused_in_both_languages(setup, key, raw, zh):
    refused = setup.set_policy(key, raw, "s", moment("08:00"))
    assert isinstance(refused, SettingRefusal) and refused.field == key
    assert refused.text.startswith(zh) and "未保存" in refused.text
    assert "Nothing was saved" in refused.text_en
    assert setup.centre.setting_overrides() == {}


def test_kiosk_admin_setting_changes_what_kiosk_admin_calc_uses(tmp_path, capsys):
    from kiosk.admin import main

    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["setting", "set", "calculators.lpr_one_year", "3.5", "--by", "staff", *data]) == 0
    assert main(["setting", "set", "calculators.lpr_published", "2026-11-25", *data]) == 0
    capsys.readouterr()
    assert main(["calc", "interest-cap", "--principal", "100000", "--json", *data]) == 0
    out = capsys.readouterr().out
    assert '"amount": "14000.00"' in out and '"published": "2026-11-25"' in out
