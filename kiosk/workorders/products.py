"""Legal service products (法律服务产品) for citizens and enterprises: the catalogue in ``assets/products``.

Each product says what it is, for whom, who provides it and what to bring,
and how to book it: an appointment for a counter service, or a work order of
a kind a visitor may ask for. A centre edits the catalogue by giving its own
file of the same form (``load_products(path)``); a wrong entry is refused with
the product and field named, before any screen shows it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kiosk.foundation.resources import asset
from kiosk.queue.model import SERVICE_CODES
from kiosk.workorders.model import REQUESTABLE_KINDS

TEXT_FIELDS = ("code", "name", "name_en", "for_whom", "for_whom_en", "what", "what_en", "provider", "provider_en")


class ProductError(Exception):
    """The catalogue cannot be used; the message names the file, product and field."""


@dataclass(frozen=True)
class Citation:
    law: str  # short title as in the statute corpus
    version: str  # the adoption date of the version cited
    article: int


@dataclass(frozen=True)
class Booking:
    """``appointment`` with a queue service code, or ``workorder`` with a work-order kind."""

    kind: str
    target: str


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    name_en: str
    for_whom: str
    for_whom_en: str
    what: str
    what_en: str
    provider: str
    provider_en: str
    bring: tuple[str, ...]
    bring_en: tuple[str, ...]
    booking: Booking
    cites: tuple[Citation, ...]

    def text(self, language: str = "zh_CN") -> dict[str, object]:
        """The product's words in one language, for a screen."""
        en = language == "en"
        pick = (lambda name: getattr(self, f"{name}_en")) if en else (lambda name: getattr(self, name))
        return {"code": self.code, "name": pick("name"), "for_whom": pick("for_whom"), "what": pick("what"),
                "provider": pick("provider"), "bring": list(pick("bring")), "booking": vars(self.booking),
                "cites": [vars(c) for c in self.cites]}


def _product(raw: object, where: str) -> Product:
    if not isinstance(raw, dict):
        raise ProductError(f"{where}: expected an object")
    for name in TEXT_FIELDS:
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise ProductError(f"{where}: {name}: expected a non-empty text")
    where = f"{where} ({raw['code']})"
    for name in ("bring", "bring_en"):
        if not isinstance(raw.get(name), list) or not raw[name] or not all(isinstance(x, str) and x for x in raw[name]):
            raise ProductError(f"{where}: {name}: expected a list of texts")
    if len(raw["bring"]) != len(raw["bring_en"]):
        raise ProductError(f"{where}: bring_en: expected one English line for each line of bring")
    booking = raw.get("booking") or {}
    if booking.get("kind") == "appointment" and booking.get("service") in SERVICE_CODES:
        how = Booking("appointment", booking["service"])
    elif booking.get("kind") == "workorder" and booking.get("workorder_kind") in REQUESTABLE_KINDS:
        how = Booking("workorder", booking["workorder_kind"])
    else:
        raise ProductError(f"{where}: booking: expected {{\"kind\": \"appointment\", \"service\": one of "
                           f"{', '.join(SERVICE_CODES)}}} or {{\"kind\": \"workorder\", \"workorder_kind\": one of "
                           f"{', '.join(REQUESTABLE_KINDS)}}}")
    try:
        cites = tuple(Citation(str(c["law"]), str(c["version"]), int(c["article"])) for c in raw.get("cites", []))
    except (KeyError, TypeError, ValueError):
        raise ProductError(f"{where}: cites: expected a list of {{\"law\", \"version\", \"article\"}}") from None
    return Product(**{name: raw[name].strip() for name in TEXT_FIELDS}, bring=tuple(raw["bring"]),
                   bring_en=tuple(raw["bring_en"]), booking=how, cites=cites)


def load_products(path: Path | None = None) -> list[Product]:
    """The catalogue at ``path`` (the shipped one when None), checked; ProductError names what is wrong."""
    path = path or asset("products", "products.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ProductError(f"{path}: cannot read it ({error.strerror or error})") from None
    except ValueError as error:
        raise ProductError(f"{path}: not JSON ({error})") from None
    entries = data.get("products") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ProductError(f"{path}: expected {{\"products\": [...]}} with at least one product")
    products = [_product(raw, f"{path}: product {n}") for n, raw in enumerate(entries, 1)]
    codes = [p.code for p in products]
    if len(set(codes)) != len(codes):
        raise ProductError(f"{path}: a product code is given twice")
    return products
