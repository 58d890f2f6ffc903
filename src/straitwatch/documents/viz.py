# SPDX-License-Identifier: EUPL-1.2
"""The visual inspection zone (the printed data page) against the MRZ.

A substituted data page or an altered MRZ shows as a surname, given name, date of birth,
document number or expiry printed on the page that the MRZ does not carry. The page's
text is read with the same packaged models (all characters, not only the MRZ's), and each
MRZ field is looked for in it: dates in the usual printed forms (``12 AUG 74``,
``12.08.1974``, ``12 AUGUST/AOUT 74``), names with accents folded and the MRZ's
transliterations undone (``UE`` for ``Ü``). A field is *confirmed*, or *not found*;
a field not found on a page whose text was read is a flag to look closer, never proof
(an ID card's MRZ is on its back, so a TD1 card's fields are reported but not flagged).

>>> compare_viz(result, page_lines).flags  # doctest: +SKIP
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from straitwatch.documents.indicators import Flag, FlagCode
from straitwatch.documents.rapid import RapidEngine
from straitwatch.documents.result import MrzResult

__all__ = ["VizComparison", "check_viz", "compare_viz", "read_page_text"]

MIN_LINES = 6
"""Fewer page lines than this and the page was not read well enough to compare."""

_MONTHS = {
    "JAN": 1,
    "FEB": 2,
    "FEV": 2,
    "MAR": 3,
    "MRZ": 3,
    "APR": 4,
    "AVR": 4,
    "MAY": 5,
    "MAI": 5,
    "JUN": 6,
    "JUI": 6,
    "JUL": 7,
    "AUG": 8,
    "AOU": 8,
    "SEP": 9,
    "OCT": 10,
    "OKT": 10,
    "NOV": 11,
    "DEC": 12,
    "DEZ": 12,
}
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[ ./-](\d{1,2})[ ./-](\d{2}|\d{4})\b")
_NAMED_DATE = re.compile(r"\b(\d{1,2}) ?([A-Z]{3})[A-Z]*(?:/[A-Z]+)? ?(\d{2}|\d{4})\b")
_LOOK_ALIKE = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1"})
_FIELDS = ("surname", "given_names", "document_number", "birth_date", "expiry_date")


@dataclass(frozen=True, slots=True)
class VizComparison:
    """Each compared field: ``confirmed`` or ``not found``; and the flags raised."""

    fields: dict[str, str]
    lines_read: int
    flags: tuple[Flag, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "fields": dict(self.fields),
            "lines_read": self.lines_read,
            "flags": [flag.to_dict() for flag in self.flags],
        }


def read_page_text(rgb: NDArray[np.uint8], *, engine: RapidEngine) -> list[str]:
    """Every text line on the page, as the general model reads it."""
    found = engine.ocr(np.ascontiguousarray(rgb[:, :, ::-1]))
    return [str(text) for text in (found.txts or ())]


def _fold(text: str) -> str:
    """Capitals, accents removed, only letters, digits and single spaces kept."""
    plain = unicodedata.normalize("NFKD", text.upper())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^A-Z0-9/]+", " ", plain).split())


def _dates(text: str) -> set[tuple[int, int, int]]:
    """(day, month, two-digit year) of every date written in the text."""
    out = set()
    for day, month, year in _NUMERIC_DATE.findall(text):
        out.add((int(day), int(month), int(year) % 100))
    for day, month, year in _NAMED_DATE.findall(text):
        if month in _MONTHS:
            out.add((int(day), _MONTHS[month], int(year) % 100))
    return out


def _is_mrz(line: str) -> bool:
    compact = line.replace(" ", "")
    return "<<" in compact or (
        len(compact) >= 25 and re.fullmatch(r"[A-Z0-9<]+", compact) is not None
    )


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def _name_found(name: str, page: str) -> bool:
    """Each word of the name on the page, allowing the page's own OCR a slip every four
    letters (``MEULENDDIK`` for ``MEULENDIJK``)."""
    words = [w for w in name.split() if len(w) > 1]
    tokens = set(page.split())
    for word in words:
        forms = {word, word.replace("UE", "U").replace("OE", "O").replace("AE", "A")}
        slack = len(word) // 4
        if not any(
            form in page or any(_distance(form, token) <= slack for token in tokens)
            for form in forms
        ):
            return False
    return True


def compare_viz(result: MrzResult, page_lines: Sequence[str]) -> VizComparison:
    """The MRZ's fields looked for in the page's text (see module doc)."""
    if not result.readable:
        return VizComparison({}, len(page_lines), ())
    page_lines = [line for line in page_lines if not _is_mrz(line)]  # the MRZ proves nothing
    page = _fold("\n".join(page_lines))
    squeezed = page.replace(" ", "").translate(_LOOK_ALIKE)
    dates = _dates(page)
    fields: dict[str, str] = {}
    for name in _FIELDS:
        value = result.fields.get(name, "")
        if not value:
            continue
        if name in ("surname", "given_names"):
            first = value.split()[0] if name == "given_names" else value
            found = _name_found(first, page)
        elif name == "document_number":
            found = value.translate(_LOOK_ALIKE) in squeezed
        else:
            iso = result.dates.get(name)
            when = date.fromisoformat(iso) if iso else None
            found = when is not None and (when.day, when.month, when.year % 100) in dates
        fields[name] = "confirmed" if found else "not found"
    flags: tuple[Flag, ...] = ()
    # A card's MRZ is on its back: the printed fields need not be beside it (Doc 9303-5).
    card = result.format is not None and str(result.format) == "TD1"
    if len(page_lines) >= MIN_LINES:
        flags = tuple(
            Flag(
                FlagCode.VIZ_MRZ_MISMATCH,
                name,
                f"the MRZ's {name.replace('_', ' ')} {result.fields[name]!r} was not found "
                "printed on the data page: compare the page with the MRZ",
            )
            for name, state in fields.items()
            if state == "not found" and not card
        )
    return VizComparison(fields, len(page_lines), flags)


def check_viz(
    image: bytes, result: MrzResult, *, engine: RapidEngine | None = None
) -> VizComparison:
    """Read the page's printed text from ``image`` and compare it with ``result``."""
    from straitwatch.documents.ocr import load_page

    lines = read_page_text(load_page(image), engine=engine or RapidEngine.locate())
    return compare_viz(result, lines)
