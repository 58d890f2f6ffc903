# SPDX-License-Identifier: EUPL-1.2
"""Validate tables of published figures against a declared spec, naming every bad cell.

Each source (a workbook sheet or a CSV file) is declared as a :class:`TableSpec`: the
header a column has in the source, the name we give it, what it holds and whether it may
be empty. :func:`validate` turns raw rows into typed columns or raises one
:class:`InvalidInput` listing the bad cells by sheet or line, row and column, so a
broken file is refused whole and nothing is half-loaded.

>>> spec = TableSpec("demo", (Field("Date", "day", FieldKind.DATE),
...                           Field("Boats", "boats", FieldKind.COUNT)), key=("day",))
>>> validate(spec, ["Date", "Boats"], [("line 2", ["2024-01-01", "3"])], "demo.csv")["boats"]
[3]
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from straitwatch.errors import InvalidInput
from straitwatch.flows.ods import Cell

__all__ = ["Field", "FieldKind", "RawRow", "TableSpec", "as_cell", "locate_columns", "validate"]

# Sources write an empty figure as "-" (the Home Office) or leave the cell empty.
NULL_TOKENS = frozenset({"", "-", "..", "n/a", "NA", "nan"})
_MAX_LISTED = 8
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class FieldKind(StrEnum):
    COUNT = "whole number"
    DATE = "date"
    MONTH = "month (YYYY-MM)"
    TEXT = "text"
    NUMBER = "number"
    FLAG = "true/false"


@dataclass(frozen=True, slots=True)
class Field:
    """One column: its header in the source, our name for it, its kind, may it be empty."""

    header: str
    name: str
    kind: FieldKind
    optional: bool = False


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A source table: a title for messages, its fields, and the fields that key a row."""

    title: str
    fields: tuple[Field, ...]
    key: tuple[str, ...] = ()


RawRow = tuple[str, Sequence[Cell | str]]
"""A row as read: where it is (``"sheet SB_01, row 12"``, ``"line 12"``) and its cells."""


def as_cell(raw: Cell | str) -> Cell:
    """A CSV string as an untyped text cell; workbook cells pass through."""
    if isinstance(raw, Cell):
        return raw
    return Cell("text", raw, raw) if raw.strip() else Cell("empty", None, "")


def _norm(header: str) -> str:
    return " ".join(header.replace("\n", " ").split()).casefold()


def locate_columns(spec: TableSpec, header: Sequence[str], where: str) -> dict[str, int]:
    """Column index of each field, or :class:`InvalidInput` naming the missing columns."""
    found = {_norm(h): i for i, h in enumerate(header) if h.strip()}
    missing = [f.header for f in spec.fields if _norm(f.header) not in found]
    if missing:
        shown = ", ".join(repr(h) for h in header if h.strip())
        raise InvalidInput(
            f"{spec.title}: missing column(s) {', '.join(repr(m) for m in missing)} "
            f"(found: {shown})",
            where=where,
        )
    return {f.name: found[_norm(f.header)] for f in spec.fields}


def _count(cell: Cell) -> int:
    if cell.kind == "number":
        number = float(cell.value)  # type: ignore[arg-type]
    elif cell.kind == "text":
        try:
            number = float(str(cell.value).replace(",", "").strip())
        except ValueError:
            raise ValueError(f"{cell.text!r} is not a whole number") from None
    else:
        raise ValueError(f"{cell.text!r} is not a whole number")
    if not math.isfinite(number) or number != int(number) or number < 0:
        raise ValueError(f"{cell.text!r} is not a whole number >= 0")
    return int(number)


def _date(cell: Cell) -> date:
    if cell.kind == "date" and isinstance(cell.value, date):
        return cell.value
    try:
        return date.fromisoformat(cell.text.strip()[:10])
    except ValueError:
        raise ValueError(f"{cell.text!r} is not a date (YYYY-MM-DD)") from None


def _month(cell: Cell) -> date:
    if cell.kind == "date" and isinstance(cell.value, date):
        return cell.value.replace(day=1)
    match = _MONTH.match(cell.text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"{cell.text!r} is not a month (YYYY-MM)")
    return date(int(match[1]), int(match[2]), 1)


def _number(cell: Cell) -> float:
    try:
        number = float(cell.value) if cell.kind == "number" else float(cell.text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{cell.text!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{cell.text!r} is not a finite number")
    return number


def _flag(cell: Cell) -> bool:
    if cell.kind == "boolean":
        return bool(cell.value)
    text = cell.text.strip().casefold()
    if text in ("true", "false"):
        return text == "true"
    raise ValueError(f"{cell.text!r} is not true/false")


_CONVERT = {
    FieldKind.COUNT: _count,
    FieldKind.DATE: _date,
    FieldKind.MONTH: _month,
    FieldKind.TEXT: lambda cell: cell.text.strip(),
    FieldKind.NUMBER: _number,
    FieldKind.FLAG: _flag,
}


def _problems_message(spec: TableSpec, problems: list[str]) -> str:
    listed = "; ".join(problems[:_MAX_LISTED])
    more = f" (and {len(problems) - _MAX_LISTED} more)" if len(problems) > _MAX_LISTED else ""
    return f"{spec.title}: {len(problems)} bad cell(s): {listed}{more}"


def validate(
    spec: TableSpec,
    header: Sequence[str],
    rows: Sequence[RawRow],
    where: str,
    *,
    column_namer: Callable[[int], str] | None = None,
) -> dict[str, list[object]]:
    """Typed columns (``{field name: values}``) for ``rows``, or one :class:`InvalidInput`.

    ``where`` names the file (and sheet); each problem names its row and its column, by
    ``column_namer`` (spreadsheet letters) when given, else by header.
    """
    columns = locate_columns(spec, header, where)
    out: dict[str, list[object]] = {f.name: [] for f in spec.fields}
    problems: list[str] = []
    for locator, cells in rows:
        for field in spec.fields:
            col = columns[field.name]
            cell = as_cell(cells[col]) if col < len(cells) else Cell("empty", None, "")
            place = f"{locator}, column {_column_label(col, field, column_namer)}"
            if cell.kind == "empty" or (cell.kind == "text" and cell.text.strip() in NULL_TOKENS):
                if field.optional:
                    out[field.name].append("" if field.kind is FieldKind.TEXT else None)
                else:
                    problems.append(f"{place}: empty, a {field.kind} is required")
                    out[field.name].append(None)
                continue
            try:
                out[field.name].append(_CONVERT[field.kind](cell))
            except ValueError as exc:
                problems.append(f"{place}: {exc}")
                out[field.name].append(None)
    if not problems and spec.key:
        problems.extend(_duplicates(spec, rows, out))
    if problems:
        raise InvalidInput(_problems_message(spec, problems), where=where)
    return out


def _column_label(col: int, field: Field, namer: Callable[[int], str] | None) -> str:
    return f"{namer(col)} ({field.header})" if namer else repr(field.header)


def _duplicates(spec: TableSpec, rows: Sequence[RawRow], out: dict[str, list[object]]) -> list[str]:
    seen: dict[tuple[object, ...], str] = {}
    problems = []
    for i, (locator, _cells) in enumerate(rows):
        key = tuple(out[name][i] for name in spec.key)
        if key in seen:
            shown = ", ".join(str(k) for k in key)
            problems.append(
                f"{locator}: duplicate {'/'.join(spec.key)} {shown} (first at {seen[key]})"
            )
        else:
            seen[key] = locator
    return problems
