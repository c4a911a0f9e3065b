"""kiosk-admin's queue commands: JSON output and exit statuses."""

import pytest

from kiosk.admin import main


def test_ticket_issue_prints_the_ticket_and_show_finds_it(admin):
    status, ticket, _ = admin("ticket", "issue", "--service", "consultation", "--json")
    assert status == 0
    assert {"number", "service", "status", "spot", "return_time", "ahead", "expected_call"} <= set(ticket)
    assert (ticket["number"], ticket["service"], ticket["status"], ticket["spot"]) == ("A001", "consultation",
                                                                                      "waiting", 1)
    status, second, _ = admin("ticket", "issue", "--service", "consultation", "--priority", "elderly", "--json")
    assert second["number"] == "A002" and second["priority"] == "elderly"
    status, shown, _ = admin("ticket", "show", "a002", "--json")
    assert status == 0 and shown["number"] == "A002" and shown["ahead"] == 0
    status, _, err = admin("ticket", "show", "B009", "--json")
    assert status == 1 and "no ticket B009" in err


def test_refusals_exit_3_with_the_reason(admin):
    status, refused, _ = admin("ticket", "issue", "--service", "consultation", "--json", at="18:00")
    assert status == 3 and refused["refused"] == "closed" and refused["message_zh"]
    admin("service", "set", "--code", "appraisal", "--enabled", "no", "--by", "li")
    status, refused, _ = admin("ticket", "issue", "--service", "appraisal", "--json")
    assert status == 3 and refused["refused"] == "service_disabled"
    status, _, err = admin("ticket", "issue", "--service", "appraisal")
    assert status == 3 and "refused (service_disabled)" in err


def test_usage_errors_exit_2(admin):
    assert admin("ticket", "issue", "--json")[0] == 2
    with pytest.raises(SystemExit) as stopped:
        admin("ticket", "issue", "--service", "consultation", "--priority", "vip")
    assert stopped.value.code == 2
    assert admin("service", "set", "--code", "consultation")[0] == 2


def test_a_counters_day_from_the_shell(admin):
    assert admin("counter", "set", "--id", "3", "--services", "consultation,mediation", "--json")[0] == 0
    status, nothing, _ = admin("queue", "call", "--counter", "3", "--json")
    assert status == 1 and nothing["called"] is None
    admin("ticket", "issue", "--service", "mediation")
    admin("ticket", "issue", "--service", "consultation")
    status, called, _ = admin("queue", "call", "--counter", "3", "--json")
    assert status == 0 and called["number"] == "F001" and called["counter"] == "3"
    assert admin("queue", "call", "--counter", "3")[0] == 1  # still busy
    assert admin("queue", "recall", "--counter", "3", "--json")[1]["recalls"] == 1
    status, moved, _ = admin("queue", "transfer", "--counter", "3", "--to", "arbitration", "--json")
    assert status == 0 and moved["service"] == "arbitration" and moved["number"] == "F001"
    assert admin("queue", "call", "--counter", "3", "--json")[1]["number"] == "A001"
    assert admin("queue", "no-show", "--counter", "3", "--json")[1]["status"] == "no_show"
    status, state, _ = admin("queue", "status", "--json")
    assert state["services"]["mediation"]["issued"] == 1 and state["services"]["consultation"]["capacity_left"] == 119
    assert state["hall"]["usable_spots"] == 48 and state["hall"]["occupied_spots"] == 1
    assert admin("queue", "cancel", "F001", "--json")[1]["status"] == "cancelled"
    assert admin("queue", "spot", "5", "--use", "no", "--json")[1]["in_use"] is False
    assert admin("counter", "list", "--json")[1]["counters"][0]["services"] == ["consultation", "mediation"]


def test_services_hours_and_appointments_from_the_shell(admin):
    status, listed, _ = admin("service", "list", "--json")
    assert [s["prefix"] for s in listed["services"]] == list("ABCDEF")
    status, changed, _ = admin("service", "set", "--code", "notarisation", "--capacity", "80", "--json")
    assert status == 0 and changed["daily_capacity"] == 80
    assert admin("hours", "set", "2026-12-01", "--sessions", "closed", "--json")[1]["sessions"] == "closed"
    assert admin("hours", "set", "mon", "--sessions", "nine to five")[0] == 1
    status, shown, _ = admin("hours", "show", "--json")
    assert shown["overrides"] == {"2026-12-01": "closed"} and shown["today"]["open_now"] is True
    status, slots, _ = admin("appointment", "slots", "--service", "mediation", "--date", "2026-12-02", "--json")
    assert slots["slots"][0]["left"] == 2
    status, booked, _ = admin("appointment", "book", "--service", "mediation", "--start", "2026-12-02T10:00",
                              "--json")
    assert status == 0 and len(booked["code"]) == 6 and booked["qr"].endswith(booked["code"])
    status, early, _ = admin("appointment", "checkin", booked["code"], "--json")
    assert status == 3 and early["refused"] == "appointment_too_early"
    status, ticket, _ = admin("ticket", "issue", "--appointment", booked["code"], "--json", at="2026-12-02T09:40")
    assert status == 0 and ticket["priority"] == "appointment" and ticket["number"] == "F001"


def test_a_store_file_that_cannot_be_used_is_one_line_and_exit_2(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "kiosk.db").write_bytes(b"not a database" * 200)
    status = main(["queue", "status", "--data-dir", str(data)])
    assert status == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot use the queue store" in err

