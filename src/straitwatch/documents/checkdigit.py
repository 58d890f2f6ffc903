# SPDX-License-Identifier: EUPL-1.2
"""ICAO 9303 check digits: weights 7-3-1 repeating, digits at face value, ``A``–``Z`` as
10–35, the filler ``<`` as 0, sum modulo 10 (Doc 9303-3 §4.9).

>>> check_digit("520727")
'3'
>>> check_digit("AB2134<<<")
'5'
"""

from __future__ import annotations

import re

from straitwatch.errors import InvalidInput

__all__ = ["MRZ_CHARACTERS", "check_digit", "check_digit_or_none", "is_mrz_text"]

MRZ_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")
_MRZ_TEXT = re.compile(r"[A-Z0-9<]+")
_WEIGHTS = (7, 3, 1)


def is_mrz_text(text: str) -> bool:
    """True when ``text`` is non-empty and holds only MRZ characters (``A-Z0-9<``)."""
    return _MRZ_TEXT.fullmatch(text) is not None


def _value(char: str) -> int:
    if char == "<":
        return 0
    if "0" <= char <= "9":
        return ord(char) - ord("0")
    return ord(char) - ord("A") + 10


def check_digit_or_none(text: str) -> str | None:
    """The check digit of ``text``, or None when it holds a non-MRZ character or is empty."""
    if not is_mrz_text(text):
        return None
    total = sum(_value(char) * _WEIGHTS[i % 3] for i, char in enumerate(text))
    return str(total % 10)


def check_digit(text: str) -> str:
    """The check digit of ``text``; refuses empty input and characters outside ``A-Z0-9<``."""
    digit = check_digit_or_none(text)
    if digit is None:
        bad = sorted({c for c in text if c not in MRZ_CHARACTERS})
        reason = "is empty" if not text else f"holds non-MRZ characters {bad!r}"
        raise InvalidInput(f"cannot compute a check digit: {text!r} {reason}")
    return digit
