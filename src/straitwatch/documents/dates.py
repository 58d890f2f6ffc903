"""MRZ dates (``YYMMDD``) to calendar dates, choosing the century the way officers do.

A birth date is in the latest century that does not put it after today; an expiry date
is in the century that puts it nearest today (documents run for at most a few decades).

>>> birth_date("740812", today=date(2026, 1, 1))
datetime.date(1974, 8, 12)
>>> expiry_date("120415", today=date(2026, 1, 1))
datetime.date(2012, 4, 15)
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["birth_date", "expiry_date"]

_YYMMDD = re.compile(r"\d{6}")


def _in_century(text: str, century: int) -> date | None:
    year, month, day = century + int(text[0:2]), int(text[2:4]), int(text[4:6])
    try:
        return date(year, month, day)
    except ValueError:
        return None


def birth_date(text: str, *, today: date) -> date | None:
    """The birth date ``YYMMDD`` stands for, or None when it is no real calendar date."""
    if not _YYMMDD.fullmatch(text):
        return None
    for century in (2000, 1900):
        when = _in_century(text, century)
        if when is not None and when <= today:
            return when
    return None


def expiry_date(text: str, *, today: date) -> date | None:
    """The expiry date ``YYMMDD`` stands for, or None when it is no real calendar date."""
    if not _YYMMDD.fullmatch(text):
        return None
    candidates = [when for c in (1900, 2000, 2100) if (when := _in_century(text, c))]
    if not candidates:
        return None
    return min(candidates, key=lambda when: abs((when - today).days))
