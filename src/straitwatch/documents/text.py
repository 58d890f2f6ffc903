# SPDX-License-Identifier: EUPL-1.2
"""Finding the MRZ lines in raw OCR text (or text an officer pasted).

OCR output carries junk lines, stray spaces, lower-case letters and lines a few
characters too long or too short. :func:`mrz_lines_from_text` keeps the run of lines that
best fits an ICAO format and says in ``notes`` every change it made to get there, so no
change is silent; the character-level misreadings are left to the validator's repair.

>>> found = mrz_lines_from_text("junk\\nP<UTOERIKSSON<<ANNA<MARIA<<< <<<<<<<<<  <<<<<<<\\n"
...                             "L898902C36UTO7408122F1204159ZE184226B<<<<<10\\n")
>>> found.lines[0], found.notes
('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', ('line 1: removed 3 spaces',))
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FoundLines", "mrz_lines_from_text"]

_SHAPES = ((3, 30), (2, 36), (2, 44))
_NOT_MRZ = re.compile(r"[^A-Z0-9<]")
_SLACK = 3  # characters a line may miss or carry in excess and still be taken


@dataclass(frozen=True, slots=True)
class FoundLines:
    """The MRZ lines taken from a text, and what was changed to take them."""

    lines: tuple[str, ...]
    notes: tuple[str, ...] = ()


def _clean(raw: str) -> tuple[str, list[str]]:
    notes = []
    spaces = sum(char.isspace() for char in raw)
    text = "".join(raw.split())
    if spaces:
        notes.append(f"removed {spaces} space{'s' if spaces > 1 else ''}")
    if text != text.upper():
        notes.append("changed lower case to capitals")
        text = text.upper()
    for odd, filler in (("«", "<"), ("‹", "<")):
        if odd in text:
            notes.append(f"read {odd!r} as '<'")
            text = text.replace(odd, filler)
    return text, notes


def _fit(text: str, length: int) -> tuple[str, str | None]:
    if len(text) > length:
        return text[:length], f"dropped {len(text) - length} trailing characters {text[length:]!r}"
    if len(text) < length:
        return text + "<" * (length - len(text)), f"padded with {length - len(text)} '<'"
    return text, None


def _could_be(row: str, length: int) -> bool:
    """Near the length, or longer with fillers in the first ``length`` (junk glued on)."""
    return len(row) >= length - _SLACK and (len(row) <= length + _SLACK or "<" in row[:length])


def _score(rows: list[str], length: int) -> tuple[int, int]:
    """Lines of the exact length first, then fewest characters out of place."""
    exact = sum(len(row) == length for row in rows)
    off = sum(abs(len(row) - length) + len(_NOT_MRZ.findall(row)) for row in rows)
    return exact, -off


def mrz_lines_from_text(text: str) -> FoundLines:
    """The MRZ in ``text``: the consecutive lines that best fit 3×30, 2×36 or 2×44.

    Returns no lines when nothing fits within a few characters.
    """
    cleaned: list[tuple[str, list[str]]] = []
    for raw in text.splitlines():
        row, notes = _clean(raw)
        if len(row) >= 30 - _SLACK:
            cleaned.append((row, notes))
    best: tuple[tuple[int, int], list[int], int] | None = None
    for count, length in _SHAPES:
        for start in range(len(cleaned) - count + 1):
            rows = [row for row, _ in cleaned[start : start + count]]
            if all(_could_be(row, length) for row in rows):
                score = _score(rows, length)
                if best is None or score > best[0]:
                    best = (score, list(range(start, start + count)), length)
    if best is None:
        return FoundLines(())
    _, indices, length = best
    lines, notes = [], []
    for number, index in enumerate(indices, start=1):
        row, row_notes = cleaned[index]
        fitted, fit_note = _fit(row, length)
        lines.append(fitted)
        notes += [f"line {number}: {note}" for note in row_notes]
        if fit_note:
            notes.append(f"line {number}: {fit_note}")
    return FoundLines(tuple(lines), tuple(notes))
