# SPDX-License-Identifier: EUPL-1.2
"""Read any flows source file into checked frames: the Home Office workbook or a CSV.

:func:`parse_source` recognises the file (an ``.ods`` workbook, or a CSV, plain or
gzipped, by its header), validates every cell and returns a :class:`ParsedSource`; it
raises :class:`InvalidInput` naming the sheet or line, the row and the column of each
bad cell. It reads and checks only: storing is :mod:`straitwatch.flows.repository`.

>>> parsed = parse_source(bundled_sources()[0])        # doctest: +SKIP
>>> parsed.kind, len(parsed.tables["daily"])           # doctest: +SKIP
(<SourceKind.WORKBOOK: 'homeoffice_workbook'>, 3154)
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import cast

import pandas as pd

from straitwatch.errors import InvalidInput
from straitwatch.flows import specs
from straitwatch.flows.homeoffice import daily_frame, reconcile_weeks, weekly_frame
from straitwatch.flows.ods import Sheet, column_letter, read_workbook
from straitwatch.flows.tabular import FieldKind, RawRow, TableSpec, locate_columns, validate

__all__ = ["ParsedSource", "SourceKind", "bundled_sources", "parse_source"]

_HEADER_SEARCH_ROWS = 20


class SourceKind(StrEnum):
    """The sources we know, named as they are recorded in ``flows_loads``."""

    WORKBOOK = "homeoffice_workbook"
    DAILY = "homeoffice_daily"
    WEEKLY = "homeoffice_weekly"
    FRONTEX = "frontex"
    IOM = "iom_mmp"
    IRREGULAR = "homeoffice_irr_d01"
    REFERENCE = "reference_figures"


# CSV sources, recognised by their header; the table name each one fills.
_CSV: tuple[tuple[SourceKind, TableSpec, str], ...] = (
    (SourceKind.DAILY, specs.DAILY_CSV, "daily"),
    (SourceKind.WEEKLY, specs.WEEKLY_CSV, "weekly"),
    (SourceKind.FRONTEX, specs.FRONTEX, "frontex"),
    (SourceKind.IOM, specs.IOM, "iom"),
    (SourceKind.IRREGULAR, specs.IRREGULAR, "irregular"),
    (SourceKind.REFERENCE, specs.REFERENCE, "reference"),
)


@dataclass(frozen=True)
class ParsedSource:
    """One file read and checked: its kind, checksum, frames by table name, warnings."""

    kind: SourceKind
    path: Path
    sha256: str
    tables: dict[str, pd.DataFrame]
    warnings: tuple[str, ...] = field(default=())

    @property
    def rows(self) -> int:
        return sum(len(frame) for frame in self.tables.values())


def bundled_sources() -> list[Path]:
    """The published files shipped in ``straitwatch/flows/data`` (see ATTRIBUTION.md)."""
    folder = Path(str(resources.files("straitwatch.flows") / "data"))
    names = sorted(p.name for p in folder.iterdir() if p.suffix in (".ods", ".csv", ".gz"))
    # The workbook first: the daily series is what every other figure is read against.
    names.sort(key=lambda n: not n.endswith(".ods"))
    return [folder / n for n in names]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sheet_table(
    book: dict[str, Sheet], spec: TableSpec, name: str, where: str
) -> tuple[dict[str, list[object]], list[str]]:
    sheet = book.get(name)
    if sheet is None:
        raise InvalidInput(
            f"sheet {name!r} not found (sheets: {', '.join(book) or 'none'})", where=where
        )
    first = spec.fields[0].header.casefold()
    top = next(
        (
            i
            for i, cells in enumerate(sheet.rows[:_HEADER_SEARCH_ROWS])
            if cells and cells[0].text.strip().casefold() == first
        ),
        None,
    )
    if top is None:
        raise InvalidInput(
            f"sheet {name}: no header row starting {spec.fields[0].header!r} in column A "
            f"within the first {_HEADER_SEARCH_ROWS} rows",
            where=where,
        )
    header = [c.text for c in sheet.rows[top]]
    rows: list[RawRow] = [
        (f"sheet {name}, row {i + 1}", cells)
        for i, cells in enumerate(sheet.rows[top + 1 :], start=top + 1)
        if cells
    ]
    where_sheet = f"{where} sheet {name}, row {top + 1}"
    locate_columns(spec, header, where_sheet)
    columns = validate(spec, header, rows, where, column_namer=column_letter)
    return columns, [loc for loc, _ in rows]


def _parse_workbook(path: Path) -> tuple[dict[str, pd.DataFrame], list[str]]:
    book = read_workbook(path)
    where = path.name
    try:
        daily_cols, daily_loc = _sheet_table(
            book, specs.DAILY_SHEET, specs.WORKBOOK_DAILY_SHEET, where
        )
        daily = daily_frame(daily_cols, daily_loc)
        weekly_cols, weekly_loc = _sheet_table(
            book, specs.WEEKLY_SHEET, specs.WORKBOOK_WEEKLY_SHEET, where
        )
        weekly = weekly_frame(weekly_cols, weekly_loc)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, where=exc.where or where) from exc
    return {"daily": daily, "weekly": weekly}, reconcile_weeks(daily, weekly)


def _read_csv(path: Path) -> tuple[list[str], list[RawRow]]:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise InvalidInput(f"not a gzip file: {exc}", where=str(path)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"not UTF-8 text (byte {exc.start})", where=str(path)) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise InvalidInput("empty file", where=str(path))
    rows: list[RawRow] = []
    for cells in reader:
        if any(c.strip() for c in cells):
            # line_num is the last physical line of the record (quoted fields may wrap).
            rows.append((f"line {reader.line_num}", cells))
    return header, rows


def _plain_frame(spec: TableSpec, columns: dict[str, list[object]]) -> pd.DataFrame:
    frame = pd.DataFrame(columns)
    for f in spec.fields:
        if f.kind in (FieldKind.DATE, FieldKind.MONTH):
            frame[f.name] = pd.to_datetime(frame[f.name])
        elif f.kind is FieldKind.COUNT:
            counts = cast(list[int | None], columns[f.name])
            frame[f.name] = pd.array(counts, dtype="Int64") if f.optional else counts
    return frame


def _csv_frames(path: Path) -> tuple[SourceKind, dict[str, pd.DataFrame], list[str]]:
    header, rows = _read_csv(path)
    for kind, spec, table in _CSV:
        try:
            locate_columns(spec, header, path.name)
        except InvalidInput:
            continue
        columns = validate(spec, header, rows, path.name)
        locators = [loc for loc, _ in rows]
        if table == "daily":
            return kind, {table: daily_frame(columns, locators)}, []
        if table == "weekly":
            return kind, {table: weekly_frame(columns, locators)}, []
        return kind, {table: _plain_frame(spec, columns)}, []
    known = "; ".join(spec.title for _, spec, _ in _CSV)
    raise InvalidInput(
        f"not a known flows source: header {', '.join(header)!s} matches none of: {known}",
        where=path.name,
    )


def parse_source(path: Path) -> ParsedSource:
    """Read and check one source file; raise :class:`InvalidInput` on anything wrong."""
    if not path.is_file():
        raise InvalidInput("no such file", where=str(path))
    if path.suffix.casefold() == ".ods":
        tables, warnings = _parse_workbook(path)
        kind = SourceKind.WORKBOOK
    elif path.suffix.casefold() in (".csv", ".gz"):
        kind, tables, warnings = _csv_frames(path)
    else:
        raise InvalidInput("expected an .ods workbook or a .csv (or .csv.gz) file", where=str(path))
    parsed = ParsedSource(kind, path, _sha256(path), tables, tuple(warnings))
    if parsed.rows == 0:
        raise InvalidInput("no data rows", where=str(path))
    return parsed
