"""EU Digital COVID Certificates: HC1: + Base45 + zlib + COSE_Sign1 (ES256, PS256) + CWT.

The signing certificate is found by ``kid`` (first 8 bytes of the SHA-256 of the
DER certificate) in a trust-list file; signature, issued-at and expiry are
checked against the clock. The holder's data is never looked at beyond that.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import cbor2
from base45 import b45decode
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding

from kiosk.health.classify import EU_PREFIX

ES256, PS256 = -7, -37
_ALG, _KID = 1, 4  # COSE header labels
_EXP, _IAT, _HCERT = 4, 6, -260  # CWT claims
_CWT_TAG = 61
# A certificate's payload is a few kilobytes (a QR code holds under 3 KB compressed); more
# than this inflated is a compression bomb, refused before it is inflated any further.
MAX_INFLATED = 64 * 1024
# Seconds since 1970 a CWT time may take: 1970 to the end of year 9999. NaN, infinities
# and larger magnitudes are no moment at all, so the certificate is malformed.
_LATEST_TIME = 253_402_300_799
# Extended key usages that limit a signing certificate to some kinds of certificate.
# The first published specification had an extra ".0"; signers with either exist.
_USAGE = {kind: (f"1.3.6.1.4.1.1847.2021.1.{n}", f"1.3.6.1.4.1.0.1847.2021.1.{n}")
          for kind, n in (("t", 1), ("v", 2), ("r", 3))}

# Reasons, each a word the decision turns into a message.
VALID = "eu_valid"
MALFORMED = "eu_malformed"
UNKNOWN_SIGNER = "eu_unknown_signer"
BAD_SIGNATURE = "eu_bad_signature"
EXPIRED = "eu_expired"
NOT_YET_VALID = "eu_not_yet_valid"
NO_TRUST_LIST = "eu_not_accepted"
WRONG_USAGE = "eu_wrong_key_usage"


class DccError(ValueError):
    """A certificate that cannot be read; ``stage`` says where it broke."""

    def __init__(self, stage: str, problem: str):
        super().__init__(f"{stage}: {problem}")
        self.stage = stage


def base45_decode(text: str) -> bytes:
    """RFC 9285 (the ``base45`` package): three characters make two bytes, two characters the last one."""
    if text.endswith("\n"):  # the package forgives a trailing newline; a scanned code has none
        raise DccError("base45", "not a Base45 character")
    try:
        return b45decode(text)
    except ValueError:
        raise DccError("base45", "not Base45 (a foreign character, a dangling one or a group out of range)") from None


def kid_of(certificate_der: bytes) -> bytes:
    return hashlib.sha256(certificate_der).digest()[:8]


class TrustList:
    """Signing certificates by kid. File: a JSON list of {"kid"?, "rawData"|"certificate"}
    (base64 DER) or a PEM bundle."""

    def __init__(self, certificates: dict[bytes, x509.Certificate]):
        self._certificates = certificates

    def __len__(self) -> int:
        return len(self._certificates)

    @classmethod
    def from_der(cls, certificates: list[bytes]) -> TrustList:
        return cls({kid_of(der): x509.load_der_x509_certificate(der) for der in certificates})

    @classmethod
    def load(cls, path: Path) -> TrustList:
        """Raises ValueError("expected ...") for a file that is not a trust list."""
        data = Path(path).read_bytes()
        if b"-----BEGIN CERTIFICATE-----" in data:
            loaded = x509.load_pem_x509_certificates(data)
            return cls({kid_of(c.public_bytes(Encoding.DER)): c for c in loaded})
        try:
            entries = json.loads(data)
            found = {}
            for entry in entries:
                der = base64.b64decode(entry.get("rawData") or entry["certificate"])
                kid = base64.b64decode(entry["kid"]) if entry.get("kid") else kid_of(der)
                found[kid] = x509.load_der_x509_certificate(der)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"expected a JSON list of base64 certificates or a PEM file ({error})") from None
        return cls(found)

    def get(self, kid: bytes) -> x509.Certificate | None:
        return self._certificates.get(kid)


@dataclass(frozen=True)
class DccResult:
    reason: str  # VALID or why not
    stage: str = ""  # where reading stopped, for the test-vector report

    @property
    def valid(self) -> bool:
        return self.reason == VALID


@dataclass(frozen=True)
class Cose:
    protected: bytes
    payload: bytes
    signature: bytes
    algorithm: int | None
    kid: bytes | None


def unpack(text: str) -> Cose:
    """Prefix, Base45, zlib and COSE_Sign1 structure; raises DccError naming the stage."""
    if not text.startswith(EU_PREFIX):
        raise DccError("prefix", "no HC1: prefix")
    raw = inflate(base45_decode(text[len(EU_PREFIX):]))
    try:
        message = cbor2.loads(raw)
    except Exception:  # cbor2 raises several types for garbage
        raise DccError("cose", "not CBOR") from None
    while isinstance(message, cbor2.CBORTag) and message.tag == _CWT_TAG:
        message = message.value
    if isinstance(message, cbor2.CBORTag):
        if message.tag != 18:
            raise DccError("cose", f"CBOR tag {message.tag} is not COSE_Sign1")
        message = message.value
    if not (isinstance(message, list) and len(message) == 4 and isinstance(message[0], bytes)
            and isinstance(message[2], bytes) and isinstance(message[3], bytes)):
        raise DccError("cose", "not a COSE_Sign1 structure")
    protected_bytes, unprotected, payload, signature = message
    try:
        protected = cbor2.loads(protected_bytes) if protected_bytes else {}
    except Exception:
        raise DccError("cose", "protected header is not CBOR") from None
    if not isinstance(protected, dict):
        raise DccError("cose", "protected header is not a map")
    unprotected = unprotected if isinstance(unprotected, dict) else {}
    # The protected header wins; some issuers put the kid in the unprotected one.
    kid = protected.get(_KID, unprotected.get(_KID))
    algorithm = protected.get(_ALG, unprotected.get(_ALG))
    return Cose(protected_bytes, payload, signature, algorithm, kid if isinstance(kid, bytes) else None)


def inflate(compressed: bytes) -> bytes:
    """zlib data inflated to at most ``MAX_INFLATED`` bytes; raises DccError("zlib") beyond."""
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(compressed, MAX_INFLATED)
    except zlib.error:
        raise DccError("zlib", "not zlib data") from None
    if inflater.unconsumed_tail:
        raise DccError("zlib", f"inflates to more than {MAX_INFLATED} bytes")
    if not inflater.eof:
        raise DccError("zlib", "not zlib data")
    return raw


def _moment(value: object) -> bool:
    """Whether a CWT time claim is a real moment: a finite number between 1970 and 9999."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value) and 0 <= value <= _LATEST_TIME


def verify_signature(cose: Cose, certificate: x509.Certificate) -> bool:
    to_sign = cbor2.dumps(["Signature1", cose.protected, b"", cose.payload])
    key = certificate.public_key()
    try:
        if cose.algorithm == ES256 and isinstance(key, ec.EllipticCurvePublicKey):
            # r || s, each as long as the curve's order (some issuers sign ES256 on P-384)
            half = (key.curve.key_size + 7) // 8
            if len(cose.signature) != 2 * half:
                return False
            r = int.from_bytes(cose.signature[:half], "big")
            s = int.from_bytes(cose.signature[half:], "big")
            key.verify(encode_dss_signature(r, s), to_sign, ec.ECDSA(hashes.SHA256()))
            return True
        if cose.algorithm == PS256 and isinstance(key, rsa.RSAPublicKey):
            key.verify(cose.signature, to_sign,
                       padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH),
                       hashes.SHA256())
            return True
    except (InvalidSignature, ValueError):
        return False
    return False


def _usage_allows(certificate: x509.Certificate, certificate_data: dict) -> bool:
    """A signer marked for tests only may not sign vaccinations, and so on; unmarked signs all."""
    try:
        usages = {o.dotted_string for o in certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value}
    except x509.ExtensionNotFound:
        return True
    except ValueError:  # extensions that do not parse (some test certificates): no limit read
        return True
    allowed = {kind for kind, oids in _USAGE.items() if usages.intersection(oids)}
    if not allowed:
        return True
    return set(certificate_data) & set(_USAGE) <= allowed


def verify(text: str, trust_list: TrustList | None, now: datetime) -> DccResult:
    """Check an ``HC1:`` text completely; never raises for any input."""
    if trust_list is None:
        return DccResult(NO_TRUST_LIST, "trust_list")
    try:
        cose = unpack(text)
    except DccError as error:
        return DccResult(MALFORMED, error.stage)
    certificate = trust_list.get(cose.kid) if cose.kid else None
    if certificate is None:
        return DccResult(UNKNOWN_SIGNER, "kid")
    if not verify_signature(cose, certificate):
        return DccResult(BAD_SIGNATURE, "signature")
    try:
        claims = cbor2.loads(cose.payload)
    except Exception:
        return DccResult(MALFORMED, "cwt")
    if not isinstance(claims, dict):
        return DccResult(MALFORMED, "cwt")
    issued, expires = claims.get(_IAT), claims.get(_EXP)
    if not _moment(expires) or (issued is not None and not _moment(issued)):
        return DccResult(MALFORMED, "cwt")
    hcert = claims.get(_HCERT)
    if not (isinstance(hcert, dict) and isinstance(hcert.get(1), dict)):
        return DccResult(MALFORMED, "cwt")
    if not _usage_allows(certificate, hcert[1]):
        return DccResult(WRONG_USAGE, "key_usage")
    moment = now.timestamp()
    if moment > expires:
        return DccResult(EXPIRED, "expiry")
    if issued is not None and moment < issued:
        return DccResult(NOT_YET_VALID, "expiry")
    return DccResult(VALID)
