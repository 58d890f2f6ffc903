# SPDX-License-Identifier: EUPL-1.2
"""Choosing the MRZ reading from the recogniser's per-character probabilities.

ICAO Doc 9303 says what each position may hold (Doc 9303-3 §4.2: the OCR-B characters
``A-Z0-9<``; Parts 4-7: fixed field positions, letters in codes, countries and names,
digits in dates and check digits). Those rules choose between readings the OCR model
itself gave weight to; they never add a character the model did not see:

1. each position keeps only the characters its field allows (``0`` in a name becomes the
   ``O`` the model also saw; a date never takes a letter), provided the model gave that
   character at least :data:`MIN_PROBABILITY`; where it gave no legal character that
   much, the OCR-B look-alike of the character read (``0``/``O``, ``1``/``I``, ``8``/``B``,
   ``5``/``S``, ``2``/``Z``, ``6``/``G``) is taken and reported, else the character read
   is kept and the validator flags it;
2. fields protected by a check digit: a beam over the uncertain positions of the field
   and its check digit keeps the most probable readings that pass it;
3. the composite check digit then chooses among those and the readings of the fields
   only it protects.

A position stays **uncertain** (reported to the officer with its alternatives) when the
character chosen had less than :data:`CONFIDENT` of the model's weight, or when a rule
made the choice.

>>> choice = choose_reading(layout, [line1_probabilities, line2_probabilities])  # doctest: +SKIP
>>> choice.lines, [u.to_dict() for u in choice.uncertain]                         # doctest: +SKIP
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from straitwatch.documents.fields import check_digits
from straitwatch.documents.formats import FieldKind, Layout
from straitwatch.documents.rapid import ALPHABET

__all__ = ["CONFIDENT", "MIN_PROBABILITY", "Choice", "Uncertain", "UncertainKind", "choose_reading"]

MIN_PROBABILITY = 1e-4
"""Below this the model did not see the character: it is never chosen."""
CONFIDENT = 0.9
"""A character chosen with less of the model's weight than this is reported uncertain."""
_ALTERNATIVE = 0.01  # an alternative a beam tries must have this much weight
_MAX_READINGS = 4096  # per field: beyond that the most uncertain positions vary
_KEEP = 4  # passing readings of a field kept for the composite

# OCR-B look-alikes: taken only where the model saw no legal character at all.
_LOOK_ALIKE = {
    **{"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"},
    **{"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "G": "6", "B": "8"},
}
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = frozenset("0123456789")
_ALLOWED: dict[FieldKind, frozenset[str]] = {
    FieldKind.CODE: _LETTERS | {"<"},
    FieldKind.COUNTRY: _LETTERS | {"<"},
    FieldKind.NAME: _LETTERS | {"<"},
    FieldKind.SEX: frozenset("MFX<"),
    FieldKind.DATE: _DIGITS,
    FieldKind.CHECK: _DIGITS,
    FieldKind.ALNUM: frozenset(ALPHABET),
}

Where = tuple[int, int]  # (line, position), 0-based


UncertainKind = Literal["rules", "look_alike", "low_confidence"]
"""Why a character is uncertain: the field's rules or a check digit chose another character
the model also saw; the model read a character not allowed there and its OCR-B look-alike
was taken; or the model was unsure of the character it read."""


@dataclass(frozen=True, slots=True)
class Uncertain:
    """A character the officer should look at: what was chosen and what else it could be
    (1-based line and position, probabilities as the model gave them)."""

    line: int
    position: int
    field: str
    chosen: str
    alternatives: tuple[tuple[str, float], ...]
    reason: str
    kind: UncertainKind = "low_confidence"
    read: str = ""  # the model's own best character there
    confidence: float = 0.0  # the model's probability for the character chosen

    def to_dict(self) -> dict[str, Any]:
        """JSON form; ``kind``, ``read`` and ``confidence`` let a screen say why in its own
        language (the catalogues' ``doc.uncertainWhy.<kind>``), ``reason`` is English."""
        return {
            "line": self.line,
            "position": self.position,
            "field": self.field,
            "chosen": self.chosen,
            "read": self.read,
            "confidence": round(self.confidence, 3),
            "alternatives": [{"char": c, "p": round(p, 3)} for c, p in self.alternatives],
            "kind": self.kind,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Choice:
    """The lines chosen and the characters that stay uncertain."""

    lines: tuple[str, ...]
    uncertain: tuple[Uncertain, ...] = ()


def _kinds(layout: Layout) -> dict[Where, tuple[str, FieldKind, bool]]:
    """Each position's field, kind, and whether a filler may stand in its check digit."""
    out: dict[Where, tuple[str, FieldKind, bool]] = {}
    for spec in layout.fields:
        for p in range(spec.span.start, spec.span.end):
            out[(spec.span.line, p)] = (spec.name, spec.kind, False)
        if spec.check_at is not None:
            filler_ok = spec.name == layout.personal_number or (
                spec.name == "document_number" and layout.long_number_in is not None
            )
            out[(spec.check_at.line, spec.check_at.start)] = (spec.name, FieldKind.CHECK, filler_ok)
    if layout.composite_at is not None:
        at = layout.composite_at
        out[(at.line, at.start)] = ("composite", FieldKind.CHECK, False)
    return out


def _legal(kind: FieldKind, filler_ok: bool, first_of_code: bool) -> frozenset[str]:
    allowed = _ALLOWED[kind]
    if kind is FieldKind.CHECK and filler_ok:
        allowed = allowed | {"<"}
    if first_of_code:
        allowed = _LETTERS
    return allowed


def _options(row: NDArray[np.float64], allowed: frozenset[str]) -> list[tuple[str, float]]:
    """The legal characters the model saw, most probable first; where it saw none, the
    OCR-B look-alike of what it read (``0`` for ``O``...), else what it read."""
    ranked = sorted(((ALPHABET[i], float(p)) for i, p in enumerate(row)), key=lambda item: -item[1])
    legal = [(c, p) for c, p in ranked if c in allowed and p >= MIN_PROBABILITY]
    if legal:
        return legal
    twin = _LOOK_ALIKE.get(ranked[0][0])
    if twin is not None and twin in allowed:
        return [(twin, float(row[ALPHABET.index(twin)]))]
    return ranked[:1]


def choose_reading(layout: Layout, probabilities: Sequence[NDArray[np.float64]]) -> Choice:
    """The most probable reading that the layout's rules and check digits allow (see module)."""
    kinds = _kinds(layout)
    options: dict[Where, list[tuple[str, float]]] = {}
    for line, matrix in enumerate(probabilities):
        for pos in range(matrix.shape[0]):
            name, kind, filler_ok = kinds.get((line, pos), ("", FieldKind.ALNUM, False))
            first_of_code = kind is FieldKind.CODE and pos == layout.field(name).span.start
            options[(line, pos)] = _options(matrix[pos], _legal(kind, filler_ok, first_of_code))
    chosen = {where: opts[0][0] for where, opts in options.items()}
    _check_digit_beam(layout, options, chosen)
    lines = tuple(
        "".join(chosen[(line, pos)] for pos in range(matrix.shape[0]))
        for line, matrix in enumerate(probabilities)
    )
    return Choice(lines, _uncertain(probabilities, options, chosen, kinds))


def _groups(layout: Layout) -> dict[str, list[Where]]:
    """Positions settled by each check digit (own-check fields, then the composite's rest)."""
    groups: dict[str, list[Where]] = {}
    for spec in layout.fields:
        if spec.check_at is None:
            continue
        cells = [(spec.span.line, p) for p in range(spec.span.start, spec.span.end)]
        cells.append((spec.check_at.line, spec.check_at.start))
        groups[spec.name] = cells
    if layout.long_number_in is not None:
        extra = layout.field(layout.long_number_in).span
        groups["document_number"] += [(extra.line, p) for p in range(extra.start, extra.end)]
    if layout.composite_at is not None:
        owned = {cell for cells in groups.values() for cell in cells}
        rest = [
            (span.line, p)
            for span in layout.composite
            for p in range(span.start, span.end)
            if (span.line, p) not in owned
        ]
        groups["composite"] = [*rest, (layout.composite_at.line, layout.composite_at.start)]
    return groups


def _readings(
    cells: list[Where], options: dict[Where, list[tuple[str, float]]]
) -> list[tuple[float, dict[Where, str]]]:
    """Readings of some cells, most probable first, varying only uncertain cells."""
    varying = [c for c in cells if c in options and len(_tried(options[c])) > 1]
    varying.sort(key=lambda c: options[c][0][1])  # least sure first
    while varying and math.prod(len(_tried(options[c])) for c in varying) > _MAX_READINGS:
        varying.pop()
    fixed = {c: options[c][0][0] for c in cells if c in options}
    out = []
    for combo in itertools.product(*(_tried(options[c]) for c in varying)):
        reading = dict(fixed)
        score = 0.0
        for cell, (char, p) in zip(varying, combo, strict=True):
            reading[cell] = char
            score += math.log(max(p, 1e-12))
        out.append((score, reading))
    out.sort(key=lambda item: -item[0])
    return out


def _tried(opts: list[tuple[str, float]]) -> list[tuple[str, float]]:
    return [opts[0], *(o for o in opts[1:3] if o[1] >= _ALTERNATIVE)]


def _passes(layout: Layout, chosen: dict[Where, str], field: str) -> bool:
    lines = [
        "".join(chosen.get((line, p), "<") for p in range(layout.line_length))
        for line in range(layout.line_count)
    ]
    return not any(issue.field == field for issue in check_digits(layout, lines).errors)


def _check_digit_beam(
    layout: Layout, options: dict[Where, list[tuple[str, float]]], chosen: dict[Where, str]
) -> None:
    """Update ``chosen`` with the most probable readings that pass the check digits."""
    if any((line, layout.line_length - 1) not in options for line in range(layout.line_count)):
        return  # lines of the wrong length: nothing to check against
    groups = _groups(layout)
    kept: list[list[tuple[float, dict[Where, str]]]] = []
    for field, cells in groups.items():
        if field == "composite":
            continue
        passing = []
        for score, reading in _readings(cells, options):
            if _passes(layout, {**chosen, **reading}, field):
                passing.append((score, reading))
                if len(passing) == _KEEP:
                    break
        if passing:
            chosen.update(passing[0][1])
            kept.append(passing)
    if "composite" not in groups or _passes(layout, chosen, "composite"):
        return
    rest = _readings(groups["composite"], options)[:64]
    best: tuple[float, dict[Where, str]] | None = None
    for parts in itertools.product(*kept, rest):
        score = sum(part[0] for part in parts)
        if best is not None and score <= best[0]:
            continue
        trial = dict(chosen)
        for _, reading in parts:
            trial.update(reading)
        if _passes(layout, trial, "composite"):
            best = (score, trial)
    if best is not None:
        chosen.update(best[1])


def _uncertain(
    probabilities: Sequence[NDArray[np.float64]],
    options: dict[Where, list[tuple[str, float]]],
    chosen: dict[Where, str],
    kinds: dict[Where, tuple[str, FieldKind, bool]],
) -> tuple[Uncertain, ...]:
    out = []
    for (line, pos), char in sorted(chosen.items()):
        row = probabilities[line][pos]
        weight = float(row[ALPHABET.index(char)])
        top = ALPHABET[int(row.argmax())]
        if weight >= CONFIDENT and char == top:
            continue
        kind: UncertainKind = (
            "rules"
            if char != top and weight >= MIN_PROBABILITY
            else "look_alike"
            if char != top
            else "low_confidence"
        )
        reason = {
            "rules": f"read {top!r}; {char!r} chosen by the field's rules or check digit",
            "look_alike": f"read {top!r}, not allowed here; {char!r} is its OCR-B look-alike",
            "low_confidence": f"the model gave {char!r} only {weight:.0%}",
        }[kind]
        alternatives = tuple((c, p) for c, p in options[(line, pos)][:3] if p >= _ALTERNATIVE)
        if all(c != top for c, _ in alternatives):
            alternatives = ((top, float(row.max())), *alternatives)
        field = kinds.get((line, pos), ("", FieldKind.ALNUM, False))[0]
        out.append(
            Uncertain(
                line + 1,
                pos + 1,
                field or "filler",
                char,
                alternatives,
                reason,
                kind,
                top,
                weight,
            )
        )
    return tuple(out)
