"""Chinese numerals as statutes write them (第一百二十三条, 第十条之一)."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS)


def parse_numeral(text: str) -> int:
    """``一百零三`` -> 103, ``十二`` -> 12; ValueError for anything that is not a well-formed numeral."""
    if not text or any(char not in NUMERAL_CHARS for char in text):
        raise ValueError(f"expected a Chinese numeral, got {text!r}")
    if all(char in DIGITS for char in text) and len(text) > 1:
        # Digit by digit, as in 二〇二〇; a statute never numbers articles so, but dates do.
        return int("".join(str(DIGITS[char]) for char in text))
    total, digit, last_unit = 0, None, 10_000
    for char in text:
        if char in DIGITS:
            if digit is not None and DIGITS[char] != 0:
                raise ValueError(f"expected a Chinese numeral, got {text!r}")
            digit = DIGITS[char] or None
        else:
            unit = UNITS[char]
            if unit >= last_unit:
                raise ValueError(f"expected a Chinese numeral, got {text!r}")
            total += (digit if digit is not None else 1) * unit
            digit, last_unit = None, unit
    return total + (digit or 0)


def to_numeral(number: int) -> str:
    """103 -> ``一百零三``, 12 -> ``十二``: the form a statute's article label uses."""
    if not 0 < number < 10_000:
        raise ValueError(f"expected a number from 1 to 9999, got {number}")
    names = "零一二三四五六七八九"
    parts: list[str] = []
    pending_zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(("" if unit == 10 and digit == 1 and not parts else names[digit]) + name)
    return "".join(parts)


def article_label(number: int, suffix: str = "") -> str:
    """The label shown to a visitor: 第四十条, 第十七条之一."""
    return f"第{to_numeral(number)}条{suffix}"


def article_label_en(number: int, suffix: str = "") -> str:
    """The label in English: Article 40, and Article 17-1 for 第十七条之一."""
    return f"Article {number}" + (f"-{parse_numeral(suffix.removeprefix('之'))}" if suffix else "")
