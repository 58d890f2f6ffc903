# SPDX-License-Identifier: EUPL-1.2
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
    # A check digit that no remaining choice can change must already pass.
    failing = {issue.field for issue in check_digits(layout, ["".join(r) for r in base]).errors}
    if failing - {"composite", *groups}:
        return Repair()
    # Each field's own check digit prunes its readings; the composite, a weighted sum
    # modulo 10, is then settled across fields by tracking residues (no product blow-up).
    weights = _composite_weights(layout)
    target = _composite_target(layout, base, weights)
    own_checks = {s.name for s in layout.fields if s.check_at}
    states: dict[int, _Path] = {0: _Path(0, 1, ())}
    for field, choices in groups.items():
        options: list[_Option] = []
        for rows in _readings(base, choices):
            if field in own_checks and not _field_ok(layout, rows, field):
                continue
            picked = {(line, pos): rows[line][pos] for line, pos, _ in choices}
            changes = sum(char != lines[line][pos] for (line, pos), char in picked.items())
            delta = sum(
                (_value(char) - _value(base[line][pos])) * weights.get((line, pos), 0)
                for (line, pos), char in picked.items()
            )
            options.append(_Option(picked, changes, delta % 10))
        if not options:
            return Repair()
        states = _advance(states, options)
    path = states.get(target if target is not None else 0)
    if path is None:
        return Repair()
    if path.count > 1:
        return Repair(
            ambiguous=Issue(
                "mrz",
                IssueCode.AMBIGUOUS_REPAIR,
                f"{path.count} different OCR corrections satisfy every check digit; none proposed",
            )
        )
    rows = [row[:] for row in base]
    for option in path.options:
        for (line, pos), char in option.picked.items():
            rows[line][pos] = char
    if not check_digits(layout, ["".join(row) for row in rows]).all_pass:
        return Repair()
    return Repair(_diff(layout, lines, rows))


@dataclass(frozen=True, slots=True)
class _Option:
    picked: dict[tuple[int, int], str]
    changes: int
    delta: int  # change to the composite's weighted sum, modulo 10


@dataclass(frozen=True, slots=True)
class _Path:
    changes: int
    count: int  # how many choices reach this residue with this few changes
    options: tuple[_Option, ...]


def _advance(states: dict[int, _Path], options: list[_Option]) -> dict[int, _Path]:
    """Fewest-change ways to reach each composite residue after one more field."""
    out: dict[int, _Path] = {}
    for residue, path in states.items():
        for option in options:
            key, changes = (residue + option.delta) % 10, path.changes + option.changes
            known = out.get(key)
            if known is None or changes < known.changes:
                out[key] = _Path(changes, path.count, (*path.options, option))
            elif changes == known.changes:
                out[key] = _Path(changes, known.count + path.count, known.options)
    return out


def _value(char: str) -> int:
    return 0 if char == "<" else int(char, 36)


def _composite_weights(layout: Layout) -> dict[tuple[int, int], int]:
    positions = [(sp.line, p) for sp in layout.composite for p in range(sp.start, sp.end)]
    return {where: (7, 3, 1)[i % 3] for i, where in enumerate(positions)}


def _composite_target(
    layout: Layout, base: list[list[str]], weights: dict[tuple[int, int], int]
) -> int | None:
    """The residue the fields' changes must add up to for the composite to pass."""
    if layout.composite_at is None:
        return None
    found = base[layout.composite_at.line][layout.composite_at.start]
    if not found.isdigit():
        return -1  # unreachable: no repair
    total = sum(_value(base[line][pos]) * w for (line, pos), w in weights.items())
    return (int(found) - total) % 10


def _diff(layout: Layout, lines: Sequence[str], rows: list[list[str]]) -> tuple[Correction, ...]:
    field_at = {(s.line, s.pos): s.field for s in _slots(layout)}
    return tuple(
        Correction(line + 1, pos + 1, old, new, field_at[(line, pos)])
        for line, (row, text) in enumerate(zip(rows, lines, strict=True))
        for pos, (new, old) in enumerate(zip(row, text, strict=True))
        if new != old
    )
