# SPDX-License-Identifier: EUPL-1.2
"""MRZ dates (``YYMMDD``) to calendar dates, choosing the century the way officers do.

A birth date is in the latest century that does not put it after today; an expiry date
is in the latest century that puts it at most 30 years after today (no travel document
runs that long), so an old expiry reads as past rather than as far future.

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
_EXPIRY_HORIZON_YEARS = 30


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
    horizon = today.replace(year=today.year + _EXPIRY_HORIZON_YEARS, day=min(today.day, 28))
    for century in (2100, 2000, 1900):
        when = _in_century(text, century)
        if when is not None and when <= horizon:
            return when
    return None
