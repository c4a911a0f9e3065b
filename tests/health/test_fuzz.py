"""Fuzzing what reaches the kiosk from outside: QR payloads and EU certificates (issue #18).

Each input must end in a value (a classification, a decision, a verification result) or a
one-line error, within a time and a memory budget. Bounded for CI: a few hundred examples,
a few seconds each test.
"""

from __future__ import annotations

import time
import tracemalloc
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import cbor2
import numpy as np
import pytest
from base45 import BASE45_CHARSET, b45encode
from hypothesis import HealthCheck as Hypothesis
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.foundation.config import load_settings
from kiosk.health import eu_dcc
from kiosk.health.check import HealthCheck, Sighting
from kiosk.health.classify import Classifier
from kiosk.health.colour import ColourReading
from kiosk.health.decision import Decision
from kiosk.health.decoder import Detection, payload_text
from kiosk.health.model import EU_DCC, HEALTH_CODE_URL, NOT_HEALTH_CODE

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
SECONDS_PER_INPUT = 0.5
MEGABYTES_PER_INPUT = 16
EU_REASONS = {eu_dcc.VALID, eu_dcc.MALFORMED, eu_dcc.UNKNOWN_SIGNER, eu_dcc.BAD_SIGNATURE, eu_dcc.EXPIRED,
              eu_dcc.NOT_YET_VALID, eu_dcc.NO_TRUST_LIST, eu_dcc.WRONG_USAGE}
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[Hypothesis.too_slow])
SETTINGS = load_settings(None)
CHECK = HealthCheck(SETTINGS, trust_list=eu_dcc.TrustList({}))
CLASSIFIER = Classifier(SETTINGS.health_check.url_patterns, SETTINGS.camera.max_payload_bytes)


def within_budget(work: Callable[[], Any]) -> Any:
    """``work()``'s value, checked to take less than the time and memory budget; an error it raises
    must be a ValueError of one line."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        value = work()
    except ValueError as error:
        value = error
        assert "\n" not in str(error) and str(error)
    finally:
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < SECONDS_PER_INPUT, f"{elapsed:.2f} s"
    assert peak < MEGABYTES_PER_INPUT * 1024 * 1024, f"{peak / 1e6:.1f} MB"
    return value


def assess(raw: bytes) -> Decision:
    """A scanned payload through classification and assessment, as the kiosk takes it."""
    text = payload_text(raw)
    kind = CLASSIFIER.kind(raw, text)
    detection = Detection(raw=raw, polygon=np.zeros((4, 2), np.float32), method="zxing")
    return CHECK.assess(Sighting(detection, kind, ColourReading("green", 0.9)), NOW)


payloads = st.one_of(
    st.binary(max_size=4096),
    st.text(max_size=2048).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.builds(lambda tail: ("https://jsstm.jszwfw.gov.cn/jkm/2?qrCode=" + tail).encode(), st.text(max_size=300)),
    st.builds(lambda tail: ("HC1:" + tail).encode(), st.text(alphabet=BASE45_CHARSET + "abc\x00", max_size=3000)),
)


@FUZZ
@given(payloads)
def test_any_qr_payload_ends_in_a_decision(raw: bytes) -> None:
    decision = within_budget(lambda: assess(raw))
    assert isinstance(decision, Decision)
    assert decision.kind in (HEALTH_CODE_URL, EU_DCC, NOT_HEALTH_CODE)
    assert decision.message and decision.message_en


def cbor_values() -> st.SearchStrategy:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
                        st.floats(allow_nan=True, allow_infinity=True), st.binary(max_size=64), st.text(max_size=32))
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.one_of(st.integers(-300, 300), st.text(max_size=4)), inner,
                                                       max_size=5),
        st.builds(cbor2.CBORTag, st.sampled_from([18, 61, 98, 1, 0]), inner)), max_leaves=20)


def certificate(message: Any) -> str:
    return "HC1:" + b45encode(zlib.compress(cbor2.dumps(message))).decode()


cose_shaped = st.builds(
    lambda protected, unprotected, claims, signature: cbor2.CBORTag(18, [cbor2.dumps(protected), unprotected,
                                                                      cbor2.dumps(claims), signature]),
    st.dictionaries(st.sampled_from([1, 4, 5]), st.one_of(st.sampled_from([-7, -37]), st.binary(max_size=8)),
                    max_size=3),
    st.dictionaries(st.sampled_from([1, 4]), cbor_values(), max_size=2),
    st.dictionaries(st.sampled_from([1, 4, 6, -260]), cbor_values(), max_size=4),
    st.binary(max_size=300),
)


@FUZZ
@given(st.one_of(cbor_values(), cose_shaped))
def test_any_eu_certificate_ends_in_a_result(message: Any) -> None:
    try:
        text = certificate(message)
    except (cbor2.CBOREncodeError, ValueError, TypeError):
        return  # not encodable as CBOR: no such certificate can exist
    result = within_budget(lambda: eu_dcc.verify(text, eu_dcc.TrustList({}), NOW))
    assert result.reason in EU_REASONS


@FUZZ
@given(st.binary(min_size=1, max_size=2000), st.integers(0, 2000), st.integers(0, 255))
def test_a_damaged_certificate_ends_in_a_result(data: bytes, position: int, value: int) -> None:
    """Base45 and zlib over random bytes, then one character of the text changed."""
    text = "HC1:" + b45encode(zlib.compress(data)).decode()
    index = 4 + position % (len(text) - 4)
    damaged = text[:index] + chr(value) + text[index + 1:]
    for candidate in (text, damaged):
        result = within_budget(lambda candidate=candidate: eu_dcc.verify(candidate, eu_dcc.TrustList({}), NOW))
        assert result.reason in EU_REASONS


@pytest.mark.parametrize("text", [
    "HC1:" + "Z" * 200_000,  # far longer than any QR code holds
    "HC1:" + b45encode(zlib.compress(b"\x9f" * 60_000)).decode(),  # an endless CBOR array's opening
    "HC1:" + b45encode(zlib.compress(b"\x81" * 50_000)).decode(),  # arrays nested 50,000 deep
])
def test_hostile_certificates_end_within_the_budget(text: str) -> None:
    result = within_budget(lambda: eu_dcc.verify(text, eu_dcc.TrustList({}), NOW))
    assert result.reason == eu_dcc.MALFORMED
