"""config.ini: typed settings, and one clear line for every kind of wrong value."""

import dataclasses
import re
from datetime import time

import pytest

from kiosk.foundation.config import SECTIONS, ConfigError, load_settings
from kiosk.foundation.resources import shipped_config


def write(tmp_path, text: str, encoding="utf-8"):
    path = tmp_path / "config.ini"
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def test_the_shipped_config_loads_into_typed_settings():
    settings = load_settings()
    assert settings.source == shipped_config()
    assert settings.hours.mon == ((time(9), time(12)), (time(13, 30), time(17)))
    assert settings.hours.sun == ()
    assert settings.display.idle_timeout == 120 and isinstance(settings.display.large_text, bool)
    assert settings.hall.spacing_m == 1.0
    assert settings.centre.hotline == "12348"


def documented_keys(lines: list[str]) -> set[tuple[str, str]]:
    """(section, key) of every key line; each key, or the block of keys it stands in, follows a comment."""
    section = None
    found = set()
    for number, line in enumerate(lines):
        if header := re.fullmatch(r"\[(\w+)\]", line.strip()):
            section = header.group(1)
            continue
        if "=" not in line or line.lstrip().startswith((";", "#")):
            continue
        key = line.split("=", 1)[0].strip()
        above = number - 1
        while above >= 0 and "=" in lines[above] and not lines[above].lstrip().startswith(";"):
            above -= 1  # a block of keys (mon..sun) shares the comment above it
        assert above >= 0 and lines[above].lstrip().startswith(";"), f"[{section}] {key} has no comment"
        found.add((section, key))
    return found


def test_every_setting_has_a_commented_home_in_the_shipped_config():
    documented = documented_keys(shipped_config().read_text(encoding="utf-8").splitlines())
    expected = {(name, f.name) for name, cls in SECTIONS.items() for f in dataclasses.fields(cls)}
    assert expected - documented == set(), "settings without a home in config.ini"
    assert documented - expected == set(), "config.ini keys the loader does not know"


def test_the_comment_check_finds_an_undocumented_key():
    with pytest.raises(AssertionError, match=r"\[display\] font has no comment"):
        documented_keys(["[display]", "; the language", "language = en", "", "font ="])


def test_an_empty_file_gives_the_defaults(tmp_path):
    settings = load_settings(write(tmp_path, ""))
    assert settings.centre.timezone == "Asia/Shanghai"
    assert settings.queue.max_priority_in_row == 3


@pytest.mark.parametrize(
    ("text", "section", "key", "expected"),
    [
        ("[display]\nidle_timeout = soon\n", "display", "idle_timeout", "whole number from 10 to 3600"),
        ("[display]\nidle_timeout = 5\n", "display", "idle_timeout", "whole number from 10 to 3600, got 5"),
        ("[display]\nlarge_text = maybe\n", "display", "large_text", "yes or no"),
        ("[display]\nlanguage = fr\n", "display", "language", "one of zh_CN, en"),
        ("[display]\nwindow_size = big\n", "display", "window_size", "WIDTHxHEIGHT"),
        ("[hours]\nmon = 9-12\n", "hours", "mon", "sessions such as 09:00-12:00"),
        ("[hours]\nmon = 12:00-09:00\n", "hours", "mon", "ends before it starts"),
        ("[hours]\nmon = 09:00-12:00, 11:00-13:00\n", "hours", "mon", "not overlap"),
        ("[hours]\nmon = 25:00-26:00\n", "hours", "mon", "not a time of day"),
        ("[centre]\ntimezone = Mars/Olympus\n", "centre", "timezone", "IANA time zone"),
        ("[centre]\ntimezone = " + "9" * 5000 + "\n", "centre", "timezone", "IANA time zone"),  # too long a file name
        ("[centre]\nhotline = call us\n", "centre", "hotline", "telephone number"),
        ("[centre]\nname =\n", "centre", "name", "non-empty"),
        ("[database]\nurl = mysql://x\n", "database", "url", "postgresql://"),
        ("[health_check]\ntemperature_threshold = 42\n", "health_check", "temperature_threshold", "35 to 40"),
        ("[health_check]\nurl_patterns = ([unclosed\n", "health_check", "url_patterns", "regular expressions"),
        ("[printer]\nusb_vendor_id = zz\n", "printer", "usb_vendor_id", "hexadecimal"),
        ("[printer]\npaper_width_mm = 70\n", "printer", "paper_width_mm", "one of 58, 80"),
        ("[hall]\nspots = 0,0; 1\n", "hall", "spots", "x,y pairs"),
        ("[hall]\nspacing_m = -1\n", "hall", "spacing_m", "from 0 to 10"),
        ("[display]\nidle_timout = 60\n", "display", "idle_timout", "unknown key"),
        ("[displays]\nlanguage = en\n", "displays", None, "unknown section"),
        ("[display]\nlanguage = en\nlanguage = zh_CN\n", "display", "language", "given twice"),
    ],
)
def test_a_wrong_value_names_file_section_key_and_what_was_expected(tmp_path, text, section, key, expected):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    error = caught.value
    assert (error.section, error.key) == (section, key)
    assert expected in str(error)
    assert str(error).startswith(str(path))
    assert "\n" not in str(error)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"language = en\n", "expected a [section] header first"),
        (b"[display]\nthis line has no equals sign\n", "line 2: expected 'key = value'"),
        ("[centre]\nname = 中心\n".encode("gb18030"), "expected UTF-8 text"),
    ],
)
def test_a_broken_file_is_explained(tmp_path, content, expected):
    with pytest.raises(ConfigError, match=re.escape(expected)):
        load_settings(write(tmp_path, content))


def test_a_missing_file_is_explained(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_settings(tmp_path / "nowhere.ini")
