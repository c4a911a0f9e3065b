"""Delivery to a real HTTP platform on 127.0.0.1 that drops connections, answers late, fails and sees repeats:
every order is kept exactly once (by its Idempotency-Key), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import multiprocessing
from datetime import datetime, timedelta

import pytest
from workorder_helpers import PHONE, ZONE

from kiosk.workorders import FolderTransport, HttpTransport, PhoneVault, Sender
from kiosk.workorders.sender import opened_export


def make_sender(desk, transport, who="kiosk-1", max_attempts=5, clock=None) -> Sender:
    return Sender(desk, transport, who, clock or (lambda: datetime.now(ZONE)), {"centre": "示例中心"},
                  max_attempts=max_attempts, retry_seconds=0.0, retry_max_seconds=0.0)


def http(platform, token="s3cret", timeout=0.3) -> HttpTransport:
    return HttpTransport(platform.url, token, timeout)


def folders(tmp_path) -> FolderTransport:
    """The export and import folders, numbers sealed with the key the centre shares with the platform."""
    return FolderTransport(tmp_path / "export", tmp_path / "import", PhoneVault.at(tmp_path / "platform.key"))


def orders(desk, count: int, kind: str = "callback") -> list[str]:
    now = datetime.now(ZONE)
    return [desk.create(kind, "labour", PHONE, now).key for _ in range(count)]


def test_orders_reach_the_platform_once_through_drops_timeouts_and_500s(desk, platform):
    keys = orders(desk, 6)
    platform.script = ["drop", "slow", "500", "drop", "500", "slow"]
    result = make_sender(desk, http(platform)).sync()
    assert (result.sent, result.dead) == (6, 0) and result.failed >= 4
    assert set(platform.orders) == set(keys)
    assert all(platform.kept[key] == 1 for key in keys)  # kept once, though some were posted twice
    assert sum(platform.posts.values()) > len(keys)
    assert all(desk.get(key).delivery == "sent" for key in keys)
    sent = platform.orders[keys[0]]
    assert sent["phone"] == PHONE and sent["kind"] == "callback" and sent["centre"] == "示例中心"
    assert {h["Authorization"] for h in platform.headers} == {"Bearer s3cret"}
    assert {h["Idempotency-Key"] for h in platform.headers} == set(keys)


def test_a_sync_after_everything_was_sent_sends_nothing(desk, platform):
    orders(desk, 2)
    make_sender(desk, http(platform)).sync()
    again = make_sender(desk, http(platform)).sync()
    assert (again.sent, again.failed, again.dead) == (0, 0, 0)
    assert sum(platform.posts.values()) == 2


def test_after_n_failures_an_order_is_dead_lettered_for_staff_and_can_be_retried(desk, platform):
    [key] = orders(desk, 1)
    platform.script = ["500"] * 3
    result = make_sender(desk, http(platform), max_attempts=3).sync()
    assert (result.sent, result.failed, result.dead) == (0, 2, 1)
    dead = desk.get(key)
    assert (dead.delivery, dead.attempts, dead.last_error) == ("dead", 3, "HTTP 500")
    assert [order.key for order in desk.undelivered()] == [key]  # the staff page's list
    desk.retry_dead(key, datetime.now(ZONE))
    assert desk.undelivered() == []
    assert make_sender(desk, http(platform)).sync().sent == 1
    assert platform.kept[key] == 1


def test_a_sender_whose_lease_lapsed_repeats_the_key_and_the_platform_keeps_the_order_once(desk, platform):
    [key] = orders(desk, 1)
    start = datetime.now(ZONE) + timedelta(seconds=1)
    [stale] = desk.store.claim(start, start + timedelta(seconds=120), "kiosk-1", 10)  # kiosk-1 stalls here
    later = make_sender(desk, http(platform), who="kiosk-2", clock=lambda: start + timedelta(seconds=121))
    assert later.sync().sent == 1
    slow = make_sender(desk, http(platform), who="kiosk-1")
    assert slow.transport.deliver(key, slow.payload(stale)).ok  # its late post: a duplicate
    with desk.store.transaction() as tx:
        assert not tx.delivered(stale.outbox_id, "kiosk-1", start)  # its claim is gone: nothing counted twice
    assert platform.posts[key] == 2 and platform.kept[key] == 1 and len(platform.orders) == 1


def test_a_409_means_the_platform_already_holds_the_order(desk, platform):
    [key] = orders(desk, 1)
    platform.script = ["409"]
    assert make_sender(desk, http(platform)).sync().sent == 1
    assert desk.get(key).delivery == "sent"


def test_a_refusal_no_retry_can_fix_is_dead_at_once(desk, platform):
    [key] = orders(desk, 1)
    platform.script = ["400"]
    assert make_sender(desk, http(platform)).sync().dead == 1
    assert platform.posts[key] == 1


def test_failed_orders_wait_an_exponential_backoff_with_jitter(desk, platform):
    [key] = orders(desk, 1)
    now = datetime.now(ZONE)
    platform.script = ["500", "500"]
    sender = Sender(desk, http(platform), "kiosk-1", lambda: now, {}, max_attempts=8, retry_seconds=30,
                    retry_max_seconds=100, jitter=lambda: 1.0)
    assert sender.sync().failed == 1  # one attempt: the retry is not due yet
    assert [sender.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 100, 100]
    sender.jitter = lambda: 0.0
    assert sender.backoff(2).total_seconds() == 30  # half the step at least
    later = Sender(desk, http(platform), "kiosk-1", lambda: now + timedelta(seconds=31), {}, retry_seconds=30)
    assert later.sync().failed == 1
    assert platform.posts[key] == 2 and desk.get(key).attempts == 2


def test_status_updates_are_pulled_back_once(desk, platform):
    first, second = orders(desk, 2)
    platform.updates = [{"key": first, "state": "accepted"}, {"key": second, "state": "done"},
                        {"key": "unknown", "state": "done"}, {"key": first, "state": "new"}]
    sender = make_sender(desk, http(platform))
    assert sender.sync().updated == 2
    assert desk.get(first).state == "accepted" and desk.get(second).state == "done"
    assert make_sender(desk, http(platform)).sync().updated == 0  # the cursor moved past them
    platform.updates.append({"key": first, "state": "in_progress"})
    assert make_sender(desk, http(platform)).sync().updated == 1
    _, steps = desk.show(first)
    assert steps[-1].who == "platform"


def test_two_kiosks_syncing_at_once_never_send_one_order_twice(make_desk, platform):
    keys = orders(make_desk(), 60)
    context = multiprocessing.get_context("fork")
    sent = context.Queue()
    start = context.Barrier(3)

    def kiosk(number: int) -> None:
        desk = make_desk()  # this process's own connection, as on another kiosk
        start.wait()
        sent.put(make_sender(desk, http(platform), who=f"kiosk-{number}").sync().sent)
        desk.store.close()

    workers = [context.Process(target=kiosk, args=(n,)) for n in range(3)]
    for worker in workers:
        worker.start()
    results = [sent.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(10)
    assert sum(results) == 60
    assert set(platform.posts) == set(keys) and set(platform.posts.values()) == {1}


def test_without_an_endpoint_orders_go_to_the_export_folder_and_updates_come_from_the_import_folder(
        desk, tmp_path):
    transport = folders(tmp_path)
    export, incoming = transport.export_dir, transport.import_dir
    first, second = orders(desk, 2)
    result = make_sender(desk, transport).sync()
    assert (result.sent, result.updated) == (2, 0)
    written = (export / f"{second}.json").read_text(encoding="utf-8")
    assert PHONE not in written and "phone" not in json.loads(written), "the number only sealed"
    opened = opened_export(json.loads(written), PhoneVault.at(tmp_path / "platform.key"))
    assert opened["key"] == second and opened["phone"] == PHONE
    legacy = {"key": second, "phone": PHONE}  # a file written before numbers were sealed is read as it is
    assert opened_export(legacy, PhoneVault.at(tmp_path / "platform.key")) == legacy
    assert (export / f"{second}.json").stat().st_mode & 0o077 == 0
    incoming.mkdir()
    (incoming / "a.json").write_text(json.dumps([{"key": first, "state": "accepted"}, {"key": "../x", "state": "x"}]))
    (incoming / "b.json").write_text("{not json")
    assert make_sender(desk, transport).sync().updated == 1
    assert not (incoming / "a.json").exists() and (incoming / "rejected" / "b.json").exists()
    assert desk.get(first).state == "accepted"
    # The platform spoke of the first order, so it has its file: the export folder keeps only the second.
    assert [path.name for path in export.glob("*.json")] == [f"{second}.json"]


def test_uncollected_export_files_go_when_the_number_is_erased(make_desk, tmp_path):
    desk = make_desk(retention_days=1)
    export = tmp_path / "export"
    [key] = orders(desk, 1)
    now = datetime.now(ZONE)
    make_sender(desk, folders(tmp_path)).sync()
    desk.update(key, "done", now, "staff")
    assert (export / f"{key}.json").exists()
    later = now + timedelta(days=1, hours=1)
    make_sender(desk, folders(tmp_path), clock=lambda: later).sync()
    assert not (export / f"{key}.json").exists() and desk.get(key).phone_masked is None


def test_an_order_sealed_under_another_key_is_dead_lettered_not_fatal(desk, platform, tmp_path):
    from kiosk.workorders import PhoneVault

    [key] = orders(desk, 1)
    desk.vault = PhoneVault.at(tmp_path / "another-centre.key")
    result = make_sender(desk, http(platform)).sync()
    assert (result.sent, result.dead) == (0, 1) and "work-order key" in desk.get(key).last_error
    assert platform.posts[key] == 0


def test_an_unreachable_platform_counts_failures_and_keeps_the_orders(desk):
    orders(desk, 2)
    transport = HttpTransport("http://127.0.0.1:9", None, 0.3)
    result = make_sender(desk, transport, max_attempts=2).sync()
    assert (result.sent, result.failed, result.dead) == (0, 2, 2)


@pytest.mark.parametrize("endpoint", ["https://platform.example.gov.cn/api"])
def test_https_endpoints_are_parsed(endpoint):
    transport = HttpTransport(endpoint, None, 1.0)
    assert (transport.https, transport.host, transport.base) == (True, "platform.example.gov.cn", "/api")
