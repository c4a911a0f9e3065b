"""Printing a document on A4 through CUPS with its command-line client (``lp``, ``lpstat``, ``cancel``).

The PDF goes to ``lp`` on standard input, so no copy is written to disk here; the job's title is the
template's name only, so CUPS's job history holds no fact the visitor chose. What can go wrong is
told apart and becomes a :class:`PrintFault` with a message for the visitor in both languages, which
also offers the QR code instead: cupsd not running, no such queue, the queue stopped or refusing
jobs, and a job that failed or did not finish in time (it is then cancelled, so it cannot come out of
the printer later, when nobody is there to take it).
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import time
from dataclasses import dataclass

from kiosk.calculators.model import Text

log = logging.getLogger(__name__)

NOT_CONFIGURED, NO_SERVER, NO_QUEUE, STOPPED, JOB_FAILED = (
    "not_configured", "no_server", "no_queue", "stopped", "job_failed")
QR_HINT = Text("您可以扫描屏幕上的二维码带走这份文书的内容，或请工作人员帮助。",
               "You can scan the QR code on the screen to take the document's content with you, "
               "or ask a member of staff.")
MESSAGES = {
    NOT_CONFIGURED: Text("本机没有设置文书打印机。", "No document printer is set up on this kiosk."),
    NO_SERVER: Text("打印服务没有运行，暂时无法打印。", "The printing service is not running, so it cannot print now."),
    NO_QUEUE: Text("找不到文书打印机。", "The document printer cannot be found."),
    STOPPED: Text("文书打印机已暂停，暂时无法打印。", "The document printer is paused, so it cannot print now."),
    JOB_FAILED: Text("这份文书没有打印出来。", "The document was not printed."),
}
REQUEST_ID = re.compile(r"request id is (\S+)")
COMMAND_SECONDS = 15


@dataclass(frozen=True)
class PrintFault(Exception):
    """Why a document did not print: ``kind`` for logs and tests, the visitor's message, and detail for staff."""

    kind: str
    detail: str = ""

    def message(self, language: str) -> str:
        """The sentence a screen shows, with the QR fallback."""
        space = " " if language == "en" else ""
        return f"{MESSAGES[self.kind].get(language)}{space}{QR_HINT.get(language)}"

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}" if self.detail else self.kind


@dataclass(frozen=True)
class Printer:
    """A CUPS queue: its name and, when it is not the machine's own cupsd, the server (``host:port``
    or a socket path), as ``[documents] printer`` and ``server`` give them."""

    queue: str
    server: str = ""
    wait_seconds: float = 60.0

    def _run(self, command: str, *arguments: str, data: bytes | None = None) -> subprocess.CompletedProcess:
        where = ("-h", self.server) if self.server else ()
        # LANG=C: the messages are matched in English, whatever the kiosk's locale
        environment = {**os.environ, "LANG": "C", "LC_ALL": "C"}
        try:
            return subprocess.run([command, *where, *arguments], input=data, capture_output=True,
                                  timeout=COMMAND_SECONDS, env=environment, check=False)
        except FileNotFoundError:
            raise PrintFault(NO_SERVER, f"{command} is not installed (Debian package cups-client)") from None
        except subprocess.TimeoutExpired:
            raise PrintFault(NO_SERVER, f"{command} did not answer in {COMMAND_SECONDS} s") from None

    def _text(self, command: str, *arguments: str) -> str:
        done = self._run(command, *arguments)
        return (done.stdout + done.stderr).decode(errors="replace")

    def check(self) -> None:
        """Raise a PrintFault if a job sent now could not print."""
        if not self.queue:
            raise PrintFault(NOT_CONFIGURED, "[documents] printer is empty")
        if "scheduler is running" not in self._text("lpstat", "-r"):
            raise PrintFault(NO_SERVER, f"cupsd at {self.server or 'the default server'} is not running")
        status = self._text("lpstat", "-p", self.queue, "-a", self.queue)
        if "Invalid destination" in status or "does not exist" in status:
            raise PrintFault(NO_QUEUE, f"no CUPS queue {self.queue}")
        if f"printer {self.queue} disabled" in status or "not accepting" in status:
            raise PrintFault(STOPPED, status.strip().replace("\n", " "))

    def print_pdf(self, pdf: bytes, title: str) -> str:
        """Send ``pdf`` to the queue on A4, wait until CUPS has passed it on, and return the job id."""
        self.check()
        done = self._run("lp", "-d", self.queue, "-t", title, "-o", "media=A4", data=pdf)
        output = (done.stdout + done.stderr).decode(errors="replace")
        found = REQUEST_ID.search(output)
        if done.returncode or not found:
            if "not accepting" in output:
                raise PrintFault(STOPPED, output.strip())
            raise PrintFault(JOB_FAILED, output.strip())
        job = found.group(1)
        log.info("document job %s sent to %s", job, self.queue)
        self._wait(job)
        return job

    def _wait(self, job: str) -> None:
        deadline = time.monotonic() + self.wait_seconds
        while job in self._text("lpstat", "-W", "not-completed", "-o", self.queue).split():
            if time.monotonic() > deadline or self._stopped():
                reason = "the queue stopped" if self._stopped() else f"not done in {self.wait_seconds:g} s"
                if self._cancel_unless_completed(job):
                    return  # it finished in the meantime
                raise PrintFault(JOB_FAILED, f"job {job} cancelled: {reason}")
            time.sleep(0.2)
        if not self._cancel_unless_completed(job):
            raise PrintFault(JOB_FAILED, f"job {job} was aborted or cancelled")

    def _cancel_unless_completed(self, job: str) -> bool:
        """Cancel the job if it is still there, and say whether it had completed. ``lpstat -W completed``
        lists cancelled jobs with completed ones; ``cancel`` tells them apart, as it refuses only a job
        that is "already completed"."""
        return "already completed" in self._text("cancel", job)

    def _stopped(self) -> bool:
        return f"printer {self.queue} disabled" in self._text("lpstat", "-p", self.queue)
