"""Child processes of the tests (kiosks, counters, helper scripts) that an interrupted run cannot leave behind.

Each child starts in a process group of its own, so that stopping it stops whatever it started as well.
The group is stopped when the test that started it ends (``stop_strays``, from an autouse fixture), when
the test process exits (atexit: a Ctrl-C or a timeout), and should the test process itself be killed,
the kernel kills the child as its parent dies (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import signal
import subprocess
from collections.abc import Sequence

_PR_SET_PDEATHSIG = 1
# Looked up here, not in the child: between fork and exec the child must not load libraries.
_prctl = ctypes.CDLL(None, use_errno=True).prctl
_running: dict[int, subprocess.Popen] = {}


def _die_with(parent: int):
    def prepare() -> None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before the line above took effect
            os._exit(1)
    return prepare


def start(command: Sequence[str], **options) -> subprocess.Popen:
    """``subprocess.Popen(command, **options)`` in a process group of its own, stopped with its group at
    the end of the test at the latest."""
    process = subprocess.Popen(command, process_group=0, preexec_fn=_die_with(os.getpid()), **options)
    _running[process.pid] = process
    return process


def run(command: Sequence[str], timeout: float, **options) -> subprocess.CompletedProcess:
    """``subprocess.run`` through :func:`start`, with ``capture_output`` and ``text`` on; on a timeout
    the group is stopped and ``TimeoutExpired`` raised."""
    process = start(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **options)
    try:
        out, err = process.communicate(timeout=timeout)
    finally:
        stop(process)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def stop(process: subprocess.Popen, grace: float = 10.0) -> None:
    """TERM to the child's group, KILL after ``grace`` seconds; the group's other members get the same
    (a child already gone may have left some of its own)."""
    _running.pop(process.pid, None)
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def running() -> set[int]:
    """The pids of children started here and not yet stopped."""
    return set(_running)


def stop_strays(known: set[int]) -> list[str]:
    """Stop the children not in ``known`` that still run; their command lines."""
    strays = [process for pid, process in list(_running.items()) if pid not in known]
    stopped = [" ".join(map(str, process.args)) for process in strays if process.poll() is None]
    for process in strays:
        stop(process, grace=5.0)
    return stopped


atexit.register(lambda: stop_strays(set()))
