# SPDX-License-Identifier: EUPL-1.2
"""Radar plots and sightings (docs/formats.md): validated records, one model each, read
from CSV or JSON lines, or handed in as objects by the HTTP ingest endpoint.

>>> from datetime import datetime, UTC
>>> from straitwatch.sensors.state import StreamState
>>> feed = PositionReportFeed("post", StreamState(clock=lambda: datetime(2026, 1, 1, tzinfo=UTC)))
>>> obs = feed.push_object({"time": "2024-08-22T04:12:30Z", "sensor_id": "drone-fr-07",
...     "platform": "drone", "kind": "small_boat", "lat": 50.97, "lon": 1.76,
...     "persons_estimate": 55}, 1)[0]
>>> obs.kind, obs.sigma_m, obs.attributes["persons_estimate"]
(<ObservationKind.SIGHTING: 'sighting'>, 25.0, 55)
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from straitwatch.errors import InvalidInput, RejectedRecord
from straitwatch.sensors.nmea import is_storable, raw_text
from straitwatch.sensors.observation import Observation, ObservationKind, SightingKind
from straitwatch.sensors.quality import check_position
from straitwatch.sensors.records import IngestRecord, Rejection, RejectReason
from straitwatch.sensors.state import StreamState

__all__ = ["Platform", "PlotRecord", "PositionReportFeed", "SightingRecord"]


class Platform(StrEnum):
    DRONE = "drone"
    CAMERA = "camera"
    AIRCRAFT = "aircraft"
    PATROL = "patrol"


DEFAULT_SIGMA_M = {
    Platform.DRONE: 25.0,
    Platform.CAMERA: 50.0,
    Platform.AIRCRAFT: 250.0,
    Platform.PATROL: 100.0,
}


MAX_SIGMA_M = 50_000.0
"""Largest 1-sigma position error taken (metres): beyond it a report places nothing."""
MAX_RANGE_M = 500_000.0
"""Farthest range from a sensor taken (metres): past any coastal radar's horizon."""
MAX_SPEED_KN = 100.0
"""Fastest speed a plot or sighting may report (knots); no surface craft goes faster."""


class PlotRecord(BaseModel):
    """One radar plot; fields outside the model are kept as attributes."""

    model_config = ConfigDict(extra="allow", frozen=True)

    time: datetime
    sensor_id: str = Field(min_length=1, max_length=64)
    # Numbers are finite and in plausible ranges (MAX_*): an infinite error or a speed of
    # 1e308 kn would poison the tracker's arithmetic, so it is refused naming the field.
    lat: float | None = Field(default=None, allow_inf_nan=False)
    lon: float | None = Field(default=None, allow_inf_nan=False)
    sigma_m: float | None = Field(default=None, gt=0, le=MAX_SIGMA_M, allow_inf_nan=False)
    range_m: float | None = Field(default=None, ge=0, le=MAX_RANGE_M, allow_inf_nan=False)
    bearing_deg: float | None = Field(default=None, ge=-360, le=360, allow_inf_nan=False)
    mmsi: int | None = Field(default=None, ge=0, le=999_999_999)
    speed_kn: float | None = Field(default=None, ge=0, le=MAX_SPEED_KN, allow_inf_nan=False)
    course_deg: float | None = Field(default=None, ge=0, lt=360, allow_inf_nan=False)
    heading_deg: float | None = Field(default=None, ge=0, lt=360, allow_inf_nan=False)
    plot_id: str | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)

    @field_validator("sensor_id")
    @classmethod
    def _printable(cls, value: str) -> str:
        if not value.isprintable():
            raise ValueError("contains a control character")
        return value

    @field_validator("time")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class SightingRecord(PlotRecord):
    """One sighting by a drone, camera, aircraft or patrol."""

    platform: Platform
    kind: SightingKind
    persons_estimate: int | None = Field(default=None, ge=0, le=10_000)
    confidence: float = Field(default=0.5, ge=0, le=1, allow_inf_nan=False)
    reporting_unit: str | None = None
    notes: str | None = Field(default=None, max_length=2000)


def _problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "record"
    return f"field {field!r}: {first['msg']}"


class PositionReportFeed:
    """Plots and sightings from one source (a CSV or JSON-lines file, an HTTP post).

    A record says what it is with ``"type": "plot" | "sighting"``; without it, one with a
    ``kind`` field is a sighting, otherwise a plot.
    """

    def __init__(self, name: str, state: StreamState, *, file_format: str = "jsonl") -> None:
        self.name = name
        self.state = state
        self.read = 0
        self.format = "plots-csv" if file_format == "csv" else "jsonl"
        self._clock = state.feed_clock()
        self._header: list[str] | None = None
        self._header_text: str | None = None

    def decode(self, lines: Iterable[str], first_line_no: int = 1) -> Iterator[IngestRecord]:
        for no, line in enumerate(lines, first_line_no):
            text = line.rstrip("\r\n")
            if not text.strip() or text.startswith("#"):
                continue
            if self.format == "plots-csv" and self._header is None:
                try:
                    self._header = [h.strip() for h in next(csv.reader([text]))]
                except csv.Error as exc:
                    message = f"CSV header is not a CSV row: {exc}"
                    raise InvalidInput(message, where=self.name) from exc
                self._header_text = raw_text(text)
                continue
            self.read += 1
            yield from self._line(text, no)

    def _line(self, text: str, no: int) -> list[IngestRecord]:
        if not is_storable(text):
            message = "the line holds a NUL character or undecodable bytes"
            return [self._reject(RejectReason.JUNK, message, raw_text(text), no)]
        if self._header is not None:
            try:
                cells = next(csv.reader([text]), [])
            except csv.Error as exc:  # a line break inside the line, say
                message = f"not a CSV row: {exc}"
                return [self._reject(RejectReason.INVALID_RECORD, message, text, no)]
            if len(cells) > len(self._header):
                message = f"{len(cells)} cells for {len(self._header)} columns"
                return [self._reject(RejectReason.INVALID_RECORD, message, text, no)]
            obj: Any = {k: v for k, v in zip(self._header, cells, strict=False) if v.strip()}
        else:
            try:
                obj = json.loads(text)
            except ValueError as exc:
                return [self._reject(RejectReason.JUNK, f"not JSON: {exc}", text, no)]
        return self._validate(obj, no, text)

    def push_object(self, obj: Any, no: int) -> list[IngestRecord]:
        """One plot or sighting handed in as a decoded JSON object (HTTP ingest); ``no``
        is its index in the post."""
        self.read += 1
        dumped = json.dumps(obj, default=str, ensure_ascii=False)
        if "\\u0000" in dumped or not is_storable(dumped):
            message = "the record holds a NUL character or an unpaired surrogate"
            return [self._reject(RejectReason.INVALID_RECORD, message, raw_text(dumped), no)]
        return self._validate(obj, no, raw_text(dumped))

    def _validate(self, obj: Any, no: int, raw: str) -> list[IngestRecord]:
        if not isinstance(obj, Mapping):
            return [self._reject(RejectReason.INVALID_RECORD, "not a JSON object", raw, no)]
        declared = obj.get("type")
        if declared is not None:
            if declared not in ("plot", "sighting"):
                message = f"field 'type': {declared!r} is neither 'plot' nor 'sighting'"
                return [self._reject(RejectReason.INVALID_RECORD, message, raw, no)]
            obj = {k: v for k, v in obj.items() if k != "type"}
        sighting = declared == "sighting" or (declared is None and "kind" in obj)
        model = SightingRecord if sighting else PlotRecord
        try:
            record = model.model_validate(obj)
        except ValidationError as exc:
            return [self._reject(RejectReason.INVALID_RECORD, _problem(exc), raw, no)]
        try:
            return [self._observation(record, raw, no)]
        except RejectedRecord as exc:
            return [self._reject(RejectReason(exc.reason), exc.message, raw, no, record.time)]

    def _observation(self, record: PlotRecord, raw: str, no: int) -> IngestRecord:
        is_sighting = isinstance(record, SightingRecord)
        lat, lon, sigma_m = self._position(record)
        problem = self._clock.check(record.time)
        if problem is not None:
            raise RejectedRecord(problem[0], problem[1])
        position = check_position(lat, lon)
        if position is not None:
            raise RejectedRecord(RejectReason.IMPOSSIBLE_POSITION, position)
        t_s = record.time.timestamp()
        if self.state.duplicates.seen((record.sensor_id, t_s, lat, lon), t_s):
            raise RejectedRecord(
                RejectReason.DUPLICATE, "same sensor, time and position already read"
            )
        attributes = dict(record.model_extra or {})
        attributes.update(record.attributes)
        if record.plot_id is not None:
            attributes["plot_id"] = record.plot_id
        if isinstance(record, SightingRecord):
            attributes.update(
                sighting_kind=str(record.kind),
                platform=str(record.platform),
                persons_estimate=record.persons_estimate,
                confidence=record.confidence,
                reporting_unit=record.reporting_unit or record.sensor_id,
            )
            if record.notes:
                attributes["notes"] = record.notes
        return Observation(
            record.time,
            record.sensor_id,
            ObservationKind.SIGHTING if is_sighting else ObservationKind.RADAR,
            lat,
            lon,
            sigma_m,
            record.speed_kn,
            record.course_deg,
            record.heading_deg,
            record.mmsi,
            None,
            attributes,
        )

    def _position(self, record: PlotRecord) -> tuple[float, float, float]:
        if record.lat is not None and record.lon is not None:
            sigma_m = record.sigma_m
            if sigma_m is None and isinstance(record, SightingRecord):
                sigma_m = DEFAULT_SIGMA_M[record.platform]
            site = self.state.sites.get(record.sensor_id)
            if sigma_m is None and site is not None:
                sigma_m = site.position_sigma_m
            if sigma_m is None:
                raise RejectedRecord(
                    RejectReason.INVALID_RECORD,
                    f"field 'sigma_m' is missing and sensor {record.sensor_id!r} is not "
                    "declared (its position_sigma_m would be used)",
                )
            return record.lat, record.lon, sigma_m
        if record.range_m is not None and record.bearing_deg is not None:
            lat, lon, sigma_m = self.state.sites.place(
                record.sensor_id, record.range_m, record.bearing_deg
            )
            return lat, lon, record.sigma_m or sigma_m
        raise RejectedRecord(
            RejectReason.INVALID_RECORD,
            "no position: give lat and lon, or range_m and bearing_deg",
        )

    def _reject(
        self, reason: RejectReason, message: str, raw: str, no: int, t: datetime | None = None
    ) -> Rejection:
        return Rejection(reason, message, raw, self.name, no, t, self.format, self._header_text)
