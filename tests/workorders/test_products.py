"""The legal service products catalogue: complete, bookable, and every citation found in the statute corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kiosk.workorders.products import MAX_BYTES, Booking, ProductError, is_products_file, load_products

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
    assert products["village_legal_adviser"].booking == Booking("workorder", "callback", "other")
    english = products["legal_adviser"].text("en")
    assert english["name"] == "Legal adviser" and english["bring"][0].startswith("A copy")
    assert products["legal_adviser"].booking.matter == "contract"
    # Both groups have products; a product for both is listed in both.
    assert products["village_legal_adviser"].groups == ("citizens",)
    assert products["trade_notarisation"].groups == ("citizens", "enterprises")
    assert products["contract_management"].groups == ("enterprises",)


def test_a_work_order_without_a_matter_is_preset_to_other(tmp_path):
    data = {"products": [vars_of(p) for p in load_products()]}
    del data["products"][1]["booking"]["matter"]
    path = tmp_path / "products.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_products(path)[1].booking == Booking("workorder", "home_visit", "other")


@pytest.mark.parametrize(("content", "message"), [
    (b"{\"products\": [", "not JSON ("),
    ("{\"products\": \"\u4e00\"}".encode(), "products: expected {\"products\": [...]}"),
    (b"[]", "products: expected"),
    (b"{\"products\": [1]}", "product 1: expected an object"),
    (b"{\"products\": []}\n\xff", ":2: not UTF-8 text"),
    (b"{\"products\": [" + b"{}," * 100 + b"{}]}", "products: 101 products, more than 100"),
])
def test_a_malformed_file_is_refused_in_one_line(tmp_path, content, message):
    path = tmp_path / "products.json"
    path.write_bytes(content)
    with pytest.raises(ProductError, match=re.escape(message)) as refused:
        load_products(path)
    assert str(refused.value).startswith(str(path)) and "\n" not in str(refused.value)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "products.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ProductError, match=re.escape("1.0 MB, over the 1 MB limit for a products catalogue")):
        load_products(path)


def test_products_files_are_known_by_their_name():
    assert is_products_file(Path("content/products.json")) and is_products_file(Path("Products-2027.JSON"))
    assert not is_products_file(Path("answers.json")) and not is_products_file(Path("products.csv"))


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
    (lambda p: p.update(groups=["farmers"]), "(contract_management): groups: expected a list of one or both"),
    (lambda p: p.pop("groups"), "(contract_management): groups"),
    (lambda p: p.update(what="很长" * 1001), "product 1: what: longer than 2000 characters"),
    (lambda p: p.update(code="contract management"), "product 1: code: expected letters, digits"),
    (lambda p: p.update(bring=["证件"] * 31, bring_en=["ID"] * 31), "(contract_management): bring: more than 30"),
    (lambda p: p.update(booking={"kind": "workorder", "workorder_kind": "callback", "matter": "a b"}),
     "booking: matter: expected a matter code"),
    (lambda p: p.update(code="legal_adviser"), "code: the product code legal_adviser is given twice"),
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
    if product.booking.kind == "workorder":
        booking["matter"] = product.booking.matter
    return {**raw, "groups": list(product.groups), "bring": list(product.bring), "bring_en": list(product.bring_en),
            "booking": booking, "cites": [vars(c) for c in product.cites]}
