"""Proposing corrections for characters the OCR probably misread.

OCR confuses a few pairs again and again: 0/O, 1/I, 2/Z, 5/S, 6/G, 8/B, and reads the
filler ``<`` as ``K``. Where a field can hold only digits (dates, check digits) or only
letters (codes, countries, sex, names), the misread character has one possible reading.
In a document number or optional data both readings are legal, so every combination is
tried and the check digits choose.

A set of corrections is proposed only when, with all of it applied, **every** check digit
of the MRZ passes (so a field no check digit protects, such as a name, is corrected only
when the rest of the reading is confirmed). Among several such sets the one changing
fewest characters wins; a tie is reported as ambiguous and nothing is proposed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from straitwatch.documents.checkdigit import MRZ_CHARACTERS
from straitwatch.documents.fields import check_digits
from straitwatch.documents.formats import FieldKind, Layout
from straitwatch.documents.result import Correction, Issue, IssueCode

__all__ = ["Repair", "propose_corrections"]

_TO_DIGIT = {
    "O": "0",
    "Q": "0",
    "D": "0",
    "I": "1",
    "L": "1",
    "Z": "2",
    "S": "5",
    "G": "6",
    "B": "8",
}
_TO_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"}
_SWAP = {**_TO_LETTER, **{v: k for k, v in _TO_LETTER.items()}}
_MAX_POSITIONS = 12  # 4096 readings of one field: beyond that the check digit decides nothing


@dataclass(frozen=True, slots=True)
class Repair:
    """The corrections proposed (maybe none), or why none could be chosen."""

    corrections: tuple[Correction, ...] = ()
    ambiguous: Issue | None = None


@dataclass(frozen=True, slots=True)
class _Slot:
    line: int
    pos: int
    field: str
    kind: FieldKind
    filler_ok: bool = False


def _slots(layout: Layout) -> list[_Slot]:
    """Every character position with the kind of field it belongs to."""
    slots: list[_Slot] = []
    for spec in layout.fields:
        span = spec.span
        slots += [_Slot(span.line, p, spec.name, spec.kind) for p in range(span.start, span.end)]
        if spec.check_at is not None:
            filler_ok = spec.name == layout.personal_number or (
                spec.name == "document_number" and layout.long_number_in is not None
            )
            at = spec.check_at
            slots.append(_Slot(at.line, at.start, spec.name, FieldKind.CHECK, filler_ok))
    if layout.composite_at is not None:
        at = layout.composite_at
        slots.append(_Slot(at.line, at.start, "composite", FieldKind.CHECK))
    return slots


def _forced(slot: _Slot, char: str) -> str:
    """The only reading a character can have in a field of its kind."""
    if slot.kind in (FieldKind.DATE, FieldKind.CHECK):
        if slot.filler_ok and char == "K":
            return "<"
        return _TO_DIGIT.get(char, char)
    if slot.kind in (FieldKind.CODE, FieldKind.COUNTRY, FieldKind.SEX, FieldKind.NAME):
        return _TO_LETTER.get(char, char)
    return char


def _in_filler_run(row: list[str], slot: _Slot, layout: Layout) -> bool:
    """A ``K`` with only fillers (or more ``K``) after it in its field, and a filler before."""
    span = layout.field(slot.field).span
    after = row[slot.pos + 1 : span.end]
    before = row[slot.pos - 1] if slot.pos > span.start else "<"
    return before in "<K" and all(c in "<K" for c in after)


def _protected(layout: Layout) -> set[str]:
    """ALNUM fields a check digit confirms (their own, or the composite)."""
    names = {s.name for s in layout.fields if s.kind is FieldKind.ALNUM and s.check_at}
    if layout.composite_at is not None:
        covered = {(sp.line, p) for sp in layout.composite for p in range(sp.start, sp.end)}
        for spec in layout.fields:
            first = (spec.span.line, spec.span.start)
            if spec.kind is FieldKind.ALNUM and first in covered:
                names.add(spec.name)
    return names


def _choices(
    base: list[list[str]], layout: Layout
) -> dict[str, list[tuple[int, int, tuple[str, ...]]]]:
    """Positions with two legal readings, grouped by the check digit that settles them."""
    groups: dict[str, list[tuple[int, int, tuple[str, ...]]]] = {}
    protected = _protected(layout)
    long_in = layout.long_number_in
    long_number = long_in is not None and any(
        s.field == "document_number" and s.kind is FieldKind.CHECK and base[s.line][s.pos] == "<"
        for s in _slots(layout)
    )
    for slot in _slots(layout):
        if slot.kind is not FieldKind.ALNUM or slot.field not in protected:
            continue
        char = base[slot.line][slot.pos]
        options: tuple[str, ...] = ()
        if char in _SWAP:
            options = (char, _SWAP[char])
        elif char == "K" and _in_filler_run(base[slot.line], slot, layout):
            options = (char, "<")
        if options:
            group = "document_number" if long_number and slot.field == long_in else slot.field
            groups.setdefault(group, []).append((slot.line, slot.pos, options))
    return groups


def _readings(
    base: list[list[str]], choices: list[tuple[int, int, tuple[str, ...]]]
) -> Iterator[list[list[str]]]:
    for combo in itertools.product(*(options for _, _, options in choices)):
        rows = [row[:] for row in base]
        for (line, pos, _), char in zip(choices, combo, strict=True):
            rows[line][pos] = char
        yield rows


def _field_ok(layout: Layout, rows: list[list[str]], field: str) -> bool:
    reading = check_digits(layout, ["".join(r) for r in rows])
    return not any(issue.field == field for issue in reading.errors)


def propose_corrections(layout: Layout, lines: Sequence[str]) -> Repair:
    """The corrections after which every check digit passes, or none (see module doc)."""
    if any(char not in MRZ_CHARACTERS for line in lines for char in line):
        return Repair()
    base = [list(line) for line in lines]
    for slot in _slots(layout):
        base[slot.line][slot.pos] = _forced(slot, base[slot.line][slot.pos])
    groups = _choices(base, layout)
    if any(len(choices) > _MAX_POSITIONS for choices in groups.values()):
        return Repair()
    # Each field's own check digit prunes its readings before the composite is tried.
    per_group: list[list[dict[tuple[int, int], str]]] = []
    for field, choices in groups.items():
        keep = []
        for rows in _readings(base, choices):
            if field not in {s.name for s in layout.fields if s.check_at} or _field_ok(
                layout, rows, field
            ):
                keep.append({(line, pos): rows[line][pos] for line, pos, _ in choices})
        if not keep:
            return Repair()
        per_group.append(keep)
    passing: list[tuple[int, list[list[str]]]] = []
    for combo in itertools.islice(itertools.product(*per_group), 20_000):
        rows = [row[:] for row in base]
        for assignment in combo:
            for (line, pos), char in assignment.items():
                rows[line][pos] = char
        if check_digits(layout, ["".join(r) for r in rows]).all_pass:
            changes = sum(
                a != b
                for row, line in zip(rows, lines, strict=True)
                for a, b in zip(row, line, strict=True)
            )
            passing.append((changes, rows))
    if not passing:
        return Repair()
    passing.sort(key=lambda item: item[0])
    if len(passing) > 1 and passing[0][0] == passing[1][0]:
        return Repair(
            ambiguous=Issue(
                "mrz",
                IssueCode.AMBIGUOUS_REPAIR,
                f"{len(passing)} different OCR corrections satisfy every check digit; "
                "none proposed",
            )
        )
    return Repair(_diff(layout, lines, passing[0][1]))


def _diff(layout: Layout, lines: Sequence[str], rows: list[list[str]]) -> tuple[Correction, ...]:
    field_at = {(s.line, s.pos): s.field for s in _slots(layout)}
    return tuple(
        Correction(line + 1, pos + 1, old, new, field_at[(line, pos)])
        for line, (row, text) in enumerate(zip(rows, lines, strict=True))
        for pos, (new, old) in enumerate(zip(row, text, strict=True))
        if new != old
    )
