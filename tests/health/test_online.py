"""The online verifier against a real HTTP server on 127.0.0.1, and privacy through that path."""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.demo.phone_screen import MILD, clip_frames, sample_health_url, write_clip
from kiosk.foundation.config import Settings
from kiosk.foundation.logsetup import configure_logging
from kiosk.health.check import HealthCheck, Sighting, scan_source
from kiosk.health.colour import ColourReading
from kiosk.health.decoder import Detection
from kiosk.health.model import ADMIT, HEALTH_CODE_URL, REFER, REFUSE
from kiosk.health.store import SqliteOutcomeStore
from kiosk.health.verifiers import OnlineVerifier, parse_answer

NOW = datetime(2026, 3, 2, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
NAME, ID_NUMBER, PHONE = "王小明", "320402199001011234", "13912345678"
RELEASE = threading.Event()

# token in the scanned URL -> (HTTP status, body)
ANSWERS: dict[str, tuple[int, bytes]] = {
    "green0001": (200, json.dumps({"code": 0, "data": {"level": "green", "name": NAME, "idCard": ID_NUMBER,
                                                       "phone": PHONE}}, ensure_ascii=False).encode()),
    "yellow001": (200, json.dumps({"code": 0, "data": {"level": "黄码"}}).encode()),
    "red000001": (200, json.dumps({"code": "0", "data": {"level": 2}}).encode()),
    "expired01": (200, b'{"code": 111, "msg": "expired"}'),
    "province1": (200, b'{"code": 112, "msg": "other province"}'),
    "noaccess6": (200, b'{"code": 116}'),
    "noaccess8": (200, b'{"code": 118}'),
    "servererr": (500, b"internal error"),
    "notjson01": (200, b"<html>gateway</html>"),
    "nolevel01": (200, b'{"code": 0, "data": {}}'),
    "oddcode01": (200, b'{"code": 999}'),
    "listjson1": (200, b"[1, 2, 3]"),
}


class Service(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        request = json.loads(self.rfile.read(length))
        token = request["qrCode"].split("qrCode=V")[1].split("#")[0].split("&")[0]
        self.server.seen_auth = self.headers.get("Authorization")  # type: ignore[attr-defined]
        if token == "hanging1":
            RELEASE.wait(10)
            return
        status, body = ANSWERS[token]
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def service() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Service)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    RELEASE.set()
    server.shutdown()
    server.server_close()


def online_settings(settings: Settings, server: ThreadingHTTPServer, green: str = "admit") -> Settings:
    health = dataclasses.replace(settings.health_check, verifier="online", green=green,
                                 online_endpoint=f"http://127.0.0.1:{server.server_port}/verify", allow_http=True,
                                 online_timeout_seconds=0.5, online_credentials_env="KIOSK_TEST_HEALTH_TOKEN")
    return dataclasses.replace(settings, health_check=health)


def sighting(token: str, colour: str = "green") -> Sighting:
    url = sample_health_url(token)
    import numpy as np
    return Sighting(Detection(url.encode(), np.zeros((4, 2), np.float32), "pyzbar"), HEALTH_CODE_URL,
                    ColourReading(colour, 0.9))


@pytest.mark.parametrize(("token", "decision", "reason", "colour", "fallback"), [
    ("green0001", ADMIT, "green", "green", False),
    ("yellow001", REFER, "yellow", "yellow", False),
    ("red000001", REFUSE, "red_confirmed", "red", False),
    ("expired01", REFER, "code_expired", "green", False),
    ("province1", REFER, "other_province", "green", False),
    ("noaccess6", ADMIT, "green", "green", True),
    ("noaccess8", ADMIT, "green", "green", True),
    ("servererr", ADMIT, "green", "green", True),
    ("notjson01", ADMIT, "green", "green", True),
    ("nolevel01", ADMIT, "green", "green", True),
    ("oddcode01", ADMIT, "green", "green", True),
    ("listjson1", ADMIT, "green", "green", True),
    ("hanging1", ADMIT, "green", "green", True),
])
def test_each_answer_of_the_service(service, settings, monkeypatch, token, decision, reason, colour, fallback) -> None:
    monkeypatch.setenv("KIOSK_TEST_HEALTH_TOKEN", "s3cret")
    check = HealthCheck.from_settings(online_settings(settings, service), None)
    result = check.assess(sighting(token), NOW)
    assert (result.decision, result.reason, result.colour, result.fallback) == (decision, reason, colour, fallback)
    assert result.source == ("offline" if fallback else "online")
    if fallback:
        assert "无法连接" in result.message and "could not be reached" in result.message_en
    assert service.seen_auth == "Bearer s3cret"


def test_fallback_still_sends_a_yellow_code_to_staff(service, settings) -> None:
    check = HealthCheck.from_settings(online_settings(settings, service), None)
    assert check.assess(sighting("servererr", "yellow"), NOW).decision == REFER
    staff = HealthCheck.from_settings(online_settings(settings, service, green="staff"), None)
    assert staff.assess(sighting("green0001"), NOW).reason == "green_staff_check"


def test_hanging_service_times_out_quickly(service) -> None:
    verifier = OnlineVerifier(f"http://127.0.0.1:{service.server_port}/", "NO_SUCH_ENV", 0.3, allow_http=True)
    answer = verifier.ask(sample_health_url("hanging1"))
    assert (answer.problem, answer.reached) == ("timeout", False)


def test_unreachable_service() -> None:
    answer = OnlineVerifier("http://127.0.0.1:9/", "NO_SUCH_ENV", 0.5, allow_http=True).ask(sample_health_url())
    assert answer.reached is False
    assert answer.problem in ("unreachable", "timeout")
    assert OnlineVerifier("https://127.0.0.1:9/", "NO_SUCH_ENV", 0.5).ask("x").problem in ("unreachable", "timeout")


@pytest.mark.parametrize("endpoint", ["http://health.example.cn/verify", "not a url", "ftp://health.example.cn/",
                                      "file:///etc/passwd", "https://"])
def test_the_verifier_refuses_any_endpoint_but_https(endpoint: str) -> None:
    """A scanned code once went to an http:// endpoint in clear text (issue #18)."""
    with pytest.raises(ValueError, match="https://"):
        OnlineVerifier(endpoint, "NO_SUCH_ENV", 0.5)


def test_config_refuses_http_unless_allowed(tmp_path) -> None:
    from kiosk.foundation.config import ConfigError, load_settings

    config = tmp_path / "config.ini"
    config.write_text("[health_check]\nverifier = online\nonline_endpoint = http://10.0.0.5/verify\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[health_check\] online_endpoint: expected an https:// address"):
        load_settings(config)
    config.write_text("[health_check]\nverifier = online\nonline_endpoint = http://10.0.0.5/verify\n"
                      "allow_http = yes\n", encoding="utf-8")
    assert load_settings(config).health_check.allow_http
    config.write_text("[health_check]\nonline_endpoint = https://10.0.0.5/verify\n", encoding="utf-8")
    assert load_settings(config).health_check.online_endpoint == "https://10.0.0.5/verify"


def test_oversized_answer_is_malformed() -> None:
    assert parse_answer(b" " * 70_000 + b'{"code": 0}').problem == "bad_answer"


def test_privacy_through_the_online_path(service, settings, tmp_path: Path) -> None:
    """A code carrying a made-up name and ID number, answered with name, ID and phone: none of
    them reaches the SQLite file or the logs; the screen gets a masked name only."""
    log_file = configure_logging(tmp_path / "logs", "kiosk.log")
    logging.getLogger().setLevel(logging.DEBUG)
    try:
        payload = sample_health_url("green0001").replace("#/result", f"&name={NAME}&id={ID_NUMBER}#/result")
        clip = write_clip(tmp_path / "visitor.avi", clip_frames(payload, "green", 6, degradation=MILD, seed=2))
        online = online_settings(settings, service)
        store = SqliteOutcomeStore(tmp_path / "kiosk.db")
        check = HealthCheck.from_settings(online, None)
        check.store = store
        result = scan_source(str(clip), online, check, lambda: NOW)
        assert result.decision is not None
        assert (result.decision.decision, result.decision.source) == (ADMIT, "online")
        assert result.decision.masked_name == "王*明"
        check.record(result.decision, NOW)
        check.override(result.decision, "staff-07", NOW)
        logging.getLogger("kiosk.test").info("decision %r", result.decision)
    finally:
        logging.getLogger().setLevel(logging.INFO)
        for handler in logging.getLogger().handlers:
            handler.flush()
    assert [o.reason for o in store.outcomes()] == ["green", "staff_override"]
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("kiosk.db*"))
    logs = b"".join(p.read_bytes() for p in log_file.parent.iterdir())
    assert b"health check: admit" in logs
    for secret in (NAME, ID_NUMBER, PHONE, "green0001", "jszwfw", "王*明"):
        assert secret.encode() not in stored, secret
        assert secret.encode() not in logs, secret
