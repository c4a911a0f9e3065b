"""The smaller things seen on the demo's screenshots (#15): the pinyin pad, the mask step and wordings."""

import re
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from ui_steps import open_services, overflowing, tile

from tests.ui.conftest import LANDSCAPE

pytestmark = pytest.mark.ui

LANGUAGES = ("zh_CN", "en")
MONDAY_MORNING = datetime(2026, 11, 30, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def look(kiosk, name: str) -> None:
    kiosk.pump(3)
    kiosk.drawn(name)
    kiosk.screenshot(name)
    problems = overflowing(kiosk.screen(), kiosk.window)
    assert not problems, f"{name}:\n" + "\n".join(problems)


def open_pinyin(kiosk):
    kiosk.app.go("pinyin")
    kiosk.settle("pinyin")
    screen = kiosk.screen("pinyin")
    return screen, {key.key: key for key in screen.ids.pad.children}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pinyin_pad_says_while_it_looks_and_when_nothing_matches(start_kiosk, language):
    kiosk = start_kiosk(f"[display]\nlanguage = {language}\n")
    screen, keys = open_pinyin(kiosk)
    assert "l d h t" in screen.ids.code.text, "the hint spells the keys as they show: lower case"
    assert all(key.text == key.key for key in keys.values() if len(key.key) == 1)

    # The legal worker is busy (a slow look-up): the screen says it is looking.
    from kiosk.visitor import LEGAL

    release = threading.Event()
    kiosk.app.workers[LEGAL].run(release.wait, lambda _result: None, lambda _error: None)
    kiosk.tap(keys["v"], wait=False)  # the look-up it sets off waits behind the slow one
    assert screen.ids.status.text == ("正在查找…" if language == "zh_CN" else "Looking…")
    release.set()
    for letter in "vvq":
        kiosk.tap(keys[letter])
    kiosk.run_until(lambda: not screen.looking and screen.code == "vvvq")
    assert screen.found_nothing and not screen.ids.results.children
    assert "VVVQ" in screen.ids.status.text
    assert screen.ids.status.text.startswith("没有找到" if language == "zh_CN" else "Nothing matches")
    look(kiosk, f"pinyin-nothing-{language}-portrait")
    kiosk.tap(keys["clear"])
    assert screen.ids.status.text == "" and not screen.found_nothing


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("large_text", [False, True])
def test_the_chosen_chip_is_marked_and_landscape_shows_several_results(start_kiosk, language, large_text):
    kiosk = start_kiosk(f"[display]\nlanguage = {language}\nlarge_text = {'yes' if large_text else 'no'}\n",
                        size=LANDSCAPE)
    screen, keys = open_pinyin(kiosk)
    for letter in "ldht":
        kiosk.tap(keys[letter])
    kiosk.run_until(lambda: screen.candidates and screen.ids.results.children and not screen.looking, timeout=60)
    chips = list(reversed(screen.ids.candidates.children))
    kiosk.tap(chips[0])
    kiosk.run_until(lambda: screen.chosen == chips[0].term and not screen.looking)
    assert chips[0].chosen and chips[0].text.startswith("✓ "), "marked by a tick, not by colour alone"
    assert not any(chip.chosen or chip.text.startswith("✓") for chip in chips[1:])

    # Landscape: the pad sits beside the results, and more than one result is in view at once.
    results = screen.ids.results
    viewport = results.parent
    assert screen.ids.pad.x >= viewport.right and screen.ids.query.x >= viewport.right, "beside the results"
    kiosk.run_until(lambda: len(results.children) >= 2)
    bottom = viewport.to_window(viewport.x, viewport.y)[1]
    top = bottom + viewport.height
    in_view = [tile for tile in results.children
               if bottom - 1 <= tile.to_window(tile.x, tile.y)[1] and tile.to_window(tile.x, tile.top)[1] <= top + 1]
    assert len(in_view) >= 2, f"{len(in_view)} result in view"
    look(kiosk, f"pinyin-chosen-{language}-landscape{'-large' if large_text else ''}")


MASK_ONLY = "[health_check]\nmask = confirm\ntemperature = door\n"
BOTH = "[health_check]\nmask = confirm\ntemperature = manual\n"
TEMPERATURE_ONLY = "[health_check]\nmask = none\ntemperature = manual\n"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("config", "title"), [
    (MASK_ONLY, {"zh_CN": "佩戴口罩", "en": "Mask"}),
    (BOTH, {"zh_CN": "口罩与体温", "en": "Mask and temperature"}),
    (TEMPERATURE_ONLY, {"zh_CN": "测量体温", "en": "Temperature"}),
])
def test_the_mask_step_is_titled_by_what_it_asks(start_kiosk, language, config, title):
    kiosk = start_kiosk(f"[display]\nlanguage = {language}\n{config}")
    kiosk.app.go("mask")
    kiosk.settle("mask")
    header = kiosk.screen("mask").children[0].children[-1]
    assert title[language] in [child.text for child in header.children]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_confirmed_mask_looks_done_and_the_step_goes_on_by_itself(start_kiosk, health_clips, language):
    kiosk = start_kiosk(f"[display]\nlanguage = {language}\nlarge_text = yes\n{MASK_ONLY}"
                        f"[camera]\nsource = {health_clips['green']}\n")
    kiosk.tap(kiosk.widget("take_number"))
    kiosk.settle("mask", timeout=60)
    mask = kiosk.screen("mask")
    assert mask.ids.go_on.disabled and not mask.countdown
    kiosk.tap(mask.ids.mask_confirm)
    assert not mask.ids.mask_confirm.disabled, "confirmed is done, not unavailable"
    assert mask.ids.mask_confirm.text.startswith("✓ ")
    assert 0 < mask.countdown <= 3 and not mask.ids.go_on.disabled
    assert re.search(rf"\b{mask.countdown}\b", mask.ids.go_on.text)
    look(kiosk, f"mask-confirmed-{language}-portrait-large")
    kiosk.tap(mask.ids.mask_confirm)  # a second tap changes nothing
    kiosk.run_until(lambda: kiosk.app.root.current == "services", timeout=30)
    assert kiosk.app.visit.health_decision.admitted


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_priority_options_say_who_counts(start_kiosk, health_clips, monkeypatch, language):
    kiosk = start_kiosk(f"[display]\nlanguage = {language}\nlarge_text = yes\n"
                        f"[camera]\nsource = {health_clips['green']}\n")
    monkeypatch.setattr(kiosk.app, "now", lambda: MONDAY_MORNING)
    open_services(kiosk)
    kiosk.tap(tile(kiosk, "consultation"))
    kiosk.settle("priority")
    elderly = kiosk.widget("elderly", "priority").text
    assert ("70 岁以上" if language == "zh_CN" else "70 or over") in elderly
    disabled = kiosk.widget("disabled", "priority").text
    assert ("残疾人证" if language == "zh_CN" else "disability certificate") in disabled
    look(kiosk, f"priority-{language}-portrait-large")
    kiosk.resize(LANDSCAPE)
    look(kiosk, f"priority-{language}-landscape-large")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_self_check_income_question_states_the_figure(start_kiosk, language):
    kiosk = start_kiosk(f"[display]\nlanguage = {language}\n[calculators]\nminimum_wage = 2520\n")
    kiosk.app.go("legal_aid_check")
    kiosk.settle("legal_aid_check")
    screen = kiosk.screen("legal_aid_check")
    # Nothing special, a matter of unpaid wages, none of the groups: then the income is asked.
    for question, option in (("special", "none"), ("matter", "wages"), ("group", "none")):
        assert screen.question == question
        kiosk.tap(next(button for button in screen.ids.options.children if button.option == option))
        kiosk.pump(3)
    assert screen.question == "income"
    text = screen.ids.question.text
    assert ("2520 元" if language == "zh_CN" else "2520 yuan") in text
    assert "是否不高于" not in text and "{" not in text
    look(kiosk, f"aid-income-{language}-portrait")
