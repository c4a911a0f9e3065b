"""Staff-set url_patterns run in linear time and are checked when config.ini is read (issue #18)."""

from __future__ import annotations

import time

import pytest

from kiosk.demo.phone_screen import sample_health_url
from kiosk.foundation.config import ConfigError, load_settings
from kiosk.health.classify import Classifier, compile_url_pattern
from kiosk.health.model import HEALTH_CODE_URL, NOT_HEALTH_CODE


def test_a_catastrophic_pattern_cannot_stall_a_scan() -> None:
    """``^(a|aa)+$`` against 40 a's and a b took Python's engine many seconds; RE2 answers at once."""
    classifier = Classifier([r"^(a|aa)+$"], max_payload_bytes=4096)
    crafted = "a" * 40 + "b"
    started = time.monotonic()
    assert classifier.kind(crafted.encode(), crafted) == NOT_HEALTH_CODE
    assert time.monotonic() - started < 0.5
    assert classifier.kind(b"aaaa", "aaaa") == HEALTH_CODE_URL


def test_the_default_pattern_still_reads_health_codes(settings) -> None:
    classifier = Classifier(settings.health_check.url_patterns, settings.camera.max_payload_bytes)
    url = sample_health_url()
    assert classifier.kind(url.encode(), url) == HEALTH_CODE_URL
    assert classifier.kind(b"https://example.com/", "https://example.com/") == NOT_HEALTH_CODE


@pytest.mark.parametrize("pattern", [r"(a)\1", r"^(?=https)", r"(?<!x)qrCode"])
def test_patterns_re2_cannot_run_are_refused_with_the_reason(pattern: str) -> None:
    with pytest.raises(ValueError, match="not an RE2 pattern"):
        compile_url_pattern(pattern)


def test_config_refuses_such_a_pattern_naming_the_key(tmp_path) -> None:
    config = tmp_path / "config.ini"
    config.write_text("[health_check]\nurl_patterns = ^https://(a)\\1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[health_check\] url_patterns: .*backreferences"):
        load_settings(config)
