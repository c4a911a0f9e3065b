"""kiosk-admin setting, disinfection and audit: the same checks and audit as the staff screen."""


def test_a_setting_is_checked_set_shown_reset_and_audited(admin):
    status, refused, _ = admin("setting", "set", "display.idle_timeout", "5", "--json")
    assert status == 3 and refused["refused"] == "display.idle_timeout" and "10 至 3600" in refused["message_zh"]
    status, _, err = admin("setting", "set", "display.idle_timeout", "5")
    assert status == 3 and err.startswith("refused: Idle timeout (seconds): expected a whole number from 10")
    status, changed, _ = admin("setting", "set", "display.idle_timeout", "180", "--by", "alice", "--json")
    assert status == 0 and changed == {"key": "display.idle_timeout", "value": 180}
    status, shown, _ = admin("setting", "show", "--json")
    assert shown["display.idle_timeout"] == {"value": "180", "config": "120"}
    status, shown, _ = admin("setting", "show")
    assert "display.idle_timeout = 180  (config.ini: 120)" in shown
    assert admin("setting", "reset", "display.idle_timeout", "--json")[1]["value"] == 120
    status, audit, _ = admin("audit", "--json")
    assert [(e["who"], e["what"], e["old"], e["new"]) for e in audit["audit"]][1] == \
        ("alice", "setting:display.idle_timeout", '"120"', '"180"')
    assert len(audit["audit"]) == 2


def test_disinfection_record_and_status(admin):
    status, shown, _ = admin("disinfection", "status", "--json")
    assert status == 0 and shown["disinfection"]["overdue"] and shown["ventilation"]["last"] is None
    assert admin("disinfection", "status", "--json", at="08:00")[1]["disinfection"]["overdue"] is False
    status, recorded, _ = admin("disinfection", "record", "--kind", "disinfection", "--area", "hall", "--by", "bob",
                                "--json")
    assert status == 0 and (recorded["kind"], recorded["area"], recorded["staff"]) == ("disinfection", "hall", "bob")
    shown = admin("disinfection", "status", "--json", at="10:00")[1]
    assert not shown["disinfection"]["overdue"] and shown["disinfection"]["area"] == "hall"
    assert admin("disinfection", "status", "--json", at="11:31")[1]["disinfection"]["overdue"]
    status, text, _ = admin("audit")
    assert "bob  round:disinfection  area: hall" in text
