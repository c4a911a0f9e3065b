"""Legal service products (法律服务产品): the catalogue in its two groups, a product's words and take-away
QR, and the service or work order it is booked through.

The catalogue in use is the one staff imported (``kiosk-admin kb import``, kept in the knowledge base),
else the shipped one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.foundation.i18n import localised, translate
from kiosk.legal.numerals import article_label, article_label_en
from kiosk.queue import Service
from kiosk.visitor import DRAWING, LEGAL, QUEUE, runs_on
from kiosk.visitor.printouts import SCREEN_QR_PX, TakeAway, scans_on_screen
from kiosk.wiring import Services
from kiosk.workorders.products import GROUPS, Product, ProductError, load_products, parse_products

if TYPE_CHECKING:  # the legal modules load after the first frame
    from kiosk.legal.library import LegalLibrary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Catalogue:
    """The products in use, and whether they are staff's import (else the shipped catalogue)."""

    products: tuple[Product, ...]
    imported: bool

    def group(self, group: str) -> list[Product]:
        """The products listed for ``group`` (citizens or enterprises), in the catalogue's order."""
        return [product for product in self.products if group in product.groups]

    def product(self, code: str) -> Product | None:
        return next((product for product in self.products if product.code == code), None)


def catalogue_of(library: LegalLibrary) -> Catalogue:
    """Staff's imported catalogue, else the shipped one. An imported text was checked when it was imported; one
    that no longer passes (a service code since removed) is logged and the shipped catalogue shown instead."""
    text = library.imported_products()
    if text:
        try:
            return Catalogue(tuple(parse_products(text, "imported products catalogue")), True)
        except ProductError as error:
            log.error("the imported products catalogue is not used: %s", error)
    return Catalogue(tuple(load_products()), False)


@runs_on(LEGAL)
def product_catalogue(library: LegalLibrary) -> Catalogue:
    return catalogue_of(library)


def group_name(group: str, language: str) -> str:
    zh, en = GROUPS[group]
    return en if language == "en" else zh


def citations(product: Product, language: str) -> str:
    """What the product's description rests on, one article a line: 《民法典》第四百六十九条（2020-05-28 版）."""
    if language == "en":
        return "\n".join(f"{cite.law} ({cite.version}), {article_label_en(cite.article, '')}" for cite in product.cites)
    return "\n".join(f"《{cite.law}》{article_label(cite.article, '')}（{cite.version} 版）" for cite in product.cites)


def booking_way(product: Product, language: str) -> str:
    """How the product is booked, in the visitor's words (the i18n text of the booking's kind)."""
    return translate(f"products.by_{product.booking.kind}", language)


@runs_on(QUEUE)
def booking_service(services: Services, code: str) -> Service | None:
    """The service an appointment for a product is booked under; None where this centre does not offer it now."""
    return next((service for service in services.centre.services() if service.code == code and service.enabled),
                None)


@runs_on(DRAWING)
def product_take_away(product: Product, language: str, side_px: float = SCREEN_QR_PX) -> TakeAway:
    """What a product's QR carries: its name and what to bring (一次性告知), then who provides it, as much as
    still scans at ``side_px``; a line that the rest is on the kiosk when not all of it fits."""
    colon = ":" if language == "en" else "："
    bring = "\n".join(f"{index}. {item}" for index, item in enumerate(localised(product, "bring", language), 1))
    title = localised(product, "name", language)
    parts = [f"{translate('products.bring', language)}{colon}\n{bring}",
             f"{translate('products.provider', language)}{colon}\n{localised(product, 'provider', language)}"]
    whole = "\n\n".join([title, *parts])
    if scans_on_screen(whole, side_px):
        return TakeAway(whole, True)
    line = translate("products.qr_rest_on_screen", language)
    for count in range(len(parts) - 1, -1, -1):
        text = "\n\n".join([title, *parts[:count], line])
        if scans_on_screen(text, side_px):
            return TakeAway(text, False)
    return TakeAway(f"{title}\n\n{line}", False)
