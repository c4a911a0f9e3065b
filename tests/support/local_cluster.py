"""A throwaway PostgreSQL cluster on 127.0.0.1 for the tests and the benchmark.

``initdb`` in a fresh temporary folder, a free port, trust authentication for
one superuser, and every database made from a template that already holds the
queue schema. As root the server programs refuse to run, so they run as the
``postgres`` user, in a folder that user owns. :func:`session_cluster` is the
body of a session fixture, for this folder's tests and any other suite's.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg

from kiosk.queue.postgres_store import PostgresQueueStore

USER = "kiosk"
TEMPLATE = "kiosk_template"
# Speed over crash safety: fsync only guards against the machine losing power, which tests never do.
# synchronous_commit stays on, so a killed server keeps every acknowledged commit.
SERVER_SETTINGS = {"listen_addresses": "'127.0.0.1'", "fsync": "off", "full_page_writes": "off",
                   "max_connections": "60", "shared_buffers": "32MB", "log_min_messages": "warning"}


def find_pg_bin() -> Path | None:
    """The newest installed PostgreSQL server's bin folder, or None."""
    found = [path for path in Path("/usr/lib/postgresql").glob("*/bin") if (path / "pg_ctl").exists()]
    if found:
        return max(found, key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and (Path(initdb).parent / "pg_ctl").exists() else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalCluster:
    """One private server; :meth:`create_database` gives a fresh, migrated database's URL."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
        self.data = self.folder / "data"
        self.port = 0
        self._names = itertools.count(1)
        self._as_root = os.geteuid() == 0
        if self._as_root:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("as root the PostgreSQL programs must run as the 'postgres' user, "
                                   "which does not exist here (the postgresql package creates it)") from None
            os.chown(self.folder, account.pw_uid, account.pw_gid)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if self._as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip()}\n{tail}")

    def start(self) -> None:
        """initdb, then start on a free port and make the template database."""
        self._run("initdb", "-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-locale",
                  "--no-sync")
        self.port = _free_port()
        settings = dict(SERVER_SETTINGS, port=str(self.port), unix_socket_directories=f"'{self.folder}'")
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
        self.resume()
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {TEMPLATE}")
        PostgresQueueStore(self.url(TEMPLATE)).close()

    def resume(self) -> None:
        """Start the (stopped) server and wait until it takes connections."""
        self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.folder / "server.log"))

    def halt(self, mode: str = "immediate") -> None:
        """Stop the server; ``immediate`` is a crash (recovery at the next start), ``fast`` a clean stop."""
        self._run("pg_ctl", "stop", "-w", "-m", mode, "-D", str(self.data))

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        try:
            if (self.data / "postmaster.pid").exists():
                self.halt("immediate")  # nothing in it is kept, so no checkpoint to wait for
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new database holding the current queue schema and nothing else; its URL."""
        name = f"queue_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} STRATEGY FILE_COPY")
        return self.url(name)


def session_cluster() -> Iterator[LocalCluster]:
    """Body of a session-scoped pytest fixture: a started cluster, stopped and removed afterwards."""
    import pytest

    bin_dir = find_pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL server programs (initdb, pg_ctl) are not installed; "
                    "apt-get install postgresql (.ci/setup does)")
    cluster = LocalCluster(bin_dir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
