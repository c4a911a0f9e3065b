"""Both languages are complete, and every text the screens ask for exists."""

import re

import pytest

from kiosk.foundation.i18n import LANGUAGES, catalogue, translate
from kiosk.foundation.resources import PACKAGE_DIR, resource_root
from kiosk.legal.aid_check import ASK_AT_COUNTER, LIKELY_ELIGIBLE, QUESTIONS
from kiosk.queue.hours import ReceptionState

# Keys built at run time from a prefix: the code that builds them and what they range over.
DYNAMIC_KEYS = {
    "home.state.": [state.value for state in ReceptionState],
    "weekday.": [str(day) for day in range(7)],
    "weekday_short.": [str(day) for day in range(7)],
    "pad.": ["clear", "delete"],
    "aid.": [*QUESTIONS, *(f"{question}.{option}" for question, options in QUESTIONS.items() for option in options)],
    "aid.result.": [LIKELY_ELIGIBLE, ASK_AT_COUNTER],
    "appointment.step_": ["service", "day", "slot", "confirm", "booked"],
    "mask.temperature_": ["serial", "manual"],
    "aid.reason.": ["no_means_test", "means_not_checked", "hardship", "other_matter", "above_standard",
                    "means_unclear"],
}


def used_keys() -> set[str]:
    keys = set()
    sources = [*PACKAGE_DIR.rglob("*.py"), *PACKAGE_DIR.rglob("*.kv"), resource_root() / "kiosk.kv"]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        keys.update(key for key in re.findall(r"""\b(?:t|translate)\(\s*["']([\w.]+)["']""", text)
                    if not key.endswith((".", "_")))
        for prefix, values in DYNAMIC_KEYS.items():
            if f'"{prefix}' in text or f'f"{prefix}' in text:
                keys.update(prefix + value for value in values)
    return keys


def test_both_catalogues_hold_the_same_keys():
    assert set(catalogue("zh_CN")) == set(catalogue("en"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_the_screens_use_exists(language):
    keys = used_keys()
    assert "home.hours_title" in keys and "home.state.open" in keys  # the scan itself works
    missing = keys - set(catalogue(language))
    assert not missing, f"{language} lacks {sorted(missing)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_is_empty_and_fields_match_between_languages(language):
    other = "en" if language == "zh_CN" else "zh_CN"
    for key, text in catalogue(language).items():
        assert text.strip(), f"{language} {key} is empty"
        assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", catalogue(other)[key])), key


def test_english_texts_are_english_and_chinese_texts_chinese():
    # The switch names the other language in its own script; the pinyin pad finds Chinese words.
    chinese_on_purpose = {"switch.language", "pinyin.hint"}
    for key, text in catalogue("en").items():
        if key not in chinese_on_purpose:
            assert not re.search(r"[\u4e00-\u9fff]", text), f"Chinese in en {key}"
    chinese = [key for key, text in catalogue("zh_CN").items() if re.search(r"[\u4e00-\u9fff]", text)]
    assert len(chinese) >= len(catalogue("zh_CN")) - 3


def test_translate_fills_in_fields():
    assert translate("home.hotline", "zh_CN", hotline="12348") == "公共法律服务热线 12348"
    assert translate("home.hotline", "en", hotline="12348").endswith("12348")


def test_a_day_is_worded_one_way_in_each_language():
    from datetime import date

    from kiosk.foundation.i18n import day_text

    assert day_text(date(2026, 12, 8), "zh_CN") == "12月8日 周二"
    assert day_text(date(2026, 12, 8), "en") == "Tue 8 Dec"
