"""Staff edit the products catalogue with ``kiosk-admin kb import`` like other content: a good file replaces the
catalogue the kiosk shows (``kiosk-admin products list``); a bad, huge or malformed one is refused with one line
naming the field, and the catalogue in use stays as it was."""

from __future__ import annotations

import json

import pytest

from kiosk.admin import main
from kiosk.foundation.resources import asset
from kiosk.workorders.products import MAX_BYTES


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """One data folder for the module: the knowledge base is built once."""
    return tmp_path_factory.mktemp("products-import")


@pytest.fixture
def admin(data_dir, capsys):
    def run(*argv: str):
        status = main([*argv, "--data-dir", str(data_dir)])
        out, err = capsys.readouterr()
        return status, out, err

    return run


def shipped() -> dict:
    return json.loads(asset("products", "products.json").read_text(encoding="utf-8"))


def listed(admin) -> dict:
    status, out, _err = admin("products", "list", "--json")
    assert status == 0
    return json.loads(out)


def test_the_shipped_catalogue_is_listed_until_one_is_imported(admin):
    shown = listed(admin)
    assert shown["source"] == "shipped"
    assert [p["code"] for p in shown["products"]] == [p["code"] for p in shipped()["products"]]
    assert shown["products"][0]["name_en"] == "Contract management for enterprises"
    status, out, _err = admin("products", "list")
    assert status == 0 and "5 products (shipped catalogue)" in out and "appointment: consultation" in out


def test_a_good_file_replaces_the_catalogue_and_a_bad_one_leaves_it(admin, tmp_path):
    data = shipped()
    data["products"] = data["products"][:2]
    data["products"][0]["name"] = "企业合同管理（本中心）"
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "products.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (folder / "notes.txt").write_text("not content", encoding="utf-8")
    status, out, err = admin("kb", "import", str(folder))
    assert status == 0, err
    assert "2 products" in out and "1 files imported, 0 refused" in out.splitlines()
    shown = listed(admin)
    assert shown["source"] == "imported"
    assert [p["name"] for p in shown["products"]] == ["企业合同管理（本中心）", "企业法治体检"]

    data["products"][1]["booking"] = {"kind": "workorder", "workorder_kind": "teleport"}
    bad = tmp_path / "products-new.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    status, out, err = admin("kb", "import", str(bad), "--json")
    assert status == 1
    assert json.loads(out)["products"] == 0 and json.loads(out)["refused"] == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kiosk-admin: {bad}: product 2 (legal_health_check): booking: ")
    assert [p["name"] for p in listed(admin)["products"]] == ["企业合同管理（本中心）", "企业法治体检"]


@pytest.mark.parametrize(("content", "problem"), [
    (b"{\"products\": [{\"code\": \"x\", ", "not JSON ("),
    (b"\xff\xfe{}", ":1: not UTF-8 text"),
    (b"{\"products\": [{\"code\": \"x\", \"groups\": [\"citizens\"]}]}", "product 1: name: expected a non-empty text"),
    (None, "over the 1 MB limit for a products catalogue"),
])
def test_bad_huge_or_malformed_files_are_refused_in_one_line(admin, tmp_path, content, problem):
    before = listed(admin)
    path = tmp_path / "products.json"
    if content is None:
        path.write_bytes(b"{\"products\": [" + b" " * MAX_BYTES + b"]}")
    else:
        path.write_bytes(content)
    status, _out, err = admin("kb", "import", str(path))
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kiosk-admin: {path}") and problem in lines[0], err
    assert listed(admin) == before
