"""The calculators' local figures (本市上年度职工月平均工资, 一年期 LPR, 最低工资标准), set by staff.

Each figure is changed together with the day it was published, checked for sense
(a number, not negative, within what a Chinese city could publish, not dated in
the future, the minimum wage below the average wage), and written into this
kiosk's config.ini in one atomic step; a calculator's result then names the figure
and the date it used. The kiosk also keeps the figure in the shared store
(:func:`kiosk.visitor.staff.set_local_figure`), where every kiosk reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kiosk.foundation.config import ConfigError, Settings, load_settings
from kiosk.foundation.i18n import localised
from kiosk.foundation.resources import shipped_config
from kiosk.staff.centre_setup import SettingRefusal
from kiosk.staff.config_edit import set_config_values

SECTION = "calculators"
# No figure of the kind was published before this day (the LPR in its present form dates from 2019).
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True)
class LocalFigure:
    """One figure: its config.ini keys, its names and unit, and the range a real published value lies in."""

    key: str
    date_key: str
    name: str
    name_en: str
    unit: str
    unit_en: str
    low: Decimal
    high: Decimal

    def label(self, language: str) -> str:
        return localised(self, "name", language)

    def shown(self, settings: Settings, language: str) -> str:
        """The value in force with its unit and publication day: 10000 元 · 2026-05-20 公布."""
        value, published = self.current(settings)
        if language == "en":
            return f"{value:f} {self.unit_en} · published {published}"
        return f"{value:f} {self.unit} · {published} 公布"

    def current(self, settings: Settings) -> tuple[Decimal, date]:
        figures = settings.calculators
        return getattr(figures, self.key), getattr(figures, self.date_key)


FIGURES: dict[str, LocalFigure] = {figure.key: figure for figure in (
    LocalFigure("average_monthly_wage", "average_monthly_wage_published", "本市上年度职工月平均工资",
                "city average monthly wage (previous year)", "元", "yuan", Decimal(1000), Decimal(100_000)),
    LocalFigure("lpr_one_year", "lpr_published", "一年期贷款市场报价利率（LPR）", "one-year loan prime rate (LPR)",
                "%", "%", Decimal("0.5"), Decimal(20)),
    LocalFigure("minimum_wage", "minimum_wage_published", "最低工资标准（月）", "monthly minimum wage",
                "元", "yuan", Decimal(500), Decimal(10_000)),
)}


def _refused(figure: LocalFigure, zh: str, en: str) -> SettingRefusal:
    return SettingRefusal(f"{SECTION}.{figure.key}", f"{figure.name}：{zh}。未保存。",
                          f"{figure.name_en[:1].upper()}{figure.name_en[1:]}: {en}. Nothing was saved.")


def check_figure(figure: LocalFigure, raw_value: str, raw_date: str, today: date,
                 settings: Settings) -> tuple[Decimal, date] | SettingRefusal:
    """The value and publication day staff typed, or why they cannot be right."""
    text = (raw_value or "").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        return _refused(figure, f"“{text[:20]}”不是数字", f"{text[:20]!r} is not a number")
    if not value.is_finite():
        return _refused(figure, "应为一个有限的数", "expected a finite number")
    if value < 0:
        return _refused(figure, "不能为负数", "cannot be negative")
    if not figure.low <= value <= figure.high:
        return _refused(figure, f"{value:f} {figure.unit} 不合常理，应在 {figure.low:f} 至 {figure.high:f} "
                        f"{figure.unit} 之间，请核对公布的数字",
                        f"{value:f} {figure.unit_en} is not plausible; expected {figure.low:f} to {figure.high:f} "
                        f"{figure.unit_en}: check the published figure")
    if value.as_tuple().exponent < -2:
        return _refused(figure, "最多保留两位小数", "at most two decimal places")
    try:
        published = date.fromisoformat((raw_date or "").strip())
    except ValueError:
        return _refused(figure, "公布日期应为 2026-05-20 这样的日期", "the publication day must be a date such as "
                        "2026-05-20")
    if published > today:
        return _refused(figure, f"公布日期 {published} 晚于今天", f"published on {published}, after today")
    if published < EARLIEST:
        return _refused(figure, f"公布日期 {published} 过早", f"published on {published}: too long ago")
    average, minimum = settings.calculators.average_monthly_wage, settings.calculators.minimum_wage
    if (figure.key == "minimum_wage" and value >= average) or (figure.key == "average_monthly_wage"
                                                               and value <= minimum):
        return _refused(figure, f"最低工资标准应低于月平均工资（现为 {minimum:f} 元与 {average:f} 元）",
                        f"the minimum wage must be below the average wage (now {minimum:f} and {average:f} yuan)")
    return value, published


def save_figure(config: Path, figure: LocalFigure, raw_value: str, raw_date: str, today: date,
                settings: Settings) -> Settings | SettingRefusal:
    """Write the figure and its day into ``config`` in one atomic step; the settings read back from it."""
    checked = check_figure(figure, raw_value, raw_date, today, settings)
    if isinstance(checked, SettingRefusal):
        return checked
    if Path(config).resolve() == shipped_config().resolve():
        return _refused(figure, "本机使用的是随软件提供的配置文件模板，请用 --config 指定本机自己的 config.ini",
                        "this kiosk runs on the shipped config.ini template; start it with --config naming its "
                        "own config.ini")
    value, published = checked
    try:
        set_config_values(Path(config), SECTION, {figure.key: f"{value:f}", figure.date_key: published.isoformat()})
        return load_settings(config)
    except OSError as error:
        return _refused(figure, f"无法写入 {config}（{error.strerror or error}）",
                        f"cannot write {config} ({error.strerror or error})")
    except ConfigError as error:
        return _refused(figure, f"config.ini 有误：{error}", f"config.ini is wrong: {error}")
