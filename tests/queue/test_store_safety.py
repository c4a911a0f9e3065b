"""Issue #18 item 4: an emptied or damaged store is refused loudly, and a restore waits for no writer."""

import multiprocessing
import subprocess
import sys
import textwrap

import child_processes

from kiosk.admin import main
from kiosk.queue.sqlite_store import SqliteQueueStore

AT = "2026-11-30T09:30"


def test_a_zero_length_store_is_refused_with_what_to_do_and_not_recreated(admin, tmp_path):
    assert admin("ticket", "issue", "--service", "consultation")[0] == 0
    store = tmp_path / "data" / "kiosk.db"
    store.write_bytes(b"")
    status, _, err = admin("ticket", "issue", "--service", "consultation", "--json")
    assert status == 2 and "empty (0 bytes)" in err and "kiosk-admin restore" in err
    assert store.stat().st_size == 0, "the emptied store must not be silently re-created"
    assert admin("queue", "status")[0] == 2


def test_a_damaged_store_is_refused_with_what_to_do(admin, tmp_path):
    assert admin("ticket", "issue", "--service", "consultation")[0] == 0
    (tmp_path / "data" / "kiosk.db").write_bytes(b"this is no database" * 200)
    status, _, err = admin("ticket", "issue", "--service", "consultation")
    assert status == 2 and "damaged" in err and "kiosk-admin restore" in err and "move the file aside" in err


def test_a_new_data_folder_still_gets_a_new_store(admin, tmp_path):
    status, ticket, _ = admin("ticket", "issue", "--service", "consultation", "--json")
    assert status == 0 and ticket["number"] == "A001"
    assert (tmp_path / "data" / "kiosk.db").stat().st_size > 0


def _open_new(path, start) -> None:
    start.wait(timeout=30)
    SqliteQueueStore(path).close()


def test_processes_creating_a_new_store_together_all_open_it(tmp_path):
    context = multiprocessing.get_context("fork")
    start = context.Barrier(6)
    workers = [context.Process(target=_open_new, args=(tmp_path / "kiosk.db", start)) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0] * 6
    assert not list(tmp_path.glob(".kiosk.db.new-*"))


def test_restore_is_refused_while_another_process_has_the_store_open(tmp_path, capsys):
    data = tmp_path / "data"
    argv = ["--data-dir", str(data), "--at", AT]
    assert main(["ticket", "issue", "--service", "consultation", *argv]) == 0
    backup = tmp_path / "backup.zip"
    assert main(["backup", "--out", str(backup), "--data-dir", str(data)]) == 0
    # A counter terminal: open on the store, as every writer is, without a kiosk pid file.
    holder = child_processes.start([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from kiosk.queue.sqlite_store import SqliteQueueStore
        store = SqliteQueueStore({str(data / "kiosk.db")!r})
        print("open", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        capsys.readouterr()
        assert main(["restore", str(backup), "--data-dir", str(data)]) == 3
        assert "open in another process" in capsys.readouterr().err
        assert not (data / "replaced").exists()
    finally:
        child_processes.stop(holder)
    assert main(["restore", str(backup), "--data-dir", str(data)]) == 0
