# SPDX-License-Identifier: EUPL-1.2
"""Read the sheets of an OpenDocument spreadsheet (``.ods``) as typed cells with positions.

Published statistics come as ODS workbooks (the Home Office small-boat time series is
one). We read the workbook itself, not a CSV export of it, so that an error can name the
sheet, the row and the column a person sees in LibreOffice, and so that a number cell
holding text is told apart from a number.

>>> book = read_workbook(Path("small_boats_time_series.ods"))  # doctest: +SKIP
>>> book["SB_01"].rows[0][0].text                             # doctest: +SKIP
'Date'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from zipfile import BadZipFile

from straitwatch.errors import InvalidInput

__all__ = ["Cell", "Sheet", "column_letter", "read_workbook"]

CellKind = Literal["number", "date", "text", "boolean", "empty"]

# Spreadsheets pad sheets with a million repeated empty rows and 16k empty columns;
# expanding those would cost memory for nothing, so repeats are capped.
_MAX_COLUMNS = 64
_MAX_BLANK_RUN = 10_000


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: its kind, its typed value (float, date, str, bool or None) and its text."""

    kind: CellKind
    value: float | date | str | bool | None
    text: str


EMPTY = Cell("empty", None, "")


@dataclass(frozen=True, slots=True)
class Sheet:
    """A sheet's non-empty rows; ``rows[i]`` is spreadsheet row ``i + 1``."""

    name: str
    rows: list[list[Cell]]

    def cell(self, row: int, col: int) -> Cell:
        """The cell at 0-based ``row``, ``col`` (empty past the end of a row)."""
        cells = self.rows[row]
        return cells[col] if col < len(cells) else EMPTY


def column_letter(col: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        name = chr(ord("A") + rem) + name
    return name


def _cell(element: Any, where: str) -> Cell:
    kind = element.getAttribute("valuetype")
    text = str(element)
    if kind in ("float", "percentage", "currency"):
        raw = element.getAttribute("value")
        try:
            return Cell("number", float(raw), text)
        except (TypeError, ValueError) as exc:
            raise InvalidInput(f"number cell holds {raw!r}", where=where) from exc
    if kind == "date":
        raw = element.getAttribute("datevalue") or ""
        try:
            return Cell("date", datetime.fromisoformat(raw).date(), text)
        except ValueError as exc:
            raise InvalidInput(f"date cell holds {raw!r}", where=where) from exc
    if kind == "boolean":
        return Cell("boolean", element.getAttribute("booleanvalue") == "true", text)
    if text.strip():
        return Cell("text", text, text)
    return EMPTY


def _row_cells(row: Any, where: str) -> list[Cell]:
    from odf.namespaces import TABLENS

    cells: list[Cell] = []
    for element in row.childNodes:
        if element.qname not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")):
            continue
        repeat = int(element.getAttribute("numbercolumnsrepeated") or 1)
        cell = _cell(element, f"{where}, column {column_letter(len(cells))}")
        cells.extend([cell] * min(repeat, max(_MAX_COLUMNS - len(cells), 0)))
        if len(cells) >= _MAX_COLUMNS:
            break
    while cells and cells[-1].kind == "empty":
        cells.pop()
    return cells


def read_workbook(path: Path) -> dict[str, Sheet]:
    """Every sheet of the workbook at ``path``, by name, in workbook order.

    Raises :class:`InvalidInput` naming the file when it is not an ODS workbook.
    """
    from odf.opendocument import load
    from odf.table import Table, TableRow

    try:
        document = load(str(path))
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InvalidInput(f"not an OpenDocument spreadsheet: {exc}", where=str(path)) from exc
    if document.spreadsheet is None:
        raise InvalidInput("not an OpenDocument spreadsheet", where=str(path))
    sheets: dict[str, Sheet] = {}
    for table in document.spreadsheet.getElementsByType(Table):
        name = str(table.getAttribute("name"))
        rows: list[list[Cell]] = []
        for row in table.getElementsByType(TableRow):
            where = f"{path.name} sheet {name}, row {len(rows) + 1}"
            cells = _row_cells(row, where)
            repeat = int(row.getAttribute("numberrowsrepeated") or 1)
            # Blank rows keep their count (row numbers must match what a person sees), but
            # the padding block of a million blank rows at the end is not expanded.
            rows.extend([cells] * (repeat if cells or repeat <= _MAX_BLANK_RUN else 1))
        while rows and not rows[-1]:
            rows.pop()
        sheets[name] = Sheet(name, rows)
    return sheets
