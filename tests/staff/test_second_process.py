"""A change staff make in one process is seen at once by another process on the same store."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from kiosk.queue.model import DISINFECTION
from kiosk.staff.centre_setup import CentreSetup

# The other process: another kiosk (or kiosk-admin) on the same store makes four changes.
OTHER_PROCESS = textwrap.dedent("""
    import sys
    from datetime import datetime
    from zoneinfo import ZoneInfo
    from kiosk.foundation.config import load_settings
    from kiosk.queue import Queue
    from kiosk.queue.postgres_store import PostgresQueueStore
    from kiosk.queue.sqlite_store import SqliteQueueStore
    from kiosk.staff.centre_setup import CentreSetup

    url, zone = sys.argv[1], ZoneInfo("Asia/Shanghai")
    store = PostgresQueueStore(url, zone) if url.startswith("postgres") else SqliteQueueStore(url, zone)
    desk = Queue.prepared(store, load_settings())
    setup = CentreSetup(desk.centre, desk.centre.settings)
    now = datetime(2026, 11, 30, 9, 5, tzinfo=zone)
    who = "staff-pin@kiosk-2"
    assert setup.set_capacity("consultation", "7", who, now).daily_capacity == 7
    assert setup.set_policy("health_check.green", "staff", who, now) == "staff"
    assert setup.set_policy("display.idle_timeout", "45", who, now) == 45
    desk.staff_log.record_round("disinfection", "kiosks", who, now)
    store.close()
""")


def test_a_second_process_sees_each_change_at_once(desk, store_url, at):
    setup = CentreSetup(desk.centre, desk.centre.settings)
    # Read everything first, so that this process holds whatever it caches.
    assert setup.policy().health_check.green == "admit" and setup.policy().display.idle_timeout == 120
    overview = {o.service.code: o for o in desk.tickets.services_overview(at("09:00"))}
    assert overview["consultation"].capacity_left == 120
    assert desk.staff_log.last_rounds() == {}

    subprocess.run([sys.executable, "-c", OTHER_PROCESS, store_url], check=True, timeout=60)

    overview = {o.service.code: o for o in desk.tickets.services_overview(at("09:06"))}
    assert overview["consultation"].capacity_left == 7
    policy = setup.policy()
    assert policy.health_check.green == "staff" and policy.display.idle_timeout == 45
    assert desk.staff_log.last_rounds()[DISINFECTION].area == "kiosks"
    assert {entry.what for entry in desk.staff_log.audit(10)} == {
        "service:consultation", "setting:health_check.green", "setting:display.idle_timeout", "round:disinfection"}
    assert {entry.who for entry in desk.staff_log.audit(10)} == {"staff-pin@kiosk-2"}
