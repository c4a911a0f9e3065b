"""kiosk-admin backup and restore of a centre whose queue is on PostgreSQL carry its work orders and ratings:
the orders with their steps, outbox rows and encrypted phone numbers, the ratings with their follow-up orders."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from workorder_helpers import PHONE

from kiosk.admin import main


def server_config(tmp_path: Path, url: str) -> str:
    path = tmp_path / f"config-{url.rsplit('/', 1)[-1]}.ini"
    path.write_text(f"[database]\nurl = {url}\n", encoding="utf-8")
    return str(path)


@pytest.mark.slow
def test_work_orders_and_ratings_on_postgresql_survive_backup_and_restore(admin, tmp_path, pg_cluster, capsys):
    def shell(*argv: str) -> tuple[int, dict | str, str]:
        """kiosk-admin backup and restore, which take no --at."""
        status = main([*argv, "--data-dir", str(tmp_path / "data")])
        out, err = capsys.readouterr()
        return status, json.loads(out) if out.startswith("{") else out, err

    origin = server_config(tmp_path, pg_cluster.create_database())
    target = server_config(tmp_path, pg_cluster.create_database())
    made = admin("workorder", "create", "--kind", "callback", "--topic", "labour", "--phone", PHONE, "--json",
                 "--config", origin)[1]
    admin("workorder", "update", str(made["id"]), "--state", "accepted", "--who", "li", "--config", origin)
    admin("counter", "set", "--id", "3", "--services", "consultation", "--config", origin)
    number = admin("ticket", "issue", "--service", "consultation", "--json", "--config", origin)[1]["number"]
    admin("queue", "call", "--counter", "3", "--config", origin)
    admin("queue", "done", "--counter", "3", "--config", origin)
    rated = admin("rating", "add", "--ticket", number, "--level", "2", "--reason", "attitude", "--json",
                  "--config", origin)[1]
    orders_before = admin("workorder", "list", "--json", "--config", origin)[1]["orders"]
    backup = tmp_path / "server.zip"
    assert shell("backup", "--out", str(backup), "--json", "--config", origin)[0] == 0
    with zipfile.ZipFile(backup) as archive:
        assert all(PHONE.encode() not in archive.read(name) for name in archive.namelist())

    status, restored, err = shell("restore", str(backup), "--json", "--config", target)
    assert status == 0, err
    copied = restored["copied_to_server"]
    assert copied["workorders"] == 2 and copied["workorder_ratings"] == 1 and copied["workorder_outbox"] == 2
    assert copied["workorder_events"] == 3  # created, accepted; and the rating's follow-up order created
    assert admin("workorder", "list", "--json", "--config", target)[1]["orders"] == orders_before
    shown = admin("workorder", "show", made["key"], "--json", "--config", target)[1]
    assert [(s["new"], s["who"]) for s in shown["steps"]] == [("new", "counter"), ("accepted", "li")]
    ratings = admin("rating", "list", "--json", "--config", target)[1]["ratings"]
    assert [(r["ticket"], r["level"], r["work_order"]) for r in ratings] == [(number, 2, rated["work_order"])]
    # The number was copied encrypted and still opens with the centre's key: the platform gets it in clear.
    assert admin("workorder", "sync", "--json", "--config", target)[1] == {"sent": 2, "failed": 0, "dead": 0}
    exported = [shell("workorder", "read-export", str(p), "--json", "--config", target)[1]
                for p in (tmp_path / "data" / "platform" / "export").glob("*.json")]
    assert sorted(str(o["phone"]) for o in exported) == sorted([PHONE, "None"])
    # New orders on the restored server continue the numbering instead of colliding with restored ones.
    again = admin("workorder", "create", "--kind", "online", "--topic", "family", "--phone", PHONE, "--json",
                  "--config", target)[1]
    assert again["id"] > max(o["id"] for o in orders_before)
    # The server now holds work orders: a second restore is refused, nothing mixed.
    status, _, err = shell("restore", str(backup), "--config", target)
    assert status == 3 and "empty" in err
