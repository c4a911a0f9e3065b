"""Legal service products (法律服务产品) for citizens and enterprises: the catalogue in ``assets/products``.

Each product says what it is, for whom, who provides it and what to bring,
and how to book it: an appointment for a counter service, or a work order of
a kind a visitor may ask for. A centre edits the catalogue by giving its own
file of the same form (``kiosk-admin kb import``, read with :func:`load_products`);
a wrong entry is refused with the product and field named, before any screen
shows it. Each product is listed in one or both groups: for citizens, for
enterprises.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kiosk.foundation.resources import asset
from kiosk.queue.model import SERVICE_CODES
from kiosk.workorders.model import REQUESTABLE_KINDS, WorkOrderError, check_topic

TEXT_FIELDS = ("code", "name", "name_en", "for_whom", "for_whom_en", "what", "what_en", "provider", "provider_en")
GROUPS: dict[str, tuple[str, str]] = {"citizens": ("面向群众", "For citizens"),
                                      "enterprises": ("面向企业", "For enterprises")}
# A catalogue is a few pages of text: anything larger is not one, and would not fit a screen.
MAX_BYTES = 1024 * 1024
MAX_PRODUCTS = 100
MAX_TEXT_CHARS = 2000
MAX_BRING_LINES = 30


class ProductError(Exception):
    """The catalogue cannot be used; the message names the file, product and field."""


@dataclass(frozen=True)
class Citation:
    law: str  # short title as in the statute corpus
    version: str  # the adoption date of the version cited
    article: int


@dataclass(frozen=True)
class Booking:
    """``appointment`` with a queue service code, or ``workorder`` with a work-order kind and the matter
    (a code of the matter tiles) the order is preset to."""

    kind: str
    target: str
    matter: str = ""


@dataclass(frozen=True)
class Product:
    code: str
    groups: tuple[str, ...]
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
        return {"code": self.code, "groups": list(self.groups), "name": pick("name"), "for_whom": pick("for_whom"),
                "what": pick("what"),
                "provider": pick("provider"), "bring": list(pick("bring")), "booking": vars(self.booking),
                "cites": [vars(c) for c in self.cites]}


def _product(raw: object, where: str) -> Product:
    if not isinstance(raw, dict):
        raise ProductError(f"{where}: expected an object")
    for name in TEXT_FIELDS:
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise ProductError(f"{where}: {name}: expected a non-empty text")
        if len(raw[name]) > MAX_TEXT_CHARS:
            raise ProductError(f"{where}: {name}: longer than {MAX_TEXT_CHARS} characters")
    try:
        check_topic(raw["code"])
    except WorkOrderError:
        raise ProductError(f"{where}: code: expected letters, digits, _ or - only (up to 40)") from None
    where = f"{where} ({raw['code']})"
    groups = raw.get("groups")
    if not isinstance(groups, list) or not groups or not all(group in GROUPS for group in groups):
        raise ProductError(f"{where}: groups: expected a list of one or both of {', '.join(GROUPS)}")
    for name in ("bring", "bring_en"):
        if not isinstance(raw.get(name), list) or not raw[name] or not all(isinstance(x, str) and x.strip()
                                                                           for x in raw[name]):
            raise ProductError(f"{where}: {name}: expected a list of texts")
        if len(raw[name]) > MAX_BRING_LINES or any(len(x) > MAX_TEXT_CHARS for x in raw[name]):
            raise ProductError(f"{where}: {name}: more than {MAX_BRING_LINES} lines or a line longer than "
                               f"{MAX_TEXT_CHARS} characters")
    if len(raw["bring"]) != len(raw["bring_en"]):
        raise ProductError(f"{where}: bring_en: expected one English line for each line of bring")
    how = _booking(raw.get("booking"), where)
    try:
        cites = tuple(Citation(str(c["law"]), str(c["version"]), int(c["article"])) for c in raw.get("cites", []))
    except (KeyError, TypeError, ValueError):
        raise ProductError(f"{where}: cites: expected a list of {{\"law\", \"version\", \"article\"}}") from None
    return Product(**{name: raw[name].strip() for name in TEXT_FIELDS}, groups=tuple(dict.fromkeys(groups)),
                   bring=tuple(x.strip() for x in raw["bring"]), bring_en=tuple(x.strip() for x in raw["bring_en"]),
                   booking=how, cites=cites)


def _booking(booking: object, where: str) -> Booking:
    if not isinstance(booking, dict):
        booking = {}
    if booking.get("kind") == "appointment" and booking.get("service") in SERVICE_CODES:
        return Booking("appointment", booking["service"])
    if booking.get("kind") == "workorder" and booking.get("workorder_kind") in REQUESTABLE_KINDS:
        try:
            matter = check_topic(booking.get("matter") or "other")
        except WorkOrderError:
            raise ProductError(f"{where}: booking: matter: expected a matter code such as contract or other") from None
        return Booking("workorder", booking["workorder_kind"], matter)
    raise ProductError(f"{where}: booking: expected {{\"kind\": \"appointment\", \"service\": one of "
                       f"{', '.join(SERVICE_CODES)}}} or {{\"kind\": \"workorder\", \"workorder_kind\": one of "
                       f"{', '.join(REQUESTABLE_KINDS)}}}")


def is_products_file(path: Path) -> bool:
    """Whether ``kb import`` takes ``path`` for a products catalogue: a JSON file named products*.json."""
    return path.suffix.lower() == ".json" and path.name.lower().startswith("products")


def load_products(path: Path | None = None) -> list[Product]:
    """The catalogue at ``path`` (the shipped one when None), checked; ProductError names what is wrong."""
    return read_catalogue(path or asset("products", "products.json"))[0]


def read_catalogue(path: Path) -> tuple[list[Product], str]:
    """The catalogue at ``path``, checked, and its text as read (what an import keeps)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ProductError(f"{path}: {size / 1024 / 1024:.1f} MB, over the {MAX_BYTES // 1024 // 1024} MB "
                               "limit for a products catalogue")
        data = path.read_bytes()
    except OSError as error:
        raise ProductError(f"{path}: cannot read it ({error.strerror or error})") from None
    text = _decoded(data, str(path))
    return parse_products(text, str(path)), text


def _decoded(data: bytes, where: str) -> str:
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ProductError(f"{where}:{line}: not UTF-8 text") from None


def parse_products(text: str, where: str) -> list[Product]:
    """A catalogue from its JSON text; ``where`` (a file name) starts every ProductError's line."""
    try:
        parsed = json.loads(text)
    except ValueError as error:
        raise ProductError(f"{where}: not JSON ({error})") from None
    entries = parsed.get("products") if isinstance(parsed, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ProductError(f"{where}: products: expected {{\"products\": [...]}} with at least one product")
    if len(entries) > MAX_PRODUCTS:
        raise ProductError(f"{where}: products: {len(entries)} products, more than {MAX_PRODUCTS}")
    products = [_product(raw, f"{where}: product {n}") for n, raw in enumerate(entries, 1)]
    codes = [p.code for p in products]
    twice = next((code for code in codes if codes.count(code) > 1), None)
    if twice:
        raise ProductError(f"{where}: code: the product code {twice} is given twice")
    return products
