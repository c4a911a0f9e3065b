"""The signed ticket QR: real tickets pass; changed, forged, stale and garbled ones are refused with a reason."""

from __future__ import annotations

import stat
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.foundation.runtime import Runtime
from kiosk.printing.signing import (
    BAD_SIGNATURE,
    MALFORMED,
    NOT_YET_VALID,
    OLD_FORMAT,
    STALE,
    SecretError,
    SignedTicket,
    TicketSigner,
    load_or_create_secret,
    secret_path,
)

ZONE = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 30)
MORNING = datetime(2026, 11, 30, 9, 0, tzinfo=ZONE)
TICKET = SignedTicket(41, DAY, "C007", "elderly")


def test_a_real_ticket_of_today_is_accepted_with_what_it_says(signer):
    verification = signer.verify(signer.sign(TICKET), MORNING)

    assert verification.valid
    assert verification.reason == "valid"
    assert verification.ticket == TICKET


def test_the_payload_is_compact(signer):
    payload = signer.sign(TICKET)

    assert len(payload) <= 60
    assert payload.startswith("PLK2.41.20261130.C007.elderly.-.")
    with_nonce = signer.sign(SignedTicket(41, DAY, "C007", "elderly", "Zq3_x-9AbCdE"))
    assert len(with_nonce) <= 72 and ".Zq3_x-9AbCdE." in with_nonce
    assert signer.verify(with_nonce, MORNING).ticket.nonce == "Zq3_x-9AbCdE"


@pytest.mark.parametrize("field,value", [(1, "42"), (2, "20261201"), (3, "C008"), (4, "frontline"), (5, "n0nce")])
def test_a_changed_field_fails_the_signature(signer, field, value):
    parts = signer.sign(TICKET).split(".")
    parts[field] = value

    verification = signer.verify(".".join(parts), MORNING)

    assert not verification.valid
    assert verification.reason == BAD_SIGNATURE


def test_a_ticket_signed_under_another_secret_is_refused_as_forged(signer):
    forger = TicketSigner(b"x" * 32, "Asia/Shanghai")

    verification = signer.verify(forger.sign(TICKET), MORNING)

    assert verification.reason == BAD_SIGNATURE
    assert "伪造" in verification.message("zh_CN") and "forged" in verification.message("en")


def test_yesterdays_ticket_is_stale_and_tomorrows_not_yet_valid(signer):
    yesterday = signer.sign(SignedTicket(3, DAY - timedelta(days=1), "A003"))
    tomorrow = signer.sign(SignedTicket(3, DAY + timedelta(days=1), "A003"))

    assert signer.verify(yesterday, MORNING).reason == STALE
    assert signer.verify(tomorrow, MORNING).reason == NOT_YET_VALID


def test_the_day_ends_at_midnight_in_the_centres_zone_not_utc(signer):
    payload = signer.sign(SignedTicket(3, DAY, "A003"))
    late = datetime(2026, 11, 30, 23, 59, tzinfo=ZONE)

    assert signer.verify(payload, late).valid
    assert signer.verify(payload, late.astimezone(ZoneInfo("UTC"))).valid  # 15:59 UTC, same local day
    assert signer.verify(payload, late + timedelta(minutes=1)).reason == STALE


def test_a_qr_of_the_format_before_nonces_is_refused_as_old(signer):
    verification = signer.verify("PLK1.41.20261130.C007.elderly.AAAAAAAAAAAAAAAAAAAAAA", MORNING)

    assert (verification.valid, verification.reason) == (False, OLD_FORMAT)
    assert "older software" in verification.message("en")


@pytest.mark.parametrize("payload", [
    "", "hello", "https://example.com/?qrCode=abc", "PLK2.41.20261130.C007.elderly.-",
    "PLK2.41.20261130.C007.elderly.-.", "PLK2.41.20261130.C007.elderly.AAAA", "PLK2.x.20261130.C007.-.-.AAAA",
    "PLK2.41.20261331.C007.-.-.AAAA", "PLK2.41.20261130.c007.-.-.AAAA", "PLK2.41.20261130.C007.vip.-.AAAA",
    "PLK2.41.20261130.C007.-.-.é", "PLK2.41.20261130.C007.-.a.b.AAAA", "PLK2.41.20261130.C007.-.é.AAAA",
    "PLK2.41.20261130.C007.-." + "n" * 33 + ".AAAA",
])
def test_garbage_is_malformed_or_bad_never_an_exception(signer, payload):
    verification = signer.verify(payload, MORNING)

    assert not verification.valid
    assert verification.reason in (MALFORMED, BAD_SIGNATURE)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_no_text_raises_or_passes(signer, text):
    assert not signer.verify(text, MORNING).valid


@settings(max_examples=40, deadline=None)
@given(ticket_id=st.integers(0, 10**12 - 1), number=st.from_regex(r"[A-F][0-9]{3}", fullmatch=True),
       priority=st.sampled_from([None, "frontline", "elderly", "disabled", "pregnant", "appointment"]))
def test_every_signed_ticket_verifies_back(signer, ticket_id, number, priority):
    ticket = SignedTicket(ticket_id, DAY, number, priority)

    assert signer.verify(signer.sign(ticket), MORNING).ticket == ticket


def test_signing_refuses_what_the_payload_cannot_carry(signer):
    with pytest.raises(ValueError):
        signer.sign(SignedTicket(1, DAY, "A.1"))
    with pytest.raises(ValueError):
        signer.sign(SignedTicket(1, DAY, "A001", "vip"))


def test_the_secret_is_created_once_as_a_private_file_and_reused(tmp_path):
    path = secret_path(None, tmp_path / "data")

    first = load_or_create_secret(path)
    second = load_or_create_secret(path)

    assert path == tmp_path / "data" / "ticket-secret.key"
    assert first == second and len(first) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(path.parent.iterdir()) == [path]  # no temporary files left


def test_a_configured_secret_file_is_used(tmp_path):
    shared = tmp_path / "share" / "centre.key"

    assert secret_path(shared, tmp_path / "data") == shared


def test_kiosks_starting_together_end_up_with_one_secret(tmp_path):
    path = tmp_path / "shared" / "ticket-secret.key"
    results: list[bytes] = []
    start = threading.Barrier(8)

    def kiosk() -> None:
        start.wait()
        results.append(load_or_create_secret(path))

    threads = [threading.Thread(target=kiosk) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 8 and len(set(results)) == 1


def test_a_damaged_secret_is_a_clear_error(tmp_path):
    path = tmp_path / "ticket-secret.key"
    path.write_text("not hex at all\n")

    with pytest.raises(SecretError, match="hexadecimal"):
        load_or_create_secret(path)


def test_a_secret_that_cannot_be_created_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")

    with pytest.raises(SecretError, match=r"ticket-secret\.key: cannot"):
        load_or_create_secret(blocker / "ticket-secret.key")


def test_the_runtime_signer_accepts_its_own_tickets_across_restarts(tmp_path, shipped_settings):
    runtime = Runtime(shipped_settings, tmp_path)
    payload = TicketSigner.for_runtime(runtime).sign(TICKET)

    assert TicketSigner.for_runtime(runtime).verify(payload, MORNING).valid
