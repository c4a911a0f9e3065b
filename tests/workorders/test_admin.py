"""kiosk-admin workorder and rating: JSON output, exit statuses, the [platform] checks, and the phone number
found nowhere in clear in the data folder, the logs or a backup."""

from __future__ import annotations

import base64
import json
import zipfile
from pathlib import Path

import pytest
from workorder_helpers import PHONE

from kiosk.admin import main


def config(tmp_path: Path, **platform: str) -> str:
    path = tmp_path / "config.ini"
    path.write_text("[platform]\n" + "".join(f"{key} = {value}\n" for key, value in platform.items()),
                    encoding="utf-8")
    return str(path)


def test_create_list_show_update_from_the_shell(admin):
    status, made, _ = admin("workorder", "create", "--kind", "callback", "--topic", "labour", "--phone", PHONE,
                            "--json", at="2026-12-04T16:00")
    assert status == 0 and made["phone"] == "139****5678" and made["state"] == "new"
    assert made["channel"] == "counter" and made["deadline"] == "2026-12-07T17:00:00+08:00"
    status, listed, _ = admin("workorder", "list", "--state", "new", "--json", at="2026-12-08T09:00")
    assert [o["key"] for o in listed["orders"]] == [made["key"]] and listed["overdue"] == 1
    status, moved, _ = admin("workorder", "update", str(made["id"]), "--state", "accepted", "--who", "li", "--json")
    assert status == 0 and moved["state"] == "accepted"
    status, shown, _ = admin("workorder", "show", made["key"], "--json")
    assert [(s["new"], s["who"]) for s in shown["steps"]] == [("new", "counter"), ("accepted", "li")]
    status, refused, err = admin("workorder", "update", made["key"], "--state", "new", "--json")
    assert status == 1 and refused["error"] == "backwards" and "cannot go from accepted to new" in err
    assert admin("workorder", "show", "999", "--json")[0] == 1
    status, bad, _ = admin("workorder", "create", "--kind", "video", "--topic", "labour", "--phone", "123", "--json")
    assert status == 1 and bad["error"] == "bad_phone"


def read_export(capsys, path: Path, *argv: str) -> tuple[int, dict]:
    """kiosk-admin workorder read-export, as the platform runs it: (status, the opened order or {})."""
    status = main(["workorder", "read-export", str(path), "--json", *argv])
    out = capsys.readouterr().out
    return status, json.loads(out) if status == 0 else {}


def test_sync_through_the_export_folder_prints_the_three_counts(admin, tmp_path, capsys):
    admin("workorder", "create", "--kind", "online", "--topic", "family", "--phone", PHONE)
    status, counts, _ = admin("workorder", "sync", "--json")
    assert status == 0 and counts == {"sent": 1, "failed": 0, "dead": 0}
    [exported] = list((tmp_path / "data" / "platform" / "export").glob("*.json"))
    assert PHONE not in exported.read_text() and (tmp_path / "data" / "platform-export.key").exists()
    # The platform opens it with the key the centre gave it; on this side the configured key is the default.
    sealed = json.loads(exported.read_text())
    status, opened = read_export(capsys, exported, "--data-dir", str(tmp_path / "data"))
    assert status == 0 and opened == {**{k: v for k, v in sealed.items() if k != "phone_sealed"}, "phone": PHONE}


def test_sync_over_http_with_the_token_from_the_named_variable(admin, tmp_path, platform, monkeypatch):
    monkeypatch.setenv("WO_TOKEN", "t0ken")
    ini = config(tmp_path, endpoint=platform.url, allow_http="yes", token_env="WO_TOKEN")
    admin("workorder", "create", "--kind", "callback", "--topic", "labour", "--phone", PHONE, "--config", ini)
    platform.script = ["500"]
    status, counts, _ = admin("workorder", "sync", "--json", "--config", ini)
    assert status == 0 and counts == {"sent": 0, "failed": 1, "dead": 0}
    assert platform.headers[0]["Authorization"] == "Bearer t0ken"


@pytest.mark.parametrize(("platform_keys", "key", "problem"), [
    ({"endpoint": "http://10.0.0.5/api"}, "endpoint", "allow_http = yes"),
    ({"endpoint": "ftp://x"}, "endpoint", "expected empty or an address"),
    ({"endpoint": "https://p.example/api", "token_env": "NOT_SET_ANYWHERE"}, "token_env", "NOT_SET_ANYWHERE"),
    ({"token_env": "has space"}, "token_env", "environment variable"),
    ({"retention_days": "0"}, "retention_days", "from 1 to 3650"),
])
def test_platform_settings_that_cannot_be_used_name_their_key(admin, tmp_path, platform_keys, key, problem):
    ini = config(tmp_path, **platform_keys)
    status, _, err = admin("workorder", "sync", "--json", "--config", ini)
    assert status == 2 and f"[platform] {key}" in err and problem in err


def _finish_a_ticket(admin) -> str:
    admin("counter", "set", "--id", "3", "--services", "consultation")
    number = admin("ticket", "issue", "--service", "consultation", "--json")[1]["number"]
    admin("queue", "call", "--counter", "3")
    admin("queue", "done", "--counter", "3")
    return number


def test_rating_add_and_list(admin):
    number = _finish_a_ticket(admin)
    status, rated, _ = admin("rating", "add", "--ticket", number, "--level", "1", "--reason", "long_wait",
                             "--reason", "attitude", "--json")
    assert status == 0 and rated["level_name"] == "非常不满意" and rated["reasons"] == ["long_wait", "attitude"]
    assert rated["counter"] == "3" and rated["work_order"]
    status, order, _ = admin("workorder", "show", rated["work_order"], "--json")
    assert order["kind"] == "rectification" and order["phone"] is None
    status, again, _ = admin("rating", "add", "--ticket", number, "--level", "5", "--json")
    assert status == 1 and again["error"] == "already_rated"
    assert admin("rating", "add", "--ticket", "A099", "--level", "5", "--json")[0] == 1
    status, listed, _ = admin("rating", "list", "--json")
    assert [r["ticket"] for r in listed["ratings"]] == [number]


def _plain_hits(folder: Path, phone: str = PHONE) -> list[str]:
    """Files under ``folder`` (and members of zip files there) holding the phone number in clear."""
    hits = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                hits += [f"{path}!{name}" for name in archive.namelist() if phone.encode() in archive.read(name)]
        elif phone.encode() in path.read_bytes():
            hits.append(str(path))
    return hits


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_the_phone_number_is_nowhere_in_clear_in_data_folder_logs_or_backup(admin, tmp_path, platform,
                                                                            monkeypatch, request, store):
    # A number no other test uses: on PostgreSQL the server's own files (tables, WAL, its log) are searched
    # too, and the server is shared by the session's tests.
    phone = "13700137001"
    cluster = request.getfixturevalue("pg_cluster") if store == "postgres" else None
    monkeypatch.setenv("WO_TOKEN", "t0ken")
    ini = config(tmp_path, endpoint=platform.url, allow_http="yes", token_env="WO_TOKEN", retry_seconds="0")
    if cluster is not None:
        with open(ini, "a", encoding="utf-8") as handle:
            handle.write(f"\n[database]\nurl = {cluster.create_database()}\n")
    for kind in ("callback", "home_visit"):
        admin("workorder", "create", "--kind", kind, "--topic", "labour", "--phone", phone, "--config", ini)
    platform.script = ["drop", "500"]
    admin("workorder", "sync", "--config", ini)
    admin("workorder", "update", "1", "--state", "done", "--config", ini)
    admin("workorder", "list", "--config", ini)
    backup = tmp_path / "backups" / "kiosk.zip"
    backup.parent.mkdir()
    assert main(["backup", "--out", str(backup), "--config", ini, "--data-dir", str(tmp_path / "data")]) == 0
    assert len(platform.orders) == 2 and all(o["phone"] == phone for o in platform.orders.values())  # delivered
    data = tmp_path / "data"
    assert (data / "logs").is_dir() and any((data / "logs").iterdir())
    assert _plain_hits(data, phone) == [] and _plain_hits(backup.parent, phone) == []
    if cluster is not None:
        assert _plain_hits(cluster.folder, phone) == []


def _forms(phone: str) -> list[bytes]:
    """The ways a number could sit in a file readable without a key: as typed, spaced or dashed 3-4-4, in base64."""
    return [form.encode() for form in (phone, f"{phone[:3]} {phone[3:7]} {phone[7:]}",
                                       f"{phone[:3]}-{phone[3:7]}-{phone[7:]}",
                                       base64.b64encode(phone.encode()).decode().rstrip("="))]


def _any_form_hits(folder: Path, phone: str) -> list[str]:
    hits = []
    for path in folder.rglob("*"):
        if path.is_file():
            members = ([(f"{path}!{n}", zipfile.ZipFile(path).read(n)) for n in zipfile.ZipFile(path).namelist()]
                       if path.suffix == ".zip" else [(str(path), path.read_bytes())])
            hits += [where for where, data in members if any(form in data for form in _forms(phone))]
    return hits


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_through_export_import_close_and_erase_the_number_is_never_plain_at_rest(admin, tmp_path, capsys,
                                                                                 request, store):
    phone = "13700137002"  # this test's own: on PostgreSQL the shared server's files are searched too
    cluster = request.getfixturevalue("pg_cluster") if store == "postgres" else None
    data, export, incoming = tmp_path / "data", tmp_path / "exchange" / "out", tmp_path / "exchange" / "in"
    shared_key = tmp_path / "shared-with-platform.key"
    ini = config(tmp_path, export_dir=str(export), import_dir=str(incoming), export_key=str(shared_key),
                 retention_days="30")
    if cluster is not None:
        with open(ini, "a", encoding="utf-8") as handle:
            handle.write(f"\n[database]\nurl = {cluster.create_database()}\n")
    keys = [admin("workorder", "create", "--kind", kind, "--topic", "labour", "--phone", phone, "--json",
                  "--config", ini)[1]["key"] for kind in ("callback", "home_visit")]
    assert admin("workorder", "sync", "--json", "--config", ini)[1] == {"sent": 2, "failed": 0, "dead": 0}
    assert sorted(path.stem for path in export.glob("*.json")) == sorted(keys)
    assert _any_form_hits(tmp_path, phone) == [], "exported sealed"
    # The platform opens the first with the shared key and reports it done; it has not read the second yet.
    assert read_export(capsys, export / f"{keys[0]}.json", "--key", str(shared_key))[1]["phone"] == phone
    incoming.mkdir(parents=True)
    (incoming / "done.json").write_text(json.dumps([{"key": keys[0], "state": "done"}]), encoding="utf-8")
    admin("workorder", "sync", "--config", ini, at="2026-12-01T10:00")
    assert [path.stem for path in export.glob("*.json")] == [keys[1]], "the collected file is gone"
    assert admin("workorder", "show", keys[0], "--json", "--config", ini)[1]["state"] == "done"
    admin("workorder", "update", keys[1], "--state", "cancelled", "--config", ini, at="2026-12-01T11:00")
    backup = tmp_path / "backups" / "kiosk.zip"
    backup.parent.mkdir()
    assert main(["backup", "--out", str(backup), "--config", ini, "--data-dir", str(data)]) == 0
    # Retention over: the numbers go from the store, and the uncollected file from the export folder.
    admin("workorder", "sync", "--config", ini, at="2027-01-01T10:00")
    assert not list(export.glob("*.json"))
    assert [admin("workorder", "show", key, "--json", "--config", ini)[1]["phone"] for key in keys] == [None, None]
    assert (data / "logs").is_dir() and any((data / "logs").iterdir())
    for folder in (data, tmp_path / "exchange", backup.parent, *([cluster.folder] if cluster else [])):
        assert _any_form_hits(folder, phone) == [], folder


@pytest.mark.parametrize(("make", "problem"), [
    (lambda tmp: tmp / "data" / "workorder-phone.key", "is the work-order phone key"),
    (lambda tmp: tmp, "expected a regular file"),
    (lambda tmp: _written(tmp / "k.key", b"not a key\n", 0o600), "not a Fernet key"),
    (lambda tmp: _written(tmp / "k.key", base64.urlsafe_b64encode(bytes(32)) + b"\n", 0o644), "chmod 600"),
])
def test_an_export_key_that_cannot_be_used_names_its_key(admin, tmp_path, make, problem):
    admin("workorder", "create", "--kind", "online", "--topic", "family", "--phone", PHONE)  # makes the phone key
    status, _, err = admin("workorder", "sync", "--json", "--config", config(tmp_path, export_key=str(make(tmp_path))))
    assert status == 2 and "[platform] export_key" in err and problem in err


def _written(path: Path, content: bytes, mode: int) -> Path:
    path.write_bytes(content)
    path.chmod(mode)
    return path


def test_read_export_without_the_right_key_says_so(admin, tmp_path, capsys):
    admin("workorder", "create", "--kind", "online", "--topic", "family", "--phone", PHONE)
    admin("workorder", "sync")
    [exported] = (tmp_path / "data" / "platform" / "export").glob("*.json")
    other = tmp_path / "other.key"
    _written(other, base64.urlsafe_b64encode(bytes(range(32))) + b"\n", 0o600)
    assert main(["workorder", "read-export", str(exported), "--key", str(other)]) == 2
    assert "export key the centre shared" in capsys.readouterr().err
    assert main(["workorder", "read-export", str(tmp_path / "none.key"), "--key", str(other)]) == 1


def test_a_rating_relayed_with_the_tickets_qr_code(admin):
    admin("counter", "set", "--id", "3", "--services", "consultation")
    issued = admin("ticket", "issue", "--service", "consultation", "--json")[1]
    admin("queue", "call", "--counter", "3")
    admin("queue", "done", "--counter", "3")
    status, rated, _ = admin("rating", "add", "--ticket", issued["qr"], "--level", "4", "--json",
                             at="2026-12-01T10:00")  # the next day, from the take-away QR
    assert status == 0 and rated["ticket"] == issued["number"] and rated["level"] == 4
    status, refused, err = admin("rating", "add", "--ticket", issued["qr"][:-2] + "xx", "--level", "5", "--json")
    assert status == 1 and refused["error"] == "bad_qr" and "fails its check" in err
