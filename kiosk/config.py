"""Typed settings loaded from ``config.ini``.

Every key has a parser and a default here, and a commented home in the shipped
config.ini (a test keeps the two in step). A wrong value raises
:class:`ConfigError`, whose text names the file, section, key and what was
expected, so start-up can stop with one clear line.
"""

from __future__ import annotations

import configparser
import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.resources import shipped_config


class ConfigError(Exception):
    """A setting that cannot be used, with where it is and what was expected."""

    def __init__(self, file: Path | str, section: str, key: str | None, problem: str):
        self.file = str(file)
        self.section = section
        self.key = key
        self.problem = problem
        where = f"[{section}] {key}" if key else f"[{section}]" if section else ""
        super().__init__(f"{self.file}: {where}: {problem}" if where else f"{self.file}: {problem}")


Parser = Callable[[str], Any]


class SectionError(ValueError):
    """A section whose keys are each fine but do not fit together; ``key`` names the one to change."""

    def __init__(self, key: str, problem: str):
        super().__init__(problem)
        self.key = key


def setting(default: Any, parse: Parser) -> Any:
    """A dataclass field whose raw text is read by ``parse``."""
    if isinstance(default, (list, dict, tuple)):
        return field(default_factory=lambda: default, metadata={"parse": parse})
    return field(default=default, metadata={"parse": parse})


# --- parsers: each raises ValueError("expected ...") --------------------------


def text(raw: str) -> str:
    return raw.strip()


def non_empty(raw: str) -> str:
    value = raw.strip()
    if not value:
        raise ValueError("expected a non-empty text")
    return value


def boolean(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("yes", "true", "on", "1"):
        return True
    if value in ("no", "false", "off", "0"):
        return False
    raise ValueError(f"expected yes or no, got {raw.strip()!r}")


def integer(low: int, high: int) -> Parser:
    def parse(raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise ValueError(f"expected a whole number from {low} to {high}, got {raw.strip()!r}") from None
        if not low <= value <= high:
            raise ValueError(f"expected a whole number from {low} to {high}, got {value}")
        return value

    return parse


def decimal(low: float, high: float) -> Parser:
    def parse(raw: str) -> float:
        try:
            value = float(raw.strip())
        except ValueError:
            raise ValueError(f"expected a number from {low:g} to {high:g}, got {raw.strip()!r}") from None
        if not low <= value <= high:
            raise ValueError(f"expected a number from {low:g} to {high:g}, got {value:g}")
        return value

    return parse


def choice(*options: str) -> Parser:
    def parse(raw: str) -> str:
        value = raw.strip()
        if value not in options:
            raise ValueError(f"expected one of {', '.join(options)}, got {value!r}")
        return value

    return parse


def optional_path(raw: str) -> Path | None:
    value = raw.strip()
    return Path(value).expanduser() if value else None


def timezone(raw: str) -> str:
    value = raw.strip()
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"expected an IANA time zone such as Asia/Shanghai, got {value!r}") from None
    return value


def phone_number(raw: str) -> str:
    value = raw.strip()
    if not re.fullmatch(r"[0-9][0-9 -]{2,19}", value):
        raise ValueError(f"expected a telephone number such as 12348, got {value!r}")
    return value


def database_url(raw: str) -> str:
    value = raw.strip()
    if value and not re.match(r"^(sqlite:///|postgres(ql)?://)", value):
        raise ValueError(f"expected empty, sqlite:///PATH or postgresql://..., got {value!r}")
    return value


def hex_id(raw: str) -> int | None:
    value = raw.strip()
    if not value:
        return None
    try:
        number = int(value, 16)
    except ValueError:
        raise ValueError(f"expected a hexadecimal USB id such as 0x0416, got {value!r}") from None
    if not 0 <= number <= 0xFFFF:
        raise ValueError(f"expected a hexadecimal USB id from 0x0000 to 0xffff, got {value!r}")
    return number


def regex_list(raw: str) -> list[str]:
    """One regular expression per line."""
    patterns = [line.strip() for line in raw.splitlines() if line.strip()]
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(f"expected regular expressions, one per line; {pattern!r}: {error}") from None
    return patterns


def url_pattern_list(raw: str) -> list[str]:
    """``regex_list`` whose patterns run in linear time (RE2): a staff-set pattern cannot stall a scan."""
    from kiosk.health.classify import compile_url_pattern

    patterns = regex_list(raw)
    for pattern in patterns:
        try:
            compile_url_pattern(pattern)
        except ValueError as error:
            raise ValueError(f"expected regular expressions, one per line; {error}") from None
    return patterns


def regex(raw: str) -> str:
    return regex_list(raw)[0] if raw.strip() else ""


def window_size(raw: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{3,4})\s*[xX]\s*(\d{3,4})\s*", raw)
    if not match:
        raise ValueError(f"expected WIDTHxHEIGHT such as 1080x1920, got {raw.strip()!r}")
    return int(match.group(1)), int(match.group(2))


Session = tuple[time, time]


def sessions(raw: str) -> tuple[Session, ...]:
    """``09:00-12:00, 13:30-17:00`` or ``closed``: one weekday's reception hours."""
    value = raw.strip()
    expected = "expected closed or sessions such as 09:00-12:00, 13:30-17:00"
    if value.lower() == "closed":
        return ()
    parsed: list[Session] = []
    for part in value.split(","):
        match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", part)
        if not match:
            raise ValueError(f"{expected}, got {value!r}")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise ValueError(f"{expected}; {part.strip()!r} is not a time of day")
        start, end = time(h1, m1), time(h2, m2)
        if start >= end:
            raise ValueError(f"{expected}; {part.strip()!r} ends before it starts")
        if parsed and start < parsed[-1][1]:
            raise ValueError(f"{expected}; sessions must be in order and not overlap")
        parsed.append((start, end))
    return tuple(parsed)


def spot_list(raw: str) -> tuple[tuple[float, float], ...]:
    """Waiting spots as ``x,y`` pairs in metres separated by ``;``."""
    spots = []
    for part in raw.split(";"):
        if not part.strip():
            continue
        try:
            x, y = (float(v) for v in part.split(","))
        except ValueError:
            raise ValueError(f"expected spots as x,y pairs in metres separated by ';', got {part.strip()!r}") from None
        spots.append((x, y))
    return tuple(spots)


# --- sections -----------------------------------------------------------------

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class CentreSettings:
    name: str = setting("示例市公共法律服务中心", non_empty)
    name_en: str = setting("Example City Public Legal Service Centre", non_empty)
    hotline: str = setting("12348", phone_number)
    kiosk_id: str = setting("kiosk-1", non_empty)
    timezone: str = setting("Asia/Shanghai", timezone)
    notice: str = setting("请全程佩戴口罩，排队时与他人保持1米以上间距。", non_empty)
    notice_en: str = setting("Please wear a mask at all times and keep at least 1 metre apart.", non_empty)


@dataclass(frozen=True)
class HoursSettings:
    mon: tuple[Session, ...] = setting(sessions("09:00-12:00, 13:30-17:00"), sessions)
    tue: tuple[Session, ...] = setting(sessions("09:00-12:00, 13:30-17:00"), sessions)
    wed: tuple[Session, ...] = setting(sessions("09:00-12:00, 13:30-17:00"), sessions)
    thu: tuple[Session, ...] = setting(sessions("09:00-12:00, 13:30-17:00"), sessions)
    fri: tuple[Session, ...] = setting(sessions("09:00-12:00, 13:30-17:00"), sessions)
    sat: tuple[Session, ...] = setting((), sessions)
    sun: tuple[Session, ...] = setting((), sessions)

    def for_weekday(self, weekday: int) -> tuple[Session, ...]:
        """Sessions for ``date.weekday()`` (0 is Monday)."""
        return getattr(self, WEEKDAYS[weekday])


@dataclass(frozen=True)
class DisplaySettings:
    language: str = setting("zh_CN", choice("zh_CN", "en"))
    large_text: bool = setting(False, boolean)
    fullscreen: bool = setting(True, boolean)
    window_size: tuple[int, int] = setting((1080, 1920), window_size)
    idle_timeout: int = setting(90, integer(10, 3600))
    font: Path | None = setting(None, optional_path)


@dataclass(frozen=True)
class PathSettings:
    data_dir: Path | None = setting(None, optional_path)


@dataclass(frozen=True)
class DatabaseSettings:
    url: str = setting("", database_url)
    knowledge_base: Path | None = setting(None, optional_path)


@dataclass(frozen=True)
class CameraSettings:
    source: str = setting("", text)
    width: int = setting(1280, integer(160, 3840))
    height: int = setting(720, integer(120, 2160))
    fallback_every: int = setting(1, integer(1, 100))
    decode_width: int = setting(640, integer(160, 3840))
    max_payload_bytes: int = setting(2048, integer(64, 8192))
    repeat_seconds: float = setting(3.0, decimal(0.0, 60.0))


@dataclass(frozen=True)
class PrinterSettings:
    kind: str = setting("none", choice("none", "usb", "serial", "network", "file"))
    usb_vendor_id: int | None = setting(None, hex_id)
    usb_product_id: int | None = setting(None, hex_id)
    serial_port: str = setting("/dev/ttyUSB0", text)
    baudrate: int = setting(9600, integer(1200, 921600))
    host: str = setting("", text)
    port: int = setting(9100, integer(1, 65535))
    device: str = setting("/dev/usb/lp0", text)
    paper_width_mm: int = setting(80, lambda raw: int(choice("58", "80")(raw)))
    timeout_seconds: float = setting(3.0, decimal(0.1, 60.0))
    native_qr: bool = setting(True, boolean)
    status_query: bool = setting(True, boolean)


@dataclass(frozen=True)
class TicketSettings:
    secret_file: Path | None = setting(None, optional_path)
    answer_url: str = setting("", text)


@dataclass(frozen=True)
class HealthCheckSettings:
    verifier: str = setting("offline", choice("offline", "online"))
    green: str = setting("admit", choice("admit", "staff"))
    url_patterns: list[str] = setting(
        [r"^https?://[^/\s]+/.*[?&]qrCode=[A-Za-z0-9]{8,64}"],
        url_pattern_list,
    )
    online_endpoint: str = setting("", text)
    allow_http: bool = setting(False, boolean)  # an http:// online_endpoint only when staff say so
    online_credentials_env: str = setting("HEALTH_CODE_API_TOKEN", text)
    online_timeout_seconds: float = setting(3.0, decimal(0.2, 30.0))
    eu_trust_list: Path | None = setting(None, optional_path)
    temperature: str = setting("door", choice("door", "serial", "manual"))
    temperature_threshold: float = setting(37.3, decimal(35.0, 40.0))
    thermometer_port: str = setting("/dev/ttyUSB1", text)
    thermometer_baudrate: int = setting(9600, integer(1200, 921600))
    thermometer_pattern: str = setting(r"(\d{2}\.\d)", regex)
    mask: str = setting("confirm", choice("confirm", "none"))

    def __post_init__(self) -> None:
        # The scanned code goes to the verifier: in clear text only where staff chose so.
        from kiosk.health.verifiers import endpoint_problem

        problem = endpoint_problem(self.online_endpoint, self.allow_http) if self.online_endpoint else ""
        if problem:
            raise SectionError("online_endpoint", problem)


@dataclass(frozen=True)
class QueueSettings:
    max_priority_in_row: int = setting(3, integer(1, 20))
    last_ticket_margin_minutes: int = setting(10, integer(0, 240))
    recalls_before_no_show: int = setting(2, integer(0, 10))
    appointment_early_minutes: int = setting(30, integer(0, 240))
    appointment_late_minutes: int = setting(15, integer(0, 240))
    appointment_slot_minutes: int = setting(30, integer(5, 240))
    appointment_slot_capacity: int = setting(2, integer(1, 100))
    appointment_days_ahead: int = setting(14, integer(1, 90))
    learned_visits: int = setting(20, integer(0, 500))


@dataclass(frozen=True)
class HallSettings:
    layout: str = setting("grid", choice("grid", "list"))
    rows: int = setting(6, integer(1, 100))
    columns: int = setting(8, integer(1, 100))
    pitch_m: float = setting(1.0, decimal(0.1, 10.0))
    spots: tuple[tuple[float, float], ...] = setting((), spot_list)
    spacing_m: float = setting(1.0, decimal(0.0, 10.0))


@dataclass(frozen=True)
class StaffSettings:
    pin_hash: str = setting("", text)
    lockout_attempts: int = setting(5, integer(1, 20))
    lockout_minutes: int = setting(5, integer(1, 120))
    disinfection_interval_minutes: int = setting(120, integer(10, 1440))
    ventilation_interval_minutes: int = setting(180, integer(10, 1440))


@dataclass(frozen=True)
class AnnouncementSettings:
    speech: bool = setting(True, boolean)
    # Debian 12's espeak-ng 1.51 "cmn" voice reads most characters' pinyin as English words;
    # "cmn-latn-pinyin" reads the same characters in Mandarin.
    voice: str = setting("cmn-latn-pinyin", non_empty)
    chime: bool = setting(True, boolean)
    english: bool = setting(False, boolean)
    voice_en: str = setting("en", non_empty)
    rate: int = setting(150, integer(80, 300))
    player: str = setting("auto", non_empty)
    poll_seconds: float = setting(0.25, decimal(0.05, 10.0))
    recent_calls: int = setting(8, integer(1, 20))
    highlight_seconds: float = setting(8.0, decimal(0.0, 120.0))


SECTIONS: dict[str, type] = {
    "centre": CentreSettings,
    "hours": HoursSettings,
    "display": DisplaySettings,
    "paths": PathSettings,
    "database": DatabaseSettings,
    "camera": CameraSettings,
    "printer": PrinterSettings,
    "tickets": TicketSettings,
    "health_check": HealthCheckSettings,
    "queue": QueueSettings,
    "hall": HallSettings,
    "staff": StaffSettings,
    "announcements": AnnouncementSettings,
}


@dataclass(frozen=True)
class Settings:
    source: Path
    centre: CentreSettings = field(default_factory=CentreSettings)
    hours: HoursSettings = field(default_factory=HoursSettings)
    display: DisplaySettings = field(default_factory=DisplaySettings)
    paths: PathSettings = field(default_factory=PathSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    camera: CameraSettings = field(default_factory=CameraSettings)
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    tickets: TicketSettings = field(default_factory=TicketSettings)
    health_check: HealthCheckSettings = field(default_factory=HealthCheckSettings)
    queue: QueueSettings = field(default_factory=QueueSettings)
    hall: HallSettings = field(default_factory=HallSettings)
    staff: StaffSettings = field(default_factory=StaffSettings)
    announcements: AnnouncementSettings = field(default_factory=AnnouncementSettings)


def _parse_section(path: Path, name: str, raw: configparser.SectionProxy) -> Any:
    cls = SECTIONS[name]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values = {}
    for key, value in raw.items():
        if key not in fields:
            raise ConfigError(path, name, key, f"unknown key; expected one of {', '.join(fields)}")
        try:
            values[key] = fields[key].metadata["parse"](value)
        except ValueError as error:
            raise ConfigError(path, name, key, str(error)) from None
    try:
        return cls(**values)
    except SectionError as error:
        raise ConfigError(path, name, error.key, str(error)) from None


def load_settings(path: Path | None = None) -> Settings:
    """Read and check a config file; the shipped config.ini when ``path`` is None."""
    path = Path(path) if path else shipped_config()
    parser = configparser.ConfigParser(interpolation=None, default_section="__no_defaults__", strict=True)
    try:
        with path.open(encoding="utf-8") as handle:
            parser.read_file(handle, source=str(path))
    except FileNotFoundError:
        raise ConfigError(path, "", None, "file not found") from None
    except IsADirectoryError:
        raise ConfigError(path, "", None, "is a folder, expected a config file") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "", None, "expected UTF-8 text") from None
    except (configparser.DuplicateSectionError, configparser.DuplicateOptionError) as error:
        raise ConfigError(path, error.section, getattr(error, "option", None),
                          f"given twice (line {error.lineno})") from None
    except configparser.MissingSectionHeaderError as error:
        raise ConfigError(path, "", None, f"line {error.lineno}: expected a [section] header first") from None
    except configparser.ParsingError as error:
        line = error.errors[0][0] if error.errors else "?"
        raise ConfigError(path, "", None, f"line {line}: expected 'key = value'") from None
    sections = {}
    for name in parser.sections():
        if name not in SECTIONS:
            raise ConfigError(path, name, None, f"unknown section; expected one of {', '.join(SECTIONS)}")
        sections[name] = _parse_section(path, name, parser[name])
    return Settings(source=path, **sections)
