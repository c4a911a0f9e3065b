"""Issue #18 item 5: ticket verify consults the store: state, and a per-ticket nonce in the QR."""

import json

from kiosk.admin import main

AT = "2026-11-30T09:30"


def test_a_waiting_ticket_is_valid_and_a_served_one_is_refused_as_served(admin):
    qr = admin("ticket", "issue", "--service", "consultation", "--json")[1]["qr"]
    for _ in range(2):  # the same visitor showing it again
        status, report, _ = admin("ticket", "verify", qr, "--json", at="09:40")
        assert (status, report["reason"]) == (0, "valid")
    admin("counter", "set", "--id", "1", "--services", "consultation")
    for action in ("call", "serve", "done"):
        assert admin("queue", action, "--counter", "1")[0] == 0
    status, report, _ = admin("ticket", "verify", qr, "--json", at="10:00")
    assert (status, report["valid"], report["reason"]) == (1, False, "served")
    assert "already been served" in report["message_en"]


def test_a_cancelled_ticket_is_refused_as_cancelled(admin):
    qr = admin("ticket", "issue", "--service", "mediation", "--json")[1]["qr"]
    assert admin("queue", "cancel", "F001")[0] == 0
    status, report, _ = admin("ticket", "verify", qr, "--json", at="09:40")
    assert (status, report["reason"]) == (1, "cancelled")
    status, _, _ = admin("ticket", "verify", qr, at="09:40")
    assert status == 1


def _issue(folder, config, capsys) -> str:
    argv = ["--data-dir", str(folder), "--at", AT, "--json"] + (["--config", str(config)] if config else [])
    assert main(["ticket", "issue", "--service", "consultation", *argv]) == 0
    return json.loads(capsys.readouterr().out)["qr"]


def _verify(folder, config, qr, capsys) -> tuple[int, str]:
    argv = ["--data-dir", str(folder), "--at", AT, "--json"] + (["--config", str(config)] if config else [])
    status = main(["ticket", "verify", qr, *argv])
    return status, json.loads(capsys.readouterr().out)["reason"]


def test_two_data_folders_sharing_a_secret_never_print_the_same_qr(tmp_path, capsys):
    config = tmp_path / "config.ini"
    config.write_text(f"[tickets]\nsecret_file = {tmp_path / 'shared.key'}\n", encoding="utf-8")
    first, second = _issue(tmp_path / "one", config, capsys), _issue(tmp_path / "two", config, capsys)
    assert first.split(".")[:5] == second.split(".")[:5], "same id, day, number and priority"
    assert first != second
    assert _verify(tmp_path / "one", config, first, capsys) == (0, "valid")
    assert _verify(tmp_path / "one", config, second, capsys) == (1, "not_issued_here")


def test_a_restored_store_issues_a_new_qr_and_refuses_the_one_issued_before_the_restore(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["queue", "status", "--data-dir", str(data), "--at", AT]) == 0
    backup = tmp_path / "before.zip"
    assert main(["backup", "--out", str(backup), "--data-dir", str(data)]) == 0
    capsys.readouterr()
    before_restore = _issue(data, None, capsys)
    assert main(["restore", str(backup), "--data-dir", str(data)]) == 0
    capsys.readouterr()
    after_restore = _issue(data, None, capsys)
    assert before_restore.split(".")[3] == after_restore.split(".")[3] == "A001"
    assert before_restore != after_restore
    assert _verify(data, None, after_restore, capsys) == (0, "valid")
    assert _verify(data, None, before_restore, capsys) == (1, "not_issued_here")
