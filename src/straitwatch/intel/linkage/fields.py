# SPDX-License-Identifier: EUPL-1.2
"""Parsing the non-name fields of a person record as partner agencies write them.

Dates of birth as ``dd/mm/yyyy``, ``dd.mm.yyyy``, ``dd-mm-yyyy``, ISO ``yyyy-mm-dd`` or the
year alone (1 January is kept but flagged: it is the usual placeholder); sex as M/F, W
(German *weiblich*) or V (Dutch *vrouw*); nationality as ICAO/ISO alpha-3, alpha-2 or an
English name; identifiers (document or social-security numbers) to upper-case letters and
digits; phones national (in the agency's country) or international, to E.164.

>>> parse_dob("07.03.1991")
BirthDate(year=1991, month=3, day=7)
>>> parse_sex("V"), parse_nationality("Afghanistan"), parse_phone("07700 900123", "UK")
('F', 'AFG', '+447700900123')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import phonenumbers
import pycountry

from straitwatch.errors import InvalidInput

__all__ = ["BirthDate", "identifier", "parse_dob", "parse_nationality", "parse_phone", "parse_sex"]

_DMY = re.compile(r"^(\d{1,2})[./\- ](\d{1,2})[./\- ](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SEX = {"M": "M", "F": "F", "W": "F", "V": "F", "MALE": "M", "FEMALE": "F"}
_REGION = {"UK": "GB", "GB": "GB", "FR": "FR", "DE": "DE", "NL": "NL", "BE": "BE"}
# Codes in use on travel documents that ISO 3166 does not have.
_ICAO_EXTRA = {"UTO", "D", "XXA", "XXB", "XXC", "XXX", "RKS", "UNK"}


@dataclass(frozen=True)
class BirthDate:
    """A date of birth as known: ``month``/``day`` are None when only the year is."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def is_placeholder(self) -> bool:
        """1 January: often written when only the year was known."""
        return self.month == 1 and self.day == 1

    @property
    def full(self) -> str | None:
        """ISO date when the day is known and is not the 1 January placeholder."""
        if self.month is None or self.day is None or self.is_placeholder:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def parse_dob(text: str) -> BirthDate | None:
    """The date of birth in ``text``; None when empty; :class:`InvalidInput` when unreadable."""
    text = text.strip()
    if not text:
        return None
    if m := _YEAR.match(text):
        year, month, day = int(m[1]), None, None
    elif m := _DMY.match(text):
        year, month, day = int(m[3]), int(m[2]), int(m[1])
    elif (m := _YMD.match(text)) or (m := _COMPACT.match(text)):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    else:
        raise InvalidInput(f"unreadable date {text!r}", where="date_of_birth")
    if not 1900 <= year <= 2100:
        raise InvalidInput(f"year out of range in {text!r}", where="date_of_birth")
    if month is not None and day is not None:
        try:
            date(year, month, day)
        except ValueError as exc:
            raise InvalidInput(f"no such date {text!r}", where="date_of_birth") from exc
    return BirthDate(year, month, day)


def parse_sex(text: str) -> str | None:
    """``M`` or ``F`` (W and V are the German and Dutch F); None when empty."""
    key = text.strip().upper()
    if not key:
        return None
    if key not in _SEX:
        raise InvalidInput(f"unknown sex {text!r} (M, F, W or V)", where="sex")
    return _SEX[key]


@lru_cache(maxsize=4096)
def parse_nationality(text: str) -> str | None:
    """ISO 3166 alpha-3 (or an ICAO document code) for a code or an English country name."""
    key = text.strip()
    if not key:
        return None
    if key.upper() in _ICAO_EXTRA:
        return key.upper()
    try:
        country = pycountry.countries.lookup(key)
    except LookupError as exc:
        raise InvalidInput(f"unknown nationality {text!r}", where="nationality") from exc
    return str(country.alpha_3)


def parse_phone(text: str, agency: str) -> str | None:
    """E.164 for a number written nationally in ``agency``'s country or internationally.

    A number that cannot be read as a phone number keeps its digits (still evidence when two
    records write it alike).
    """
    raw = text.strip()
    if not raw:
        return None
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, _REGION.get(agency.upper(), "GB"))
    except phonenumbers.NumberParseException:
        digits = re.sub(r"\D", "", raw)
        return digits or None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def identifier(text: str) -> str | None:
    """A document or personal number as letters and digits only (``AB 12-34`` -> ``AB1234``)."""
    key = re.sub(r"[^0-9A-Za-z]", "", text).upper()
    return key or None
