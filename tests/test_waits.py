"""No test waits for the UI with a bare sleep: a fixed sleep is too short on a loaded machine and too
long on a calm one. Waits poll a condition (``run_until``, ``settle``, a ``while`` loop with a deadline);
``let_time_pass`` is only for checking that something has *not* happened yet, so an assert follows it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
# Where tests drive windows, screens and processes that draw them.
UI_TEST_DIRS = ("ui", "display", "counter", "staff")


def bare_waits(source: str, harness: bool = False) -> list[tuple[int, str]]:
    """(line, why) for each sleep that is not inside a polling loop, and, outside the ``harness`` (whose
    held finger lets time pass), each ``let_time_pass`` that no assert follows."""
    tree = ast.parse(source)
    found: list[tuple[int, str]] = []
    # A poll sleeps as a statement of its own, directly in the loop that checks the condition.
    polls = {id(statement.value) for loop in ast.walk(tree) if isinstance(loop, ast.While)
             for statement in loop.body if isinstance(statement, ast.Expr)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and id(node) not in polls:
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name == "sleep":
                found.append((node.lineno, "a sleep outside a polling loop: wait for a condition"))
    for node in ast.walk(tree):
        for body in ("body", "orelse", "finalbody"):
            statements = getattr(node, body, None)
            if not isinstance(statements, list):
                continue
            for index, statement in enumerate(statements):
                following = statements[index + 1] if index + 1 < len(statements) else None
                if not harness and isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call) \
                        and isinstance(statement.value.func, ast.Attribute) \
                        and statement.value.func.attr == "let_time_pass" and not isinstance(following, ast.Assert):
                    found.append((statement.lineno, "let_time_pass with no assert after it: wait for a condition"))
    return sorted(found)


def ui_test_files() -> list[Path]:
    """Test modules and conftests of the UI test folders (helper scripts run as processes are not waits)."""
    return sorted(path for folder in UI_TEST_DIRS for path in (TESTS / folder).glob("*.py")
                  if path.name.startswith("test_") or path.name == "conftest.py")


def test_no_ui_test_waits_with_a_bare_sleep():
    assert len(ui_test_files()) > 20
    problems = [f"{path.relative_to(TESTS.parent)}:{line}: {why}"
                for path in ui_test_files()
                for line, why in bare_waits(path.read_text(encoding="utf-8"), harness=path.name == "conftest.py")]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("source", "lines"), [
    ("import time\ndef test_x(kiosk):\n    kiosk.tap(1)\n    time.sleep(1.5)\n    assert kiosk.ok\n", [4]),
    ("from time import sleep\ndef test_x():\n    if True:\n        sleep(2)  # let it draw\n", [4]),
    ("def test_x(kiosk):\n    kiosk.let_time_pass(0.3)\n    kiosk.screenshot('a')\n", [2]),
    ("def test_x(kiosk):\n    kiosk.let_time_pass(1.2)\n    assert kiosk.app.language == 'en'\n", []),
    ("import time\ndef poll(done):\n    while not done():\n        time.sleep(0.1)\n", []),
    ("import time\ndef poll(done):\n    while not done():\n        def later():\n            time.sleep(1)\n", [5]),
    ("import time\ndef find():\n    while True:\n        if found():\n            time.sleep(2)\n            return 1\n"
     "        time.sleep(0.2)\n", [5]),
])
def test_the_check_finds_bare_sleeps_and_passes_polls(source, lines):
    assert [line for line, _ in bare_waits(source)] == lines
