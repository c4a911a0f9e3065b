"""The health check as one service: frames in, a decision out, an anonymous outcome stored.

The UI and ``kiosk-admin scan`` both drive this; neither sees a payload.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk.foundation.config import Settings
from kiosk.health.camera import FAILED, Camera, Frame
from kiosk.health.classify import Classifier
from kiosk.health.colour import ColourReading, read_colour
from kiosk.health.decision import Decision, decide, override, with_visitor
from kiosk.health.decoder import Decoder, Detection, RepeatFilter
from kiosk.health.model import EU_DCC, HEALTH_CODE_URL, NO_CODE, NOT_HEALTH_CODE, RED
from kiosk.health.store import Outcome, OutcomeStore, Override
from kiosk.health.temperature import DOOR, OK, Reading
from kiosk.health.verifiers import OnlineVerifier, offline_colour_rule

if TYPE_CHECKING:
    import numpy as np

    from kiosk.health import eu_dcc

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sighting:
    """A new code held up to the camera. ``detection`` holds the payload: one check only."""

    detection: Detection
    kind: str
    colour: ColourReading


class Scanner:
    """Frames to sightings: decoding, the repeat window and classification."""

    def __init__(self, settings: Settings, use_fallback: bool = True):
        camera = settings.camera
        self.decoder = Decoder(camera.fallback_every, use_fallback, camera.decode_width)
        self.repeats = RepeatFilter(camera.repeat_seconds)
        self.classifier = Classifier(settings.health_check.url_patterns, camera.max_payload_bytes)

    def feed(self, image: np.ndarray, now: float) -> Sighting | None:
        """A new code in this frame (monotonic ``now``), or None."""
        detection = self.decoder.decode(image)
        if detection is None or not self.repeats.is_new(detection.raw, now):
            return None
        kind = self.classifier.kind(detection.raw, detection.text)
        return Sighting(detection, kind, read_colour(image, detection.polygon))


class HealthCheck:
    """Verifies sightings, adds temperature and mask, records outcomes."""

    def __init__(self, settings: Settings, store: OutcomeStore | None = None,
                 online: OnlineVerifier | None = None, trust_list: eu_dcc.TrustList | None = None):
        self.settings = settings
        self.store = store
        self.online = online
        self.trust_list = trust_list

    @classmethod
    def from_settings(cls, settings: Settings, store: OutcomeStore | None) -> HealthCheck:
        """As configured, recording outcomes in ``store`` (the composition root opens it; None records
        nothing); raises ValueError("expected ...") for an unreadable trust list."""
        health = settings.health_check
        online = None
        if health.verifier == "online" and health.online_endpoint:
            online = OnlineVerifier(health.online_endpoint, health.online_credentials_env,
                                    health.online_timeout_seconds, health.allow_http)
        elif health.verifier == "online":
            log.warning("health check: verifier = online but no online_endpoint; the colour rule decides")
        trust = None
        if health.eu_trust_list:
            from kiosk.health import eu_dcc  # cryptography: loaded where a trust list or an EU code needs it

            try:
                trust = eu_dcc.TrustList.load(health.eu_trust_list)
            except OSError as error:
                raise ValueError(f"expected a readable trust list at {health.eu_trust_list}: "
                                 f"{error.strerror}") from None
        return cls(settings, store, online, trust)

    def assess(self, sighting: Sighting | None, now: datetime) -> Decision:
        """What the code alone says; ``None`` means nothing readable was shown."""
        if sighting is None:
            return decide("no_code", NO_CODE)
        colour = sighting.colour
        if sighting.kind == NOT_HEALTH_CODE:
            return decide("not_health_code", NOT_HEALTH_CODE, colour.colour, confidence=colour.confidence)
        if sighting.kind == EU_DCC:
            from kiosk.health import eu_dcc

            result = eu_dcc.verify(sighting.detection.text, self.trust_list, now)
            return decide(result.reason, EU_DCC, colour.colour, source="eu_dcc", confidence=colour.confidence)
        fallback = False
        if self.online is not None:
            answer = self.online.ask(sighting.detection.text)
            if answer.reached:
                if answer.colour is None:
                    return decide(answer.problem, HEALTH_CODE_URL, colour.colour, source="online")
                reason = "red_confirmed" if answer.colour == RED else self._offline_reason(answer.colour)
                return decide(reason, HEALTH_CODE_URL, answer.colour, source="online", confidence=1.0,
                              masked_name=answer.masked_name)
            fallback = True
            log.info("health check: service %s, colour rule used", answer.problem)
        return decide(self._offline_reason(colour.colour), HEALTH_CODE_URL, colour.colour, fallback=fallback,
                      confidence=colour.confidence)

    def _offline_reason(self, colour: str) -> str:
        return offline_colour_rule(colour, self.settings.health_check.green)[1]

    def complete(self, code: Decision, temperature: Reading, mask_confirmed: bool) -> Decision:
        """Add the temperature and the mask to what the code said."""
        health = self.settings.health_check
        if temperature.status == DOOR:
            temperature_reason = None
        elif temperature.status == OK and temperature.celsius is not None:
            temperature_reason = "temperature_high" if temperature.celsius >= health.temperature_threshold else None
        else:
            temperature_reason = "temperature_unavailable"
        return with_visitor(code, temperature_reason, health.mask == "none" or mask_confirmed)

    def record(self, decision: Decision, now: datetime) -> None:
        """Store the anonymous outcome (when there is a store)."""
        if self.store is not None:
            self.store.add(Outcome.of(decision, now, self.settings.centre.kiosk_id))
        log.info("health check: %s (%s, %s, %s)", decision.decision, decision.reason, decision.kind, decision.colour)

    def override(self, decision: Decision, staff_id: str, now: datetime) -> Decision:
        """Staff admit the visitor; audited with who did it, then stored as an outcome."""
        admitted = override(decision, staff_id)
        if self.store is not None:
            self.store.add_override(Override(now, self.settings.centre.kiosk_id, staff_id, decision.decision,
                                             decision.reason))
        self.record(admitted, now)
        return admitted


@dataclass(frozen=True)
class ScanResult:
    decision: Decision | None  # None: no code found before the source ended
    frames: int  # frames read until the decision
    seconds: float  # video time until the decision (frames over the source's frame rate)
    elapsed: float  # wall-clock seconds spent
    problem: str = ""  # why the source could not be read, when it could not


def scan_frames(frames: Iterable[Frame], scanner: Scanner, check: HealthCheck,
                now: Callable[[], datetime]) -> ScanResult:
    """The first new code in ``frames``, decided; the door temperature and a confirmed mask
    are assumed, as ``kiosk-admin scan`` checks the code alone."""
    started = time.monotonic()
    count, seconds = 0, 0.0
    for frame in frames:
        count, seconds = frame.number, frame.video_seconds
        sighting = scanner.feed(frame.image, frame.captured_at)
        if sighting is not None:
            decision = check.complete(check.assess(sighting, now()), Reading(DOOR), True)
            return ScanResult(decision, count, seconds, time.monotonic() - started)
    return ScanResult(None, count, seconds, time.monotonic() - started)


def scan_source(source: str, settings: Settings, check: HealthCheck, now: Callable[[], datetime],
                use_fallback: bool = True) -> ScanResult:
    """Every frame of an image, folder of images or video file, in order, until a decision."""
    with Camera(source, settings.camera.width, settings.camera.height, lockstep=True) as camera:
        result = scan_frames(camera.frames(timeout=10.0), Scanner(settings, use_fallback), check, now)
        status = camera.status()
    if result.decision is None and status.state == FAILED:
        return replace(result, problem=status.problem)
    return result

