"""Staff changes to the centre's set-up, as made on the staff screen.

Services and their daily capacity, reception hours and day overrides, counters,
the hall's spots, the health-check policy and the idle timeout. Every value is
checked by a parser of :mod:`kiosk.foundation.config` (the rule config.ini is read by), so
one rule decides what is valid. A value that fails comes back as a
:class:`SettingRefusal` naming the field and what is expected, in zh and en,
and nothing is saved; a change that passes is saved and audited by the
:class:`~kiosk.queue.CentreDesk` in the shared store, where every other process
sees it at its next read.

The health-check policy, the idle timeout and the calculators' local figures
live in config.ini; staff's values are kept in the store as overrides, and
:func:`effective_settings` lays them over config.ini.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from kiosk.foundation.config import SECTIONS, Settings, decimal, integer, sessions
from kiosk.foundation.i18n import localised
from kiosk.queue import CentreDesk, Counter, Service, Spot
from kiosk.queue.hours import check_key, format_sessions

log = logging.getLogger(__name__)

T = TypeVar("T")

# How often a running kiosk reads staff's changes (and the disinfection log) from the store.
POLL_SECONDS = 3.0

# What staff may set for a service: a day of numbers and a visit length in minutes.
parse_capacity = integer(0, 9999)
parse_visit_minutes = decimal(1, 480)


@dataclass(frozen=True)
class SettingRefusal:
    """A value staff entered that cannot be used: which field, what is expected; nothing was saved."""

    field: str
    text: str
    text_en: str

    def message(self, language: str) -> str:
        return localised(self, "text", language)


@dataclass(frozen=True)
class PolicyField:
    """A config.ini key staff may change on screen; ``options`` for a choice, else a number."""

    key: str
    label: str
    label_en: str
    options: tuple[str, ...] = ()

    @property
    def section(self) -> str:
        return self.key.partition(".")[0]

    @property
    def name(self) -> str:
        return self.key.partition(".")[2]

    def parse(self, raw: str) -> Any:
        """config.ini's own parser of this key."""
        found = next(f for f in dataclasses.fields(SECTIONS[self.section]) if f.name == self.name)
        return found.metadata["parse"](raw)

    def config_text(self, settings: Settings) -> str:
        return _text(getattr(getattr(settings, self.section), self.name))


POLICY_FIELDS: dict[str, PolicyField] = {field.key: field for field in (
    PolicyField("health_check.green", "绿码处理", "Green code", ("admit", "staff")),
    PolicyField("health_check.temperature", "体温来源", "Temperature from", ("door", "serial", "manual")),
    PolicyField("health_check.temperature_threshold", "体温上限", "Temperature limit"),
    PolicyField("health_check.mask", "口罩确认", "Mask", ("confirm", "none")),
    PolicyField("display.idle_timeout", "无操作返回首页（秒）", "Idle timeout (seconds)"),
    PolicyField("read_aloud.offered", "朗读按钮", "Read-aloud button", ("yes", "no")),
    PolicyField("read_aloud.volume", "朗读音量（%）", "Read-aloud volume (%)"),
)}


# The calculators' local figures (本市上年度职工月平均工资, LPR, 最低工资标准) and the days they were
# published: staff change a figure together with its date when the city publishes a new one.
CALCULATOR_FIELDS: dict[str, PolicyField] = {field.key: field for field in (
    PolicyField("calculators.average_monthly_wage", "本市上年度职工月平均工资（元）",
                "City average monthly wage, previous year (yuan)"),
    PolicyField("calculators.average_monthly_wage_published", "月平均工资公布日期", "Average wage published on"),
    PolicyField("calculators.lpr_one_year", "一年期贷款市场报价利率（%）", "One-year loan prime rate (%)"),
    PolicyField("calculators.lpr_published", "LPR 公布日期", "LPR published on"),
    PolicyField("calculators.minimum_wage", "最低工资标准（元/月）", "Minimum wage (yuan a month)"),
    PolicyField("calculators.minimum_wage_published", "最低工资标准公布日期", "Minimum wage published on"),
)}

# Every config.ini key staff may override: kiosk-admin setting, the store's overrides.
SETTING_FIELDS: dict[str, PolicyField] = {**POLICY_FIELDS, **CALCULATOR_FIELDS}

# Each figure's key and the key of the day it was published: the store holds them as a pair, so a figure is
# never laid over config.ini with another figure's day.
FIGURE_DAYS: dict[str, str] = {
    "calculators.average_monthly_wage": "calculators.average_monthly_wage_published",
    "calculators.lpr_one_year": "calculators.lpr_published",
    "calculators.minimum_wage": "calculators.minimum_wage_published",
}
PAIRED: dict[str, str] = {**FIGURE_DAYS, **{day: figure for figure, day in FIGURE_DAYS.items()}}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"  # as config.ini writes it, and as the staff page's options are named
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"  # 3.0 and 3 are one value: one text, no needless override
    return str(value)


# --- explaining a parser's "expected ..." in Chinese --------------------------------

_ZH_RULES: tuple[tuple[str, str], ...] = (
    (r"expected a whole number from (\S+) to (\S+), got (.+)", "应为 {0} 至 {1} 之间的整数，输入的是 {2}"),
    (r"expected a number from (\S+) to (\S+), got (.+)", "应为 {0} 至 {1} 之间的数，输入的是 {2}"),
    (r"expected one of (.+), got (.+)", "应为以下之一：{0}，输入的是 {1}"),
    (r"expected closed or sessions such as [^,;]+, [^,;]+, got (.+)",
     "应为“closed”（休息）或 09:00-12:00, 13:30-17:00 这样的时段，输入的是 {0}"),
    (r"expected closed or sessions such as .+; (.+) is not a time of day", "{0} 不是有效的时刻"),
    (r"expected closed or sessions such as .+; (.+) ends before it starts", "时段 {0} 的结束早于开始"),
    (r"expected closed or sessions such as .+; sessions must be in order and not overlap",
     "各时段须按先后排列且不重叠"),
    (r"expected a weekday \(.+\) or a date such as (\S+), got (.+)",
     "应为星期（mon 至 sun）或 {0} 这样的日期，输入的是 {1}"),
    (r"expected yes or no, got (.+)", "应为“是”或“否”，输入的是 {0}"),
    (r"expected a date such as (\S+), got (.+)", "应为 {0} 这样的日期，输入的是 {1}"),
    (r"expected today or a later date, got (.+)", "应为今天或以后的日期，输入的是 {0}"),
    (r"expected today or an earlier date, got (.+)", "应为今天或以前的日期，输入的是 {0}"),
    (r"expected at least one service for an open counter", "开放的窗口至少要办理一项业务"),
    (r"expected one of the services (.+), got (.+)", "应为以下业务之一：{0}，输入的是 {1}"),
    (r"expected a waiting spot number from (\S+) to (\S+), got (.+)", "应为 {0} 至 {1} 号等候位，输入的是 {2}"),
)


def expected_zh(expected_en: str) -> str:
    """A parser's English "expected ..." as Chinese; an unknown form keeps its English after a Chinese lead-in."""
    for pattern, zh in _ZH_RULES:
        match = re.fullmatch(pattern, expected_en)
        if match:
            return zh.format(*match.groups())
    return f"输入值不可用（{expected_en}）"


def refusal(field: str, label: str, label_en: str, error: ValueError) -> SettingRefusal:
    expected = str(error)
    return SettingRefusal(field, f"{label}：{expected_zh(expected)}。未保存。",
                          f"{label_en}: {expected}. Nothing was saved.")


def sessions_from_digits(digits: str) -> str:
    """What staff typed on the number pad as sessions text: ``09001200`` → ``09:00-12:00``.

    Four digits make a time and two times a session; an unfinished tail is shown as typed,
    so the parser explains what is missing.
    """
    times = [f"{digits[i:i + 2]}:{digits[i + 2:i + 4]}" if len(digits[i:i + 4]) == 4 else digits[i:i + 4]
             for i in range(0, len(digits), 4)]
    return ", ".join("-".join(times[i:i + 2]) for i in range(0, len(times), 2))


def next_counter_id(counters: Iterable[Counter]) -> str:
    """The id a new counter gets: one past the highest numbered counter."""
    return str(max((int(c.id) for c in counters if c.id.isdigit()), default=0) + 1)


def newest_figures(settings: Settings, overrides: Mapping[str, str]) -> dict[str, str]:
    """``overrides`` without the stored figures config.ini holds a newer one of."""
    kept = dict(overrides)
    for figure_key, day_key in FIGURE_DAYS.items():
        try:
            stored_day = CALCULATOR_FIELDS[day_key].parse(overrides[day_key])
        except (KeyError, ValueError):
            continue  # no stored day (config.ini's counts), or one effective_settings warns about
        # The newest figure wins, by the day it was published: a new year's wage typed into one kiosk's
        # config.ini outranks the centre's older stored one there. On the same day the stored figure wins:
        # config.ini records no time of a hand edit to order it by, and the store's is the centre-wide one.
        if getattr(settings.calculators, day_key.partition(".")[2]) > stored_day:
            kept.pop(figure_key, None)
            kept.pop(day_key)
    return kept


def effective_settings(settings: Settings, overrides: Mapping[str, str]) -> Settings:
    """``settings`` (from config.ini) with staff's stored values laid over it; of a calculator figure, the
    newer of the two (:func:`newest_figures`).

    A stored value this version cannot use (an unknown key, a value its parser
    refuses) is skipped with a warning: config.ini then decides that key.
    """
    changed: dict[str, dict[str, Any]] = {}
    for key, raw in newest_figures(settings, overrides).items():
        field = SETTING_FIELDS.get(key)
        if field is None:
            log.warning("setting override %s: not a key staff may change; config.ini decides", key)
            continue
        try:
            changed.setdefault(field.section, {})[field.name] = field.parse(raw)
        except ValueError as error:
            log.warning("setting override %s = %r: %s; config.ini decides", key, raw, error)
    return dataclasses.replace(settings, **{section: dataclasses.replace(getattr(settings, section), **values)
                                            for section, values in changed.items()})


class CentreSetup:
    """Validated, audited changes to the centre's set-up, by member of staff ``who``."""

    def __init__(self, centre: CentreDesk, settings: Settings):
        self.centre = centre
        self.settings = settings  # as config.ini says, without overrides

    @staticmethod
    def _checked(field: str, label: str, label_en: str, parse: Callable[[str], T],
                 raw: str) -> T | SettingRefusal:
        try:
            return parse(raw)
        except ValueError as error:
            return refusal(field, label, label_en, error)

    def _service(self, code: str) -> Service:
        return next(s for s in self.centre.services() if s.code == code)

    def set_capacity(self, code: str, raw: str, who: str, now: datetime) -> Service | SettingRefusal:
        """A service's daily capacity (每日限额) from what staff typed."""
        service = self._service(code)
        value = self._checked(f"service:{code}:daily_capacity", f"{service.name}每日限额",
                              f"{service.name_en} daily capacity", parse_capacity, raw)
        if isinstance(value, SettingRefusal):
            return value
        return self.centre.set_service(code, who, now, daily_capacity=value)

    def set_visit_minutes(self, code: str, raw: str, who: str, now: datetime) -> Service | SettingRefusal:
        """A service's visit length (接待时长) in minutes."""
        service = self._service(code)
        value = self._checked(f"service:{code}:visit_minutes", f"{service.name}接待时长（分钟）",
                              f"{service.name_en} visit length (minutes)", parse_visit_minutes, raw)
        if isinstance(value, SettingRefusal):
            return value
        return self.centre.set_service(code, who, now, visit_minutes=value)

    def set_service_enabled(self, code: str, enabled: bool, who: str, now: datetime) -> Service:
        return self.centre.set_service(code, who, now, enabled=enabled)

    def set_hours(self, key: str, raw: str | None, who: str, now: datetime) -> str | SettingRefusal | None:
        """A weekday's sessions or a date override (``closed`` closes the day); None removes an override.

        Returns the stored sessions text.
        """
        label, label_en = f"接待时间 {key}", f"Reception hours {key}"
        checked_key = self._checked(f"hours:{key}", label, label_en, check_key, key)
        if isinstance(checked_key, SettingRefusal):
            return checked_key
        if "-" in checked_key and date.fromisoformat(checked_key) < now.astimezone(self.centre.zone).date():
            return refusal(f"hours:{key}", label, label_en,
                           ValueError(f"expected today or a later date, got {key}"))
        if raw is None:
            self.centre.set_hours(checked_key, None, who, now)
            return None
        value = self._checked(f"hours:{key}", label, label_en, sessions, raw)
        if isinstance(value, SettingRefusal):
            return value
        text = format_sessions(value)
        self.centre.set_hours(checked_key, text, who, now)
        return text

    def set_counter(self, counter_id: str, services: tuple[str, ...], is_open: bool, who: str,
                    now: datetime) -> Counter | SettingRefusal:
        """A counter (窗口): the services it serves, in order, and whether it is open."""
        label, label_en = f"{counter_id} 号窗口", f"Counter {counter_id}"
        known = [s.code for s in self.centre.services()]
        unknown = [code for code in services if code not in known]
        if unknown:
            return refusal(f"counter:{counter_id}", label, label_en, ValueError(
                f"expected one of the services {', '.join(known)}, got {', '.join(unknown)}"))
        if is_open and not services:
            return refusal(f"counter:{counter_id}", label, label_en,
                           ValueError("expected at least one service for an open counter"))
        return self.centre.set_counter(counter_id, tuple(services), is_open, who, now)

    def set_spot_in_use(self, spot_id: int, in_use: bool, who: str, now: datetime) -> Spot | SettingRefusal:
        """A waiting spot (等候位) in use or not (someone on it stays until called)."""
        ids = [spot.id for spot in self.centre.spots()]
        if spot_id not in ids:
            return refusal(f"spot:{spot_id}", "等候位", "Waiting spot", ValueError(
                f"expected a waiting spot number from {min(ids, default=0)} to {max(ids, default=0)}, got {spot_id}"))
        return self.centre.set_spot_in_use(spot_id, in_use, who, now)

    def policy(self) -> Settings:
        """The settings as they are now: config.ini with staff's overrides."""
        return effective_settings(self.settings, self.centre.setting_overrides())

    def set_policy(self, key: str, raw: str, who: str, now: datetime) -> Any | SettingRefusal:
        """One key of :data:`SETTING_FIELDS`, stored for every kiosk of the store even where it equals this
        kiosk's config.ini (another's may differ); a figure with its day in force, a day with its figure.
        Returns the parsed value now in force."""
        field = SETTING_FIELDS[key]
        value = self._checked(key, field.label, field.label_en, field.parse, raw)
        if isinstance(value, SettingRefusal):
            return value
        if key in FIGURE_DAYS.values() and value > now.astimezone(self.centre.zone).date():
            # A day to come would outrank every figure typed into a config.ini until then (the newest wins).
            return refusal(key, field.label, field.label_en, ValueError(f"expected today or an earlier date, "
                                                                        f"got {value}"))
        before = self.policy()
        self.centre.set_setting_override(key, _text(value), field.config_text(self.settings), who, now)
        if key in PAIRED:
            pair = SETTING_FIELDS[PAIRED[key]]
            self.centre.set_setting_override(pair.key, pair.config_text(before), pair.config_text(self.settings),
                                             who, now)
        return getattr(getattr(self.policy(), field.section), field.name)

    def reset_policy(self, key: str, who: str, now: datetime) -> Any:
        """Let config.ini decide ``key`` again (a figure together with its day); config.ini's value."""
        for name in (key, PAIRED[key]) if key in PAIRED else (key,):
            field = SETTING_FIELDS[name]
            self.centre.set_setting_override(name, None, field.config_text(self.settings), who, now)
        field = SETTING_FIELDS[key]
        return getattr(getattr(self.settings, field.section), field.name)
