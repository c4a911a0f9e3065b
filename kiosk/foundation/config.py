"""Typed settings loaded from ``config.ini``.

Every key has a parser and a default here, and a commented home in the shipped
config.ini (a test keeps the two in step). A wrong value raises
:class:`ConfigError`, whose text names the file, section, key and what was
expected, so start-up can stop with one clear line.
"""

from __future__ import annotations

import configparser
import dataclasses
import math
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.foundation.checks import compile_url_pattern, endpoint_problem
from kiosk.foundation.resources import shipped_config


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

# config.ini is a few kilobytes; a larger file is a mistake (``--config /dev/zero``), not settings.
MAX_CONFIG_BYTES = 256 * 1024
# How much of a refused value an error message repeats: one short line, whatever was typed.
SHOWN_CHARS = 40


def shown(raw: str) -> str:
    """``raw`` stripped and quoted for an error message, cut short when long."""
    value = raw.strip()
    return repr(value) if len(value) <= SHOWN_CHARS else repr(value[:SHOWN_CHARS]) + f"... ({len(value)} characters)"


def read_limited(path: Path, limit: int) -> bytes:
    """A regular file's bytes, refusing devices, folders and anything over ``limit`` bytes, without reading
    more than ``limit + 1`` bytes; OSError or ValueError("expected ...") otherwise."""
    # Checked before opening: opening a pipe would wait for a writer.
    if not stat.S_ISREG(path.stat().st_mode):
        raise ValueError("expected a regular file, not a device, pipe or folder")
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"expected a file of at most {limit} bytes")
    return data


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
    raise ValueError(f"expected yes or no, got {shown(raw)}")


def integer(low: int, high: int) -> Parser:
    def parse(raw: str) -> int:
        value = raw.strip()
        # Digits only, and few: int() would take "1_000" and spend time on a 5,000-digit number.
        if not re.fullmatch(r"[+-]?[0-9]{1,18}", value):
            raise ValueError(f"expected a whole number from {low} to {high}, got {shown(raw)}")
        number = int(value)
        if not low <= number <= high:
            raise ValueError(f"expected a whole number from {low} to {high}, got {number}")
        return number

    return parse


def finite(raw: str, expected: str) -> float:
    """``raw`` as a finite float (no nan, no infinity, no 1e999); ValueError(``expected``, got ...) otherwise."""
    value = raw.strip()
    try:
        number = float(value) if len(value) <= 64 else math.nan
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ValueError(f"{expected}, got {shown(raw)}")
    return number


def decimal(low: float, high: float) -> Parser:
    def parse(raw: str) -> float:
        expected = f"expected a number from {low:g} to {high:g}"
        value = finite(raw, expected)
        if not low <= value <= high:
            raise ValueError(f"{expected}, got {value:g}")
        return value

    return parse


def amount(low: int, high: int) -> Parser:
    """A sum of money or a rate as an exact Decimal: finite and within ``low``..``high``."""

    def parse(raw: str) -> Decimal:
        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            raise ValueError(f"expected a number from {low} to {high}, got {shown(raw)}") from None
        if not value.is_finite() or not low <= value <= high:
            raise ValueError(f"expected a number from {low} to {high}, got {shown(raw)}")
        return value

    return parse


def iso_date(raw: str) -> date:
    """A calendar date written as YYYY-MM-DD."""
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(f"expected a date such as 2026-05-20, got {shown(raw)}") from None


def choice(*options: str) -> Parser:
    def parse(raw: str) -> str:
        value = raw.strip()
        if value not in options:
            raise ValueError(f"expected one of {', '.join(options)}, got {shown(value)}")
        return value

    return parse


def optional_path(raw: str) -> Path | None:
    value = raw.strip()
    return Path(value).expanduser() if value else None


def optional_file(raw: str) -> Path | None:
    """A file path that may not exist yet; one that exists must be a regular file (not /dev/zero, a folder)."""
    path = optional_path(raw)
    try:
        mode = path.stat().st_mode if path else None
    except OSError:
        mode = None  # not there (yet): what uses it creates it or says it is missing
    except ValueError:  # a NUL in the name
        raise ValueError(f"expected a file path, got {shown(raw)}") from None
    if mode is not None and not stat.S_ISREG(mode):
        raise ValueError(f"expected a regular file, got {shown(raw)}, which is a device, pipe or folder")
    return path


def timezone(raw: str) -> str:
    value = raw.strip()
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name longer than a file name may be
        raise ValueError(f"expected an IANA time zone such as Asia/Shanghai, got {shown(value)}") from None
    return value


def phone_number(raw: str) -> str:
    value = raw.strip()
    if not re.fullmatch(r"[0-9][0-9 -]{2,19}", value):
        raise ValueError(f"expected a telephone number such as 12348, got {shown(value)}")
    return value


def web_address(raw: str) -> str:
    """Empty (not configured) or an https:// address a phone opens from a QR code."""
    value = raw.strip()
    if value and not re.fullmatch(r"https://[^\s/]+\.[^\s/]+(/\S*)?", value):
        raise ValueError(f"expected empty or an https:// address, got {shown(value)}")
    return value


def database_url(raw: str) -> str:
    value = raw.strip()
    if value and not re.match(r"^(sqlite:///|postgres(ql)?://)", value):
        raise ValueError(f"expected empty, sqlite:///PATH or postgresql://..., got {shown(value)}")
    return value


def cups_queue(raw: str) -> str:
    """A CUPS queue name (empty: no document printer): letters, digits, ``_ - .``, as lpadmin allows."""
    value = raw.strip()
    if value and not re.fullmatch(r"[A-Za-z0-9_.-]{1,127}", value):
        raise ValueError(f"expected a CUPS queue name (letters, digits, _ - .), got {shown(value)}")
    return value


def cups_server(raw: str) -> str:
    """Where cupsd listens, when not the machine's own: ``host``, ``host:port`` or a socket's absolute path."""
    value = raw.strip()
    if value and not (value.startswith("/") or re.fullmatch(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?", value)):
        raise ValueError(f"expected empty, host, host:port or /path/to/cups.sock, got {shown(value)}")
    return value


def hex_id(raw: str) -> int | None:
    value = raw.strip()
    if not value:
        return None
    try:
        number = int(value, 16)
    except ValueError:
        raise ValueError(f"expected a hexadecimal USB id such as 0x0416, got {shown(value)}") from None
    if not 0 <= number <= 0xFFFF:
        raise ValueError(f"expected a hexadecimal USB id from 0x0000 to 0xffff, got {shown(value)}")
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
        raise ValueError(f"expected WIDTHxHEIGHT such as 1080x1920, got {shown(raw)}")
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
            raise ValueError(f"{expected}, got {shown(value)}")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise ValueError(f"{expected}; {shown(part)} is not a time of day")
        start, end = time(h1, m1), time(h2, m2)
        if start >= end:
            raise ValueError(f"{expected}; {shown(part)} ends before it starts")
        if parsed and start < parsed[-1][1]:
            raise ValueError(f"{expected}; sessions must be in order and not overlap")
        parsed.append((start, end))
    return tuple(parsed)


# A hall is never larger; the queue's store refuses a spot outside this too.
SPOT_METRES = (-1000.0, 1000.0)


def spot_list(raw: str) -> tuple[tuple[float, float], ...]:
    """Waiting spots as ``x,y`` pairs in metres separated by ``;``, each a finite place in the hall."""
    low, high = SPOT_METRES
    expected = f"expected spots as x,y pairs in metres from {low:g} to {high:g} separated by ';'"
    spots = []
    for part in raw.split(";"):
        if not part.strip():
            continue
        values = part.split(",")
        if len(values) != 2:
            raise ValueError(f"{expected}, got {shown(part)}")
        x, y = (finite(v, expected) for v in values)
        if not (low <= x <= high and low <= y <= high):
            raise ValueError(f"{expected}, got {shown(part)}")
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
    idle_timeout: int = setting(120, integer(10, 3600))  # why 120: config.ini
    font: Path | None = setting(None, optional_file)


@dataclass(frozen=True)
class PathSettings:
    data_dir: Path | None = setting(None, optional_path)


@dataclass(frozen=True)
class DatabaseSettings:
    url: str = setting("", database_url)
    knowledge_base: Path | None = setting(None, optional_file)


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
    secret_file: Path | None = setting(None, optional_file)
    answer_url: str = setting("", text)


@dataclass(frozen=True)
class ChannelSettings:
    """The addresses behind the remote channels' QR codes (keys are channel codes); empty: not configured,
    and the channel's card says to ask staff instead of showing a code."""

    provincial_website: str = setting("", web_address)
    wechat_service: str = setting("", web_address)

    def addresses(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


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
    eu_trust_list: Path | None = setting(None, optional_file)
    temperature: str = setting("door", choice("door", "serial", "manual"))
    temperature_threshold: float = setting(37.3, decimal(35.0, 40.0))
    thermometer_port: str = setting("/dev/ttyUSB1", text)
    thermometer_baudrate: int = setting(9600, integer(1200, 921600))
    thermometer_pattern: str = setting(r"(\d{2}\.\d)", regex)
    mask: str = setting("confirm", choice("confirm", "none"))

    def __post_init__(self) -> None:
        # The scanned code goes to the verifier: in clear text only where staff chose so.
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


@dataclass(frozen=True)
class ReadAloudSettings:
    """The kiosk's 朗读 button: whether it is offered, how loud, and the WAV player (voices as [announcements])."""

    offered: bool = setting(True, boolean)
    volume: int = setting(100, integer(10, 100))
    player: str = setting("auto", non_empty)


@dataclass(frozen=True)
class CalculatorSettings:
    """Local figures the legal calculators use, each with the day it was published."""

    average_monthly_wage: Decimal = setting(Decimal("10000"), amount(1, 1_000_000))
    average_monthly_wage_published: date = setting(date(2026, 5, 20), iso_date)
    lpr_one_year: Decimal = setting(Decimal("3.0"), amount(0, 100))
    lpr_published: date = setting(date(2026, 11, 20), iso_date)
    minimum_wage: Decimal = setting(Decimal("2490"), amount(1, 1_000_000))
    minimum_wage_published: date = setting(date(2025, 10, 1), iso_date)
def endpoint_url(raw: str) -> str:
    """Empty, or an http(s) address; whether plain http is allowed is checked with ``allow_http``."""
    value = raw.strip()
    if value and not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", value):
        raise ValueError("expected empty or an address such as https://platform.example.gov.cn/api, "
                         f"got {shown(value)}")
    return value.rstrip("/")


def env_name(raw: str) -> str:
    """The name of an environment variable (never its value), or empty for none."""
    value = raw.strip()
    if value and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
        raise ValueError(f"expected the name of an environment variable such as PLATFORM_TOKEN, got {shown(value)}")
    return value


@dataclass(frozen=True)
class PlatformSettings:
    endpoint: str = setting("", endpoint_url)
    allow_http: bool = setting(False, boolean)
    token_env: str = setting("", env_name)
    export_dir: Path | None = setting(None, optional_path)
    import_dir: Path | None = setting(None, optional_path)
    export_key: Path | None = setting(None, optional_file)
    retention_days: int = setting(30, integer(1, 3650))
    max_attempts: int = setting(8, integer(1, 100))
    timeout_seconds: float = setting(5.0, decimal(0.2, 120.0))
    retry_seconds: float = setting(30.0, decimal(0.0, 3600.0))
    retry_max_seconds: float = setting(3600.0, decimal(0.0, 86400.0))


@dataclass(frozen=True)
class WorkOrderSettings:
    callback_days: int = setting(1, integer(1, 60))
    home_visit_days: int = setting(5, integer(1, 60))
    online_days: int = setting(3, integer(1, 60))
    video_days: int = setting(3, integer(1, 60))
    rectification_days: int = setting(5, integer(1, 60))
    urgent_days: int = setting(1, integer(1, 60))


@dataclass(frozen=True)
class DocumentSettings:
    """The A4 printer for drafted documents: a CUPS queue, and its server when not this machine's."""

    printer: str = setting("", cups_queue)
    server: str = setting("", cups_server)
    wait_seconds: float = setting(60.0, decimal(5.0, 600.0))


SECTIONS: dict[str, type] = {
    "centre": CentreSettings,
    "hours": HoursSettings,
    "display": DisplaySettings,
    "paths": PathSettings,
    "database": DatabaseSettings,
    "camera": CameraSettings,
    "printer": PrinterSettings,
    "tickets": TicketSettings,
    "channels": ChannelSettings,
    "health_check": HealthCheckSettings,
    "queue": QueueSettings,
    "hall": HallSettings,
    "staff": StaffSettings,
    "announcements": AnnouncementSettings,
    "read_aloud": ReadAloudSettings,
    "calculators": CalculatorSettings,
    "platform": PlatformSettings,
    "workorders": WorkOrderSettings,
    "documents": DocumentSettings,
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
    channels: ChannelSettings = field(default_factory=ChannelSettings)
    health_check: HealthCheckSettings = field(default_factory=HealthCheckSettings)
    queue: QueueSettings = field(default_factory=QueueSettings)
    hall: HallSettings = field(default_factory=HallSettings)
    staff: StaffSettings = field(default_factory=StaffSettings)
    announcements: AnnouncementSettings = field(default_factory=AnnouncementSettings)
    read_aloud: ReadAloudSettings = field(default_factory=ReadAloudSettings)
    calculators: CalculatorSettings = field(default_factory=CalculatorSettings)
    platform: PlatformSettings = field(default_factory=PlatformSettings)
    workorders: WorkOrderSettings = field(default_factory=WorkOrderSettings)
    documents: DocumentSettings = field(default_factory=DocumentSettings)


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
        # utf-8-sig: Notepad saves UTF-8 with a byte order mark, which would otherwise spoil the first header.
        parser.read_string(read_limited(path, MAX_CONFIG_BYTES).decode("utf-8-sig"), source=str(path))
    except FileNotFoundError:
        raise ConfigError(path, "", None, "file not found") from None
    except IsADirectoryError:
        raise ConfigError(path, "", None, "is a folder, expected a config file") from None
    except PermissionError:
        raise ConfigError(path, "", None, "cannot be read (permission denied)") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "", None, "expected UTF-8 text") from None
    except ValueError as error:  # a device, a pipe or a file too large
        raise ConfigError(path, "", None, str(error)) from None
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
