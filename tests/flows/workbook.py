# SPDX-License-Identifier: EUPL-1.2
"""Edit a copy of the real Home Office workbook cell by cell (odfpy), to make a newer
revision of it or to break it in one precise place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from odf.opendocument import OpenDocumentSpreadsheet, load
from odf.table import Table, TableCell, TableRow
from odf.text import P


class Workbook:
    """The workbook's document with helpers addressing cells as a person does (row 1 = header)."""

    def __init__(self, path: Path) -> None:
        self.doc = load(str(path))

    def sheet(self, name: str) -> Any:
        for table in self.doc.spreadsheet.getElementsByType(Table):
            if table.getAttribute("name") == name:
                return table
        raise KeyError(name)

    def cell(self, sheet: str, row: int, col: int) -> Any:
        """The cell at 1-based ``row`` and 0-based ``col``, split out of a repeated run."""
        element = self.sheet(sheet).getElementsByType(TableRow)[row - 1]
        start = 0
        for cell in element.getElementsByType(TableCell):
            repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
            if start <= col < start + repeat:
                if repeat == 1:
                    return cell
                before, after = col - start, start + repeat - col - 1
                cell.removeAttribute("numbercolumnsrepeated")
                for count, anchor in ((before, cell), (after, None)):
                    if count:
                        extra = TableCell(numbercolumnsrepeated=count) if count > 1 else TableCell()
                        if anchor is None:
                            element.insertBefore(extra, cell.nextSibling)
                        else:
                            element.insertBefore(extra, cell)
                return cell
            start += repeat
        raise IndexError(f"{sheet} row {row} has no column {col}")

    @staticmethod
    def _text(cell: Any, text: str) -> None:
        for p in cell.getElementsByType(P):
            cell.removeChild(p)
        cell.addElement(P(text=text))

    def set_number(self, sheet: str, row: int, col: int, value: int) -> None:
        cell = self.cell(sheet, row, col)
        cell.setAttribute("valuetype", "float")
        cell.setAttribute("value", str(value))
        self._text(cell, str(value))

    def set_text(self, sheet: str, row: int, col: int, text: str) -> None:
        cell = self.cell(sheet, row, col)
        for attr in ("value", "datevalue"):
            if cell.getAttribute(attr) is not None:
                cell.removeAttribute(attr)
        cell.setAttribute("valuetype", "string")
        self._text(cell, text)

    def set_date(self, sheet: str, row: int, col: int, iso: str) -> None:
        cell = self.cell(sheet, row, col)
        cell.setAttribute("datevalue", f"{iso}T00:00:00")
        self._text(cell, iso)

    def save(self, path: Path) -> Path:
        self.doc.save(str(path))
        return path


def edited(src: Path, dst: Path, edit: Callable[[Workbook], None]) -> Path:
    book = Workbook(src)
    edit(book)
    return book.save(dst)


DAILY_HEADER = (
    "Date",
    "Migrants arrived",
    "Boats arrived",
    "Boats arrived - involved in uncontrolled landings",
    "Notes",
)
WEEKLY_HEADER = (
    "Week ending",
    "Migrants arrived",
    "Boats arrived",
    "Boats arrived - involved in uncontrolled landings",
    "Migrants prevented",
    "Events prevented",
    "Notes",
)


def _cell(value: object) -> Any:
    if value is None:
        return TableCell()
    if isinstance(value, date):
        cell = TableCell(valuetype="date", datevalue=f"{value.isoformat()}T00:00:00")
        cell.addElement(P(text=value.strftime("%d/%m/%Y")))
        return cell
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell = TableCell(valuetype="float", value=str(value))
        cell.addElement(P(text=str(value)))
        return cell
    cell = TableCell(valuetype="string")
    cell.addElement(P(text=str(value)))
    return cell


def build_workbook(
    path: Path,
    daily: Sequence[Sequence[object]],
    weekly: Sequence[Sequence[object]],
    *,
    daily_sheet: str = "SB_01",
    weekly_sheet: str = "SB_02",
    daily_header: Sequence[str] = DAILY_HEADER,
) -> Path:
    """A small workbook laid out like the Home Office one (cover, notes, SB_01, SB_02)."""
    doc = OpenDocumentSpreadsheet()
    for name, rows in (
        ("Cover_sheet", [["Migrants detected crossing the English Channel in small boats"]]),
        ("Notes", [["Notes"]]),
        (daily_sheet, [list(daily_header), *daily]),
        (weekly_sheet, [list(WEEKLY_HEADER), *weekly]),
    ):
        table = Table(name=name)
        for values in rows:
            row = TableRow()
            for value in values:
                row.addElement(_cell(value))
            table.addElement(row)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def two_weeks() -> tuple[list[list[object]], list[list[object]]]:
    """Fourteen consistent days (Monday 2024-05-06 to Sunday 2024-05-19) and their weeks."""
    start = date(2024, 5, 6)
    daily: list[list[object]] = [
        [start + timedelta(days=i), 50 * (i % 3), 1 * (i % 3), 0, None] for i in range(14)
    ]
    weekly: list[list[object]] = []
    for w in range(2):
        days = daily[7 * w : 7 * w + 7]
        weekly.append(
            [
                start + timedelta(days=7 * w + 6),
                sum(int(d[1]) for d in days),  # type: ignore[call-overload]
                sum(int(d[2]) for d in days),  # type: ignore[call-overload]
                0,
                100 + w,
                4,
                None,
            ]
        )
    return daily, weekly
