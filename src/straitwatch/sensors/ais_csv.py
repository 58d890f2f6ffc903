# SPDX-License-Identifier: EUPL-1.2
"""Already-decoded AIS in CSV: the Stone Soup Solent, MarineCadastre and Barentswatch
layouts (docs/formats.md), recognised by their header.

>>> layout_for(["Time", "MMSI", "Latitude_degrees", "Longitude_degrees", "COG_degrees",
...             "SOG_knots"]).name
'solent'
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from straitwatch.errors import InvalidInput
from straitwatch.sensors.nmea import is_storable, raw_text
from straitwatch.sensors.observation import Identity, Observation, ObservationKind
from straitwatch.sensors.quality import check_position
from straitwatch.sensors.records import IngestRecord, Rejection, RejectReason, StaticUpdate
from straitwatch.sensors.state import StreamState

__all__ = ["LAYOUTS", "AisCsvFeed", "CsvLayout", "layout_for"]


@dataclass(frozen=True, slots=True)
class CsvLayout:
    """Which column holds what; ``None`` where the layout has no such column."""

    name: str
    delimiter: str
    time: str
    mmsi: str
    lat: str
    lon: str
    speed_kn: str | None = None
    course_deg: str | None = None
    heading_deg: str | None = None
    nav_status: str | None = None
    imo: str | None = None
    call_sign: str | None = None
    vessel_name: str | None = None
    ship_type: str | None = None
    length_m: str | None = None

    @property
    def required(self) -> set[str]:
        return {self.time, self.mmsi, self.lat, self.lon}


LAYOUTS: tuple[CsvLayout, ...] = (
    CsvLayout(
        "solent",
        ",",
        "Time",
        "MMSI",
        "Latitude_degrees",
        "Longitude_degrees",
        speed_kn="SOG_knots",
        course_deg="COG_degrees",
    ),
    CsvLayout(
        "marinecadastre",
        ",",
        "BaseDateTime",
        "MMSI",
        "LAT",
        "LON",
        speed_kn="SOG",
        course_deg="COG",
        heading_deg="Heading",
        nav_status="Status",
        imo="IMO",
        call_sign="CallSign",
        vessel_name="VesselName",
        ship_type="VesselType",
        length_m="Length",
    ),
    CsvLayout(
        "barentswatch",
        ";",
        "date_time_utc",
        "mmsi",
        "lat",
        "lon",
        speed_kn="sog",
        course_deg="cog",
        heading_deg="true_heading",
        nav_status="nav_status",
        imo="imo_nr",
        length_m="length",
    ),
)


def layout_for(header: list[str]) -> CsvLayout | None:
    """The layout whose required columns the header has, or ``None``."""
    names = {h.strip() for h in header}
    return next((lay for lay in LAYOUTS if lay.required <= names), None)


def _time(text: str) -> datetime:
    t = datetime.fromisoformat(text.strip())
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


class AisCsvFeed:
    """One decoded-AIS CSV file as a step over its lines (the first is the header)."""

    format = "ais-csv"

    def __init__(self, name: str, state: StreamState, *, sensor_id: str | None = None) -> None:
        self.name = name
        self.sensor_id = (sensor_id or name)[:64]
        self.state = state
        self.read = 0
        self._clock = state.feed_clock()
        self.layout: CsvLayout | None = None
        self._header = ""
        self._columns: dict[str, int] = {}

    def decode(self, lines: Iterable[str], first_line_no: int = 1) -> Iterator[IngestRecord]:
        for no, line in enumerate(lines, first_line_no):
            text = line.rstrip("\r\n")
            if not text.strip() or text.startswith("#"):
                continue
            if self.layout is None:
                self._read_header(text)
                continue
            self.read += 1
            if not is_storable(text):
                message = "the line holds a NUL character or undecodable bytes"
                yield self._reject(RejectReason.JUNK, message, raw_text(text), no, None)
                continue
            yield from self._row(text, no)

    def _read_header(self, text: str) -> None:
        delimiter = ";" if text.count(";") > text.count(",") else ","
        try:
            header = next(csv.reader([text], delimiter=delimiter))
        except csv.Error as exc:
            raise InvalidInput(f"CSV header is not a CSV row: {exc}", where=self.name) from exc
        layout = layout_for(header)
        if layout is None:
            raise InvalidInput(
                f"CSV header {text[:120]!r} matches no decoded-AIS layout "
                f"({', '.join(lay.name for lay in LAYOUTS)})",
                where=self.name,
            )
        self.layout, self._header = layout, raw_text(text)
        self._columns = {h.strip(): i for i, h in enumerate(header)}

    def _reject(
        self, reason: RejectReason, message: str, raw: str, no: int, t: datetime | None
    ) -> Rejection:
        return Rejection(reason, message, raw, self.name, no, t, self.format, self._header)

    def _row(self, text: str, no: int) -> Iterator[IngestRecord]:
        layout = self.layout
        assert layout is not None
        try:
            cells = next(csv.reader([text], delimiter=layout.delimiter), [])
        except csv.Error as exc:  # a line break inside the line, say
            message = f"{layout.name} row is not a CSV row: {exc}"
            yield self._reject(RejectReason.INVALID_RECORD, message, text, no, None)
            return
        row = _Row({name: cells[i] for name, i in self._columns.items() if i < len(cells)})
        try:
            t = _time(row.text(layout.time) or "")
            mmsi = int(row.text(layout.mmsi) or "")
            lat, lon = float(row.text(layout.lat) or ""), float(row.text(layout.lon) or "")
            speed, course = row.number(layout.speed_kn), row.number(layout.course_deg)
            heading, status = row.number(layout.heading_deg), row.number(layout.nav_status)
        except ValueError as exc:
            message = f"{layout.name} row: {exc}"
            yield self._reject(RejectReason.INVALID_RECORD, message, text, no, None)
            return
        problem = self._clock.check(t)
        if problem is not None:
            yield self._reject(problem[0], problem[1], text, no, t)
            return
        position = check_position(lat, lon)
        if position is not None:
            yield self._reject(RejectReason.IMPOSSIBLE_POSITION, position, text, no, t)
            return
        state = self.state
        t_s = t.timestamp()
        if state.duplicates.seen((mmsi, t_s, lat, lon), t_s):
            message = "same MMSI, time and position already read"
            yield self._reject(RejectReason.DUPLICATE, message, text, no, t)
            return
        jump = state.speed.check(mmsi, t_s, lat, lon)
        if jump is not None:
            yield self._reject(RejectReason.IMPOSSIBLE_SPEED, jump, text, no, t)
            return
        identity = row.identity(layout, mmsi)
        if identity is not None:
            known = state.identities.get(mmsi)
            if state.remember(identity) != known:
                yield StaticUpdate(t, self.sensor_id, identity, None)
        known_status = status is not None and status.is_integer() and 0 <= status <= 15
        attributes = {"nav_status": int(status)} if known_status and status is not None else {}
        yield Observation(
            t,
            self.sensor_id,
            ObservationKind.AIS,
            lat,
            lon,
            30.0,
            None if speed is None or not 0 <= speed < 102.3 else speed,
            None if course is None or not 0 <= course < 360 else course,
            None if heading is None or not 0 <= heading < 360 else heading,
            mmsi,
            state.identities.get(mmsi),
            attributes,
        )


class _Row:
    """One CSV row by column name; empty cells are missing."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def text(self, column: str | None) -> str | None:
        value = self.values.get(column) if column else None
        return (value.strip() or None) if value is not None else None

    def number(self, column: str | None) -> float | None:
        """A finite number, or ``None`` for an empty cell (raises ``ValueError``)."""
        value = self.text(column)
        if value is None:
            return None
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"column {column!r}: {value!r} is not a finite number")
        return number

    def code(self, column: str | None) -> int | None:
        """A whole number where 0 or junk means unknown (IMO, ship type, length)."""
        value = self.text(column)
        try:
            number = int(float(value.removeprefix("IMO"))) if value else 0
        except (ValueError, OverflowError):  # junk, or inf
            return None
        return number if 0 < number <= 999_999_999 else None  # IMO: 7 digits; type, length

    def identity(self, layout: CsvLayout, mmsi: int) -> Identity | None:
        if layout.imo is None and layout.vessel_name is None and layout.length_m is None:
            return None
        length = self.code(layout.length_m)
        identity = Identity(
            mmsi,
            imo=self.code(layout.imo),
            call_sign=self.text(layout.call_sign),
            name=self.text(layout.vessel_name),
            ship_type=self.code(layout.ship_type),
            length_m=float(length) if length else None,
        )
        return None if identity == Identity(mmsi) else identity
