"""The legal service products catalogue: complete, bookable, and every citation found in the statute corpus."""

from __future__ import annotations

import json
import re

import pytest

from kiosk.workorders.products import ProductError, load_products

CHINESE_NUMERALS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Article numbers as the corpus writes them (up to 999)."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    text = f"{CHINESE_NUMERALS[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else CHINESE_NUMERALS[tens]) + "十"
    elif hundreds and units:
        text += "零"
    return text + (CHINESE_NUMERALS[units] if units else "")


def test_the_shipped_catalogue_has_the_five_products_of_the_notice():
    products = {p.code: p for p in load_products()}
    assert set(products) == {"contract_management", "legal_health_check", "trade_notarisation", "legal_adviser",
                             "village_legal_adviser"}
    assert products["trade_notarisation"].booking.target == "notarisation"
    assert products["village_legal_adviser"].booking == type(products["legal_adviser"].booking)("workorder", "callback")
    english = products["legal_adviser"].text("en")
    assert english["name"] == "Legal adviser" and english["bring"][0].startswith("A copy")


def test_every_citation_is_an_article_of_that_version_in_the_corpus(shared_data):
    assert chinese_number(469) == "四百六十九" and chinese_number(28) == "二十八" and chinese_number(11) == "十一"
    laws = shared_data / "laws"
    for product in load_products():
        for cite in product.cites:
            files = list(laws.glob(f"*/{cite.law}({cite.version}).md")) or (
                list((laws / cite.law).glob("*.md")) if (laws / cite.law).is_dir() else [])
            assert files, f"{product.code}: {cite.law}({cite.version}) is not in the corpus"
            text = "".join(f.read_text(encoding="utf-8") for f in files)
            assert re.search(rf"^第{chinese_number(cite.article)}条", text, re.M), (product.code, cite)


@pytest.mark.parametrize(("change", "message"), [
    (lambda p: p.pop("what"), "product 1: what: expected a non-empty text"),
    (lambda p: p.update(booking={"kind": "appointment", "service": "tea"}), "(contract_management): booking"),
    (lambda p: p.update(bring_en=["only one"]), "bring_en: expected one English line"),
    (lambda p: p.update(cites=[{"law": "民法典"}]), "cites: expected"),
])
def test_a_wrong_entry_is_refused_naming_the_product_and_field(tmp_path, change, message):
    data = json.loads(json.dumps({"products": [vars_of(p) for p in load_products()]}))
    change(data["products"][0])
    path = tmp_path / "products.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ProductError, match=re.escape(message)):
        load_products(path)


def vars_of(product) -> dict:
    raw = {name: getattr(product, name) for name in ("code", "name", "name_en", "for_whom", "for_whom_en", "what",
                                                     "what_en", "provider", "provider_en")}
    booking = ({"kind": "appointment", "service": product.booking.target} if product.booking.kind == "appointment"
               else {"kind": "workorder", "workorder_kind": product.booking.target})
    return {**raw, "bring": list(product.bring), "bring_en": list(product.bring_en), "booking": booking,
            "cites": [vars(c) for c in product.cites]}
