"""Kivy's Factory and kv rules know a widget class by its name alone: two screens of the kiosk app
that each define a class of one name apply both kv rules to every instance (a crash when the
screens are built). This reads the source, so it needs no window."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

KIOSK_UI = Path(__file__).resolve().parents[2] / "kiosk" / "ui"


def test_no_two_modules_of_the_kiosk_app_define_a_widget_class_of_one_name():
    # The counter terminal and the display board are other processes with their own kv.
    modules = list((KIOSK_UI / "screens").glob("*.py")) + list(KIOSK_UI.glob("*.py"))
    defined: dict[str, list[str]] = defaultdict(list)
    for module in modules:
        for name in re.findall(r"^class (\w+)\(", module.read_text(encoding="utf-8"), re.M):
            defined[name].append(module.name)
    assert len(modules) > 20
    assert {name: where for name, where in defined.items() if len(where) > 1} == {}
