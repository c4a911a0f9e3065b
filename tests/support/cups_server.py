"""A private CUPS server for the tests: a cupsd of their own on a socket in a temporary folder, with a
cups-pdf queue writing PDFs there. One per test worker, for every folder that prints on A4
(tests/conftest.py registers :func:`session_cups` as the session fixture ``cups``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class CupsServer:
    """A cupsd of the tests' own: its socket, a cups-pdf queue writing into ``out``, and a way to run
    the CUPS commands against it."""

    socket: str
    queue: str
    out: Path
    spool: Path

    def run(self, *command: str) -> str:
        done = subprocess.run([command[0], "-h", self.socket, *command[1:]], capture_output=True, text=True,
                              env={**os.environ, "LANG": "C"}, timeout=30, check=False)
        return done.stdout + done.stderr


CUPSD = "/usr/sbin/cupsd"
CUPS_PDF = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_PPD = "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"


def session_cups(worker_id: str) -> Iterator[CupsServer]:
    """Body of a session fixture: one private cupsd per test worker, listening only on a socket in a
    temporary folder, with a cups-pdf queue that writes there too. cups-pdf reads its settings only
    from /etc/cups, so the queue's own file /etc/cups/cups-pdf-<queue>.conf is written there, and
    removed on every way out."""
    if not (Path(CUPSD).exists() and CUPS_PDF.exists() and shutil.which("lp")):
        pytest.skip("cups and printer-driver-cups-pdf are not installed (.ci/setup installs them)")
    if os.geteuid() != 0:
        pytest.skip("cupsd and the cups-pdf backend run as root (as in CI)")
    # Not pytest's tmp folder: its parents are private to root, and CUPS filters run as user lp.
    root = Path(tempfile.mkdtemp(prefix="kiosk-cups-"))
    root.chmod(0o755)
    # the root's random name too: two runs on one machine never share a queue's settings file
    queue = f"kiosk_docs_{worker_id}_{os.getpid()}_{root.name.rsplit('-', 1)[1]}"
    config = Path(f"/etc/cups/cups-pdf-{queue}.conf")
    for name in ("spool", "cache", "state", "log", "out", "pdf-spool", "run"):
        (root / name).mkdir()
        (root / name).chmod(0o777 if name in ("out", "pdf-spool") else 0o755)
    (root / "cups-files.conf").write_text(
        f"ServerRoot {root}\nRequestRoot {root}/spool\nCacheDir {root}/cache\nStateDir {root}/state\n"
        f"TempDir {root}/spool\nAccessLog {root}/log/access_log\nErrorLog {root}/log/error_log\n"
        f"PageLog {root}/log/page_log\nServerBin /usr/lib/cups\nDataDir /usr/share/cups\n"
        "User lp\nGroup lp\nFileDevice Yes\nSandboxing relaxed\n")
    socket = f"{root}/run/cups.sock"
    # PreserveJobFiles No: the printed document does not stay in the spool (as a centre's cupsd should).
    (root / "cupsd.conf").write_text(
        f"Listen {socket}\nLogLevel info\nBrowsing No\nDefaultAuthType None\nWebInterface No\n"
        "PreserveJobFiles No\nPreserveJobHistory Yes\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n")
    config.write_text(f"Out {root}/out\nAnonDirName {root}/out\nSpool {root}/pdf-spool\nGSTmp {root}/pdf-spool\n"
                      f"Log {root}/log\nUserPrefix\nGrp root\n")
    process = subprocess.Popen([CUPSD, "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        server = CupsServer(socket, queue, root / "out", root / "spool")
        deadline = time.monotonic() + 20
        while "scheduler is running" not in server.run("lpstat", "-r"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"cupsd did not start: {process.stderr.read().decode() if process.stderr else ''}")
            time.sleep(0.1)
        added = server.run("lpadmin", "-p", queue, "-E", "-v", f"cups-pdf:/{queue}", "-m", CUPS_PDF_PPD)
        if "Unable" in added or "lpadmin: " in added.replace("lpadmin: Printer drivers are deprecated", ""):
            raise RuntimeError(f"lpadmin: {added}")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        config.unlink(missing_ok=True)
        shutil.rmtree(root, ignore_errors=True)

