"""A local figure staff set on one kiosk's screen reaches every kiosk on the same store without a restart:
two kiosks, each with its own config.ini, on one PostgreSQL database or one SQLite data folder. Kiosk A
saves; kiosk B, opened before the change, reads staff's settings as its running app does (the staff
watch) and calculates with A's figure, naming its value and day; its own config.ini is not rewritten."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.foundation.runtime import open_runtime
from kiosk.visitor import tools
from kiosk.visitor.staff import set_local_figure, watch
from kiosk.wiring import Services, open_services

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CONFIG = """[centre]
kiosk_id = {kiosk}

[database]
url = {url}

[calculators]
average_monthly_wage = 10000
average_monthly_wage_published = 2026-05-20
lpr_one_year = 3.0
lpr_published = 2026-11-20
"""
SEVERANCE = {"start": "2010-01-01", "end": "2026-11-30", "monthly_wage": "50000"}  # capped by the average wage


@pytest.fixture(params=["sqlite", "postgres"])
def two_kiosks(request, tmp_path):
    """Kiosks A and B: own config.ini each, one store (a PostgreSQL database, or one shared data folder)."""
    url = request.getfixturevalue("pg_cluster").create_database() if request.param == "postgres" else ""
    opened: list[Services] = []
    for kiosk in ("A", "B"):
        config = tmp_path / kiosk / "config.ini"
        config.parent.mkdir()
        config.write_text(CONFIG.format(kiosk=kiosk, url=url), encoding="utf-8")
        opened.append(open_services(open_runtime(config, tmp_path / "data")))
    yield opened
    for services in opened:
        services.close()


def calculated_on(services: Services, code: str, values: dict[str, str]) -> tuple[str, ...]:
    """The figures a calculation names on this kiosk, with the settings its app would now be running on."""
    settings = watch(services, services.runtime.settings, NOW).settings
    # As the screen does: the inputs start from their first values (a figure from this kiosk's settings).
    shown_first = tools.initial_values(tools.BY_CODE[code], NOW.date(), settings.calculators)
    computed = tools.compute(code, {**shown_first, **values}, settings.calculators, NOW.date())
    assert computed.result, computed.error
    return computed.shown("zh_CN").figures


def test_a_figure_saved_on_one_kiosk_is_used_by_the_other_at_its_next_read(two_kiosks):
    a, b = two_kiosks
    assert any("：10000（2026-05-20 公布）" in line for line in calculated_on(b, "severance", SEVERANCE))
    saved = set_local_figure(a, "average_monthly_wage", "12000", "2026-06-01", "staff@A", NOW)
    assert saved.calculators.average_monthly_wage == Decimal(12000)
    figures = calculated_on(b, "severance", SEVERANCE)
    assert any("：12000（2026-06-01 公布）" in line for line in figures), figures
    assert not any("10000" in line for line in figures)
    b_config = Path(b.runtime.settings.source).read_text(encoding="utf-8")
    assert "average_monthly_wage = 10000\n" in b_config, "B's config.ini is its own, left as it was"

    # The other way round, and a second change of the same figure: the newest save is the one in force.
    set_local_figure(b, "lpr_one_year", "3.1", "2026-12-01", "staff@B", NOW)
    set_local_figure(b, "lpr_one_year", "3.05", "2026-12-05", "staff@B", NOW)
    loan = {"principal": "100000", "deducted": "0"}
    figures = calculated_on(a, "interest-cap", loan)
    assert any("：3.05（2026-12-05 公布）" in line for line in figures), figures
    assert watch(a, a.runtime.settings, NOW).settings.calculators.lpr_published == date(2026, 12, 5)


def hand_edited(services: Services, tmp_path: Path, **figures: str) -> Services:
    """The kiosk restarted after its config.ini was edited by hand: ``figures`` replace its [calculators] keys."""
    config = Path(services.runtime.settings.source)
    text = config.read_text(encoding="utf-8")
    for key, value in figures.items():
        text = "\n".join(f"{key} = {value}" if line.startswith(f"{key} =") else line for line in text.splitlines())
    config.write_text(text + "\n", encoding="utf-8")
    services.close()
    return open_services(open_runtime(config, tmp_path / "data"))


def test_the_newest_figure_wins_whether_stored_centre_wide_or_typed_into_config_ini(two_kiosks, tmp_path):
    a, b = two_kiosks
    set_local_figure(a, "average_monthly_wage", "12000", "2026-06-01", "staff@A", NOW)
    # A figure published later, typed into B's config.ini by hand: B calculates with it, A keeps the store's.
    b = two_kiosks[1] = hand_edited(b, tmp_path, average_monthly_wage="13000",
                                    average_monthly_wage_published="2026-07-01")
    assert any("：13000（2026-07-01 公布）" in line for line in calculated_on(b, "severance", SEVERANCE))
    assert any("：12000（2026-06-01 公布）" in line for line in calculated_on(a, "severance", SEVERANCE))
    # An older one typed by hand does not outrank the centre's newer stored figure.
    b = two_kiosks[1] = hand_edited(b, tmp_path, average_monthly_wage="11000",
                                    average_monthly_wage_published="2026-05-25")
    assert any("：12000（2026-06-01 公布）" in line for line in calculated_on(b, "severance", SEVERANCE))


def test_kiosk_admin_setting_set_stores_centre_wide_even_config_ini_s_own_value(two_kiosks, tmp_path, capsys):
    from kiosk.admin import main

    a, b = two_kiosks
    b = two_kiosks[1] = hand_edited(b, tmp_path, lpr_one_year="2.9")  # B's own figure, published the same day
    loan = {"principal": "100000", "deducted": "0"}
    assert any("：2.9（2026-11-20 公布）" in line for line in calculated_on(b, "interest-cap", loan))
    shell = ["--config", str(a.runtime.settings.source), "--data-dir", str(tmp_path / "data")]
    assert main(["setting", "set", "calculators.lpr_one_year", "3.0", "--by", "staff", *shell]) == 0  # A's own
    figures = calculated_on(b, "interest-cap", loan)
    assert any("：3（2026-11-20 公布）" in line for line in figures), figures
    assert main(["setting", "reset", "calculators.lpr_one_year", *shell]) == 0
    assert any("：2.9（2026-11-20 公布）" in line for line in calculated_on(b, "interest-cap", loan))
    capsys.readouterr()
