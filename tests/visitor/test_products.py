"""Legal service products for the visitor: the catalogue in use (staff's import, else the shipped one) in its
two groups, a product's take-away QR, and the service its appointment is booked under."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.legal.library import LegalLibrary
from kiosk.visitor.printouts import scans_on_screen
from kiosk.visitor.products import (
    booking_service,
    booking_way,
    catalogue_of,
    citations,
    group_name,
    product_catalogue,
    product_take_away,
)
from kiosk.visitor.workorders import MATTERS
from kiosk.workorders.products import load_products

MONDAY_MORNING = datetime(2026, 11, 30, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def library(runtime):
    opened = LegalLibrary.for_runtime(runtime)
    yield opened
    opened.close()


def test_the_shipped_catalogue_is_shown_until_staff_import_one(library):
    catalogue = product_catalogue(library)
    assert not catalogue.imported
    assert [p.code for p in catalogue.group("citizens")] == ["trade_notarisation", "village_legal_adviser"]
    assert [p.code for p in catalogue.group("enterprises")] == ["contract_management", "legal_health_check",
                                                                "trade_notarisation", "legal_adviser"]
    assert catalogue.product("legal_adviser").name == "法律顾问" and catalogue.product("tea") is None
    assert (group_name("citizens", "zh_CN"), group_name("enterprises", "en")) == ("面向群众", "For enterprises")


def test_an_imported_catalogue_is_used_instead(library):
    product = {"code": "family_mediation", "groups": ["citizens"], "name": "家事调解", "name_en": "Family mediation",
               "for_whom": "家庭成员", "for_whom_en": "Family members", "what": "调解员帮助家庭成员商量解决纠纷。",
               "what_en": "A mediator helps.", "provider": "人民调解委员会", "provider_en": "A mediation committee",
               "bring": ["身份证"], "bring_en": ["Your ID"], "booking": {"kind": "appointment", "service": "mediation"}}
    data = {"products": [product]}
    library.keep_products(json.dumps(data, ensure_ascii=False))
    catalogue = catalogue_of(library)
    assert catalogue.imported and [p.code for p in catalogue.products] == ["family_mediation"]
    assert catalogue.group("enterprises") == []


def test_an_imported_catalogue_that_no_longer_passes_falls_back_to_the_shipped_one(library, caplog):
    library.keep_products('{"products": [{"code": "x"}]}')
    catalogue = catalogue_of(library)
    assert not catalogue.imported and len(catalogue.products) == len(load_products())
    assert "the imported products catalogue is not used" in caplog.text


def test_a_product_is_booked_under_its_service_while_the_centre_offers_it(services):
    assert booking_service(services, "notarisation").code == "notarisation"
    services.centre.set_service("notarisation", "test", MONDAY_MORNING, enabled=False)
    assert booking_service(services, "notarisation") is None
    assert booking_service(services, "tea") is None


def test_every_shipped_product_can_be_booked_here(services):
    for product in load_products():
        if product.booking.kind == "appointment":
            assert booking_service(services, product.booking.target) is not None, product.code
        else:  # the matter screen shows the preset matter as a chosen tile
            assert product.booking.matter in {matter.code for matter in MATTERS}, product.code


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_take_away_qr_carries_what_to_bring_and_still_scans(language):
    product = {p.code: p for p in load_products()}["trade_notarisation"]
    taken = product_take_away(product, language)
    assert taken.whole and scans_on_screen(taken.text, 384)
    assert all(line in taken.text for line in (product.bring_en if language == "en" else product.bring))
    # A provider too long for the code: what to bring is kept, the rest is left to the screen.
    wordy = replace(product, provider=product.provider * 200, provider_en=product.provider_en * 100)
    kept = product_take_away(wordy, language)
    assert not kept.whole and scans_on_screen(kept.text, 384)
    assert all(line in kept.text for line in (product.bring_en if language == "en" else product.bring))
    rest = "The rest is on the kiosk's screen." if language == "en" else "其余内容请在自助机上查看。"
    assert kept.text.endswith(rest)


def test_citations_and_the_booking_way_are_worded_in_both_languages():
    product = {p.code: p for p in load_products()}["contract_management"]
    assert citations(product, "zh_CN") == "《民法典》第四百六十九条（2020-05-28 版）"
    assert citations(product, "en") == "民法典 (2020-05-28), Article 469"
    assert booking_way(product, "zh_CN").startswith("预约") and booking_way(product, "en").startswith("Book")
