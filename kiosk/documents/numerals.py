"""Amounts in Chinese capital numerals (大写金额), as bank slips and IOUs write them.

``12345.60`` → ``壹万贰仟叁佰肆拾伍元陆角``. A run of zeros inside the number is one 零; a whole amount
ends in 整; 拾 is always preceded by its digit (壹拾), so nothing can be written in front of it.
"""

from __future__ import annotations

from decimal import Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ("", "拾", "佰", "仟")
SECTIONS = ("", "万", "亿")
LIMIT = Decimal("1000000000000")  # 万亿 and above are not written on the kiosk's documents


def capital_yuan(amount: Decimal) -> str:
    """The amount, rounded to the cent beforehand by the caller, in capital numerals with 元, 角, 分."""
    if amount < 0 or amount >= LIMIT or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"cannot write {amount} in capitals: expected 0 to under 1e12, in cents")
    cents = int(amount * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if cents == 0:
        return "零元整"
    text = _integer(yuan) + "元" if yuan else ""
    if not jiao and not fen:
        return text + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += "零"  # 元 then 分 with no 角: the gap is marked
    if fen:
        text += DIGITS[fen] + "分"
    return text


def _integer(number: int) -> str:
    digits = str(number)
    text, zero_pending, section_used = "", False, False
    for index, character in enumerate(digits):
        position = len(digits) - 1 - index
        digit = int(character)
        if digit:
            if zero_pending:
                text += "零"
            text += DIGITS[digit] + UNITS[position % 4]
            zero_pending, section_used = False, True
        else:
            zero_pending = bool(text)
        if position % 4 == 0 and position and section_used:
            # 万 or 亿 closes a group of four that had a digit; zeros after it still owe a 零
            text += SECTIONS[position // 4]
            section_used = False
    return text
