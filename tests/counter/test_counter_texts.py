"""Every text the counter terminal asks for exists in both languages, the keys it builds too."""

import re

import pytest

from kiosk.foundation.i18n import LANGUAGES, catalogue
from kiosk.foundation.resources import PACKAGE_DIR
from kiosk.queue.model import CALLED, PRIORITY_KINDS, SERVING

ACTIONS = ("call", "recall", "serve", "no_show", "done", "transfer")


def counter_keys() -> set[str]:
    keys = set()
    for path in (PACKAGE_DIR / "ui" / "counter").glob("*.*"):
        if path.suffix in (".py", ".kv"):
            keys.update(key for key in re.findall(r"""["'](counter\.[\w.]+)["']""", path.read_text(encoding="utf-8"))
                        if not key.endswith("."))
    keys.update(f"counter.priority.{kind}" for kind in PRIORITY_KINDS)
    keys.update(f"counter.state.{state}" for state in (CALLED, SERVING))
    keys.update(f"counter.done.{action}" for action in (*ACTIONS, "open", "close", "recall_no_show"))
    keys.update(f"counter.{action}" for action in ACTIONS)
    return keys


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_counter_text_exists(language):
    keys = counter_keys()
    assert {"counter.title", "counter.nobody_waiting", "counter.store_down"} <= keys  # the scan itself works
    missing = keys - set(catalogue(language))
    assert not missing, f"{language} lacks {sorted(missing)}"
