"""Issue #18 items 2 and 3 and the backup minors: restore checks sizes, seal and schema before it writes."""

from __future__ import annotations

import json
import sqlite3
import tracemalloc
import zipfile
from contextlib import closing
from pathlib import Path

import pytest

from kiosk.admin import main
from kiosk.printing.signing import load_or_create_secret
from kiosk.reports.backup import MAX_MEMBER_BYTES, Manifest, Member

AT = "2026-11-30T09:30"


@pytest.fixture
def data(tmp_path) -> Path:
    """A data folder with one ticket issued (so a queue store and the centre's secret exist)."""
    folder = tmp_path / "data"
    assert main(["ticket", "issue", "--service", "consultation", "--data-dir", str(folder), "--at", AT]) == 0
    return folder


def backup(data: Path, out: Path, capsys) -> tuple[int, str]:
    status = main(["backup", "--out", str(out), "--data-dir", str(data)])
    return status, capsys.readouterr().err


def restore(data: Path, file: Path, capsys) -> tuple[int, str]:
    status = main(["restore", str(file), "--data-dir", str(data)])
    return status, capsys.readouterr().err


def tickets(data: Path) -> int:
    with closing(sqlite3.connect(data / "kiosk.db")) as db:
        return db.execute("SELECT count(*) FROM tickets").fetchone()[0]


def rewrite(source: Path, target: Path, manifest: Manifest | str | None = None, **members: bytes) -> None:
    """``source`` with its manifest and some members replaced."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            data = old.read(name)
            if name == "manifest.json" and manifest is not None:
                data = (manifest if isinstance(manifest, str) else manifest.to_json()).encode()
            new.writestr(name, members.get(name, data))


def untouched(data: Path) -> bool:
    return not (data / "replaced").exists() and not list(data.glob(".kiosk-backup-*"))


def test_a_member_bigger_than_its_manifest_says_is_refused_before_extracting(data, tmp_path, capsys):
    good = tmp_path / "good.zip"
    assert backup(data, good, capsys)[0] == 0
    with zipfile.ZipFile(good) as archive:
        queue = archive.read("queue.db")
    bomb = tmp_path / "bomb.zip"
    rewrite(good, bomb, **{"queue.db": queue + bytes(64 * 1024**2)})  # 64 MB of zeros: a few kB zipped
    assert bomb.stat().st_size < 1024**2
    status, err = restore(data, bomb, capsys)
    assert status == 1 and "declares" in err and "before extracting" in err
    assert untouched(data) and tickets(data) == 1


def test_a_manifest_that_expands_to_a_huge_text_is_refused_without_reading_it(data, tmp_path, capsys):
    good = tmp_path / "good.zip"
    backup(data, good, capsys)
    bomb = tmp_path / "manifest-bomb.zip"
    rewrite(good, bomb, manifest=" " * (200 * 1024**2) + "{}")
    tracemalloc.start()
    try:
        status, err = restore(data, bomb, capsys)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert status == 1 and "manifest declares" in err
    assert peak < 16 * 1024**2, f"restore took {peak / 1024**2:.0f} MB to refuse"


def _sealed(data: Path, manifest: Manifest) -> Manifest:
    return manifest.sealed(load_or_create_secret(data / "ticket-secret.key"))


def test_a_member_size_beyond_the_limit_or_a_manifest_with_no_members_is_refused(data, tmp_path, capsys):
    good = tmp_path / "good.zip"
    backup(data, good, capsys)
    with zipfile.ZipFile(good) as archive:
        manifest = Manifest.from_json(archive.read("manifest.json").decode())
    huge = Member("queue", "queue.db", MAX_MEMBER_BYTES + 1, "0" * 64, "3")
    rewrite(good, tmp_path / "huge.zip", _sealed(data, Manifest(manifest.created_at, "sqlite", "x", (huge,))))
    status, err = restore(data, tmp_path / "huge.zip", capsys)
    assert status == 1 and "expected 1 to" in err
    rewrite(good, tmp_path / "empty.zip", _sealed(data, Manifest(manifest.created_at, "sqlite", "x", ())))
    status, err = restore(data, tmp_path / "empty.zip", capsys)
    assert status == 1 and "holds no stores" in err
    assert untouched(data)


@pytest.mark.parametrize("foreign", [
    "CREATE TRIGGER zero AFTER INSERT ON tickets BEGIN UPDATE services SET daily_capacity = 0; END",
    "CREATE VIEW everyone AS SELECT * FROM tickets",
    "CREATE TABLE extra (x)",
    "CREATE INDEX services_extra ON services (name_en)",
])
def test_a_backup_carrying_foreign_schema_objects_is_refused(data, tmp_path, capsys, foreign):
    with closing(sqlite3.connect(data / "kiosk.db")) as db:
        db.execute(foreign)
    carrying = tmp_path / "carrying.zip"
    assert backup(data, carrying, capsys)[0] == 0  # whole and sealed: only the schema check can find it
    status, err = restore(data, carrying, capsys)
    assert status == 1 and "does not create" in err
    assert untouched(data)


def test_a_backup_with_a_service_outside_the_domain_is_refused(data, tmp_path, capsys):
    with closing(sqlite3.connect(data / "kiosk.db")) as db, db:
        db.execute("UPDATE services SET visit_minutes = 1e308 WHERE code = 'consultation'")
    out = tmp_path / "absurd.zip"
    assert backup(data, out, capsys)[0] == 0
    status, err = restore(data, out, capsys)
    assert status == 1 and "consultation" in err and "visit length" in err


def test_a_backup_not_made_by_this_centre_or_unsealed_is_refused(data, tmp_path, capsys):
    other = tmp_path / "other"
    assert main(["ticket", "issue", "--service", "mediation", "--data-dir", str(other), "--at", AT]) == 0
    foreign = tmp_path / "other.zip"
    assert backup(other, foreign, capsys)[0] == 0
    status, err = restore(data, foreign, capsys)
    assert status == 3 and "not made by this centre" in err and "ticket-secret.key" in err
    with zipfile.ZipFile(foreign) as archive:
        old = json.loads(archive.read("manifest.json"))
    old["format_version"], old["hmac"] = 1, ""
    rewrite(foreign, tmp_path / "old.zip", manifest=json.dumps(old))
    status, err = restore(data, tmp_path / "old.zip", capsys)
    assert status == 3 and "older kiosk software" in err
    changed = dict(json.loads(json.dumps(old)), format_version=2, software="edited")
    changed["hmac"] = json.loads(zipfile.ZipFile(foreign).read("manifest.json"))["hmac"]
    rewrite(foreign, tmp_path / "edited.zip", manifest=json.dumps(changed))
    assert restore(other, tmp_path / "edited.zip", capsys)[0] == 3, "an edited manifest breaks its seal"
    assert untouched(data) and tickets(data) == 1


def test_a_damaged_knowledge_base_does_not_stop_the_backup_of_a_healthy_queue(data, tmp_path, capsys):
    (data / "legal.db").write_bytes(b"SQLite format 3\x00" + bytes(4000) + b"garbage" * 1000)
    out = tmp_path / "partial.zip"
    status, err = backup(data, out, capsys)
    assert status == 0 and "knowledge_base NOT backed up" in err
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["manifest.json", "queue.db"]
        assert "knowledge_base" in json.loads(archive.read("manifest.json"))["skipped"]
    (data / "legal.db").unlink()
    assert main(["ticket", "issue", "--service", "consultation", "--data-dir", str(data), "--at", AT]) == 0
    status, _ = restore(data, out, capsys)
    assert status == 0 and tickets(data) == 1
