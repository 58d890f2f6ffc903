# SPDX-License-Identifier: EUPL-1.2
"""The ICAO Doc 9303 machine-readable-zone layouts, declared as data.

Each :class:`Layout` says where every field sits (line, start, end — 0-based, end
exclusive, as in Doc 9303 Parts 4–7 less one), what characters it may hold, which
check digit protects it, and which spans the composite check digit covers. The validator,
the OCR repair and the tests all read these tables; nothing else knows a position.

>>> detect_format(["P<UTOERIKSSON<<ANNA<MARIA" + "<" * 19,
...                "L898902C36UTO7408122F1204159ZE184226B<<<<<10"])
<MrzFormat.TD3: 'TD3'>
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "LAYOUTS",
    "FieldKind",
    "FieldSpec",
    "Layout",
    "MrzFormat",
    "Span",
    "detect_format",
]


class MrzFormat(StrEnum):
    """The ICAO 9303 formats: ID cards (TD1, TD2), passports (TD3), visas (MRV-A, MRV-B)."""

    TD1 = "TD1"
    TD2 = "TD2"
    TD3 = "TD3"
    MRVA = "MRVA"
    MRVB = "MRVB"


class FieldKind(StrEnum):
    """What a field may hold; the OCR repair maps confusable characters by kind."""

    CODE = "code"  # document code: letters, then a letter or filler
    COUNTRY = "country"  # 3-letter code, '<'-padded ('D<<')
    ALNUM = "alnum"  # document number, optional data: letters, digits, fillers
    DATE = "date"  # YYMMDD, digits only
    SEX = "sex"  # M, F, X or '<'
    NAME = "name"  # letters and fillers
    CHECK = "check"  # one digit (a filler only where Doc 9303 allows it)


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``start:end`` of line ``line`` (all 0-based)."""

    line: int
    start: int
    end: int

    def take(self, lines: Sequence[str]) -> str:
        return lines[self.line][self.start : self.end]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a layout, and the check digit that protects it (if any)."""

    name: str
    span: Span
    kind: FieldKind
    check_at: Span | None = None


@dataclass(frozen=True, slots=True)
class Layout:
    """Where everything is in one format.

    ``long_number_in`` names the optional-data field that continues a document number
    longer than 9 characters (TD1, TD2: Doc 9303-5 §4.2.4, 9303-6 §4.2.4).
    ``personal_number`` names the TD3 field whose empty value may carry '<' or '0' as its
    check digit.
    """

    format: MrzFormat
    line_count: int
    line_length: int
    fields: tuple[FieldSpec, ...]
    composite: tuple[Span, ...] = ()
    composite_at: Span | None = None
    long_number_in: str | None = None
    personal_number: str | None = None

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def names(self) -> FieldSpec:
        return self.field("name")


def _f(
    name: str, line: int, start: int, end: int, kind: FieldKind, check: int | None = None
) -> FieldSpec:
    check_at = Span(line, check, check + 1) if check is not None else None
    return FieldSpec(name, Span(line, start, end), kind, check_at)


K = FieldKind

_TD1 = Layout(
    format=MrzFormat.TD1,
    line_count=3,
    line_length=30,
    fields=(
        _f("document_code", 0, 0, 2, K.CODE),
        _f("issuing_state", 0, 2, 5, K.COUNTRY),
        _f("document_number", 0, 5, 14, K.ALNUM, check=14),
        _f("optional_data_1", 0, 15, 30, K.ALNUM),
        _f("birth_date", 1, 0, 6, K.DATE, check=6),
        _f("sex", 1, 7, 8, K.SEX),
        _f("expiry_date", 1, 8, 14, K.DATE, check=14),
        _f("nationality", 1, 15, 18, K.COUNTRY),
        _f("optional_data_2", 1, 18, 29, K.ALNUM),
        _f("name", 2, 0, 30, K.NAME),
    ),
    composite=(Span(0, 5, 30), Span(1, 0, 7), Span(1, 8, 15), Span(1, 18, 29)),
    composite_at=Span(1, 29, 30),
    long_number_in="optional_data_1",
)


def _two_line(fmt: MrzFormat, length: int) -> Layout:
    """TD2, TD3, MRV-A and MRV-B share line 1 and the start of line 2."""
    visa = fmt in (MrzFormat.MRVA, MrzFormat.MRVB)
    fields = [
        _f("document_code", 0, 0, 2, K.CODE),
        _f("issuing_state", 0, 2, 5, K.COUNTRY),
        _f("name", 0, 5, length, K.NAME),
        _f("document_number", 1, 0, 9, K.ALNUM, check=9),
        _f("nationality", 1, 10, 13, K.COUNTRY),
        _f("birth_date", 1, 13, 19, K.DATE, check=19),
        _f("sex", 1, 20, 21, K.SEX),
        _f("expiry_date", 1, 21, 27, K.DATE, check=27),
    ]
    if fmt is MrzFormat.TD3:
        fields.append(_f("optional_data", 1, 28, 42, K.ALNUM, check=42))
    elif visa:
        fields.append(_f("optional_data", 1, 28, length, K.ALNUM))
    else:
        fields.append(_f("optional_data", 1, 28, 35, K.ALNUM))
    if visa:
        return Layout(fmt, 2, length, tuple(fields))
    last = length - 1
    return Layout(
        format=fmt,
        line_count=2,
        line_length=length,
        fields=tuple(fields),
        composite=(Span(1, 0, 10), Span(1, 13, 20), Span(1, 21, last)),
        composite_at=Span(1, last, length),
        long_number_in="optional_data" if fmt is MrzFormat.TD2 else None,
        personal_number="optional_data" if fmt is MrzFormat.TD3 else None,
    )


LAYOUTS: dict[MrzFormat, Layout] = {
    MrzFormat.TD1: _TD1,
    MrzFormat.TD2: _two_line(MrzFormat.TD2, 36),
    MrzFormat.TD3: _two_line(MrzFormat.TD3, 44),
    MrzFormat.MRVA: _two_line(MrzFormat.MRVA, 44),
    MrzFormat.MRVB: _two_line(MrzFormat.MRVB, 36),
}


def detect_format(lines: Sequence[str]) -> MrzFormat | None:
    """The format whose shape the lines have, or None.

    The shape (line count and length) decides between TD1, the 36-character and the
    44-character families; a leading ``V`` marks a visa within a family. A wrong
    document code inside a shape (``I<`` on 44-character lines) is left for the
    validator to report, so the officer sees what is wrong rather than "unknown".
    """
    lengths = [len(line) for line in lines]
    if lengths == [30, 30, 30]:
        return MrzFormat.TD1
    if lengths == [36, 36]:
        return MrzFormat.MRVB if lines[0].startswith("V") else MrzFormat.TD2
    if lengths == [44, 44]:
        return MrzFormat.MRVA if lines[0].startswith("V") else MrzFormat.TD3
    return None
