# SPDX-License-Identifier: EUPL-1.2
"""Patrol aircraft and helicopters: visual sightings and airborne radar contacts, with the
aircraft's own position and the observer's uncertainty (``docs/formats.md``, "Patrol
aircraft and helicopters").

A report gives the target either as the observer's estimate (``lat``/``lon`` with
``sigma_m``) or as range and bearing from the aircraft (a radar contact; the range is
slant range, the ground range follows from the altitude). Its error combines the
aircraft's own position error with the observer's: a visual estimate from 1,500 ft is
good to a few hundred metres, a radar contact to tens. Each report is a ``sighting``
observation with ``attributes.platform = "aircraft"`` and the observer's position.

>>> line = ('{"record": "contact", "time": "2024-08-22T05:10:00Z", "sensor_id": "uk-fw-01", '
...         '"observer": {"lat": 51.0, "lon": 1.3, "alt_m": 450}, "range_m": 6000, '
...         '"bearing_deg": 120}')
>>> (obs,) = read_aircraft_lines([line], "air.jsonl")
>>> round(obs.sigma_m), obs.attributes["record"]
(116, 'contact')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from straitwatch.geo.projection import meridian_convergence_deg, to_metric, to_wgs84
from straitwatch.sensors.jsonlines import parsed_lines
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.sensors.records import Rejection

__all__ = ["read_aircraft_lines"]

_DEFAULT_SIGMA_M = {"sighting": 250.0, "contact": 50.0}
"""The observer's own error: a visual estimate, an airborne radar's range."""
_CONTACT_BEARING_SIGMA_DEG = 1.0


class _Observer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    alt_m: float = Field(default=0.0, ge=0, le=15_000)
    sigma_m: float = Field(default=10.0, ge=0, le=5000)


class _Report(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    record: Literal["sighting", "contact"]
    time: datetime
    sensor_id: str = Field(min_length=1, max_length=64)
    observer: _Observer
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    range_m: float | None = Field(default=None, gt=0, le=200_000)
    bearing_deg: float | None = Field(default=None, ge=0, lt=360)
    sigma_m: float | None = Field(default=None, gt=0, le=20_000)
    kind: Literal["small_boat", "vessel", "persons_in_water", "unknown"] = "unknown"
    persons_estimate: int | None = Field(default=None, ge=0)
    confidence: float = Field(default=0.5, ge=0, le=1)
    speed_kn: float | None = Field(default=None, ge=0, le=60)
    course_deg: float | None = Field(default=None, ge=0, lt=360)

    @model_validator(mode="after")
    def _one_position(self) -> _Report:
        latlon = self.lat is not None and self.lon is not None
        polar = self.range_m is not None and self.bearing_deg is not None
        if latlon == polar:
            raise ValueError("give lat and lon, or range_m and bearing_deg (one of the two)")
        return self


def _position(r: _Report) -> tuple[float, float, float]:
    """Target lat, lon and 1-sigma error in metres."""
    own = r.sigma_m or _DEFAULT_SIGMA_M[r.record]
    if r.lat is not None and r.lon is not None:
        return r.lat, r.lon, math.hypot(own, r.observer.sigma_m)
    slant = float(r.range_m or 0.0)
    ground = math.sqrt(max(slant**2 - r.observer.alt_m**2, 0.0))
    ox, oy = to_metric([r.observer.lat], [r.observer.lon])
    grid = math.radians(
        float(r.bearing_deg or 0.0)
        - float(meridian_convergence_deg([r.observer.lat], [r.observer.lon])[0])
    )
    lat, lon = to_wgs84(ox + ground * math.sin(grid), oy + ground * math.cos(grid))
    across = ground * math.radians(_CONTACT_BEARING_SIGMA_DEG)
    sigma = math.sqrt(own**2 + across**2 + r.observer.sigma_m**2)
    return float(lat[0]), float(lon[0]), sigma


def read_aircraft_lines(
    lines: Iterable[str], feed: str, first_line_no: int = 1
) -> Iterator[Observation | Rejection]:
    """Every line as a sighting observation, or a rejection naming the field."""
    for parsed in parsed_lines(lines, feed, "aircraft", _Report.model_validate, first_line_no):
        if isinstance(parsed, Rejection):
            yield parsed
            continue
        r = parsed.value
        lat, lon, sigma = _position(r)
        attributes: dict[str, object] = {
            "platform": "aircraft",
            "record": r.record,
            "sighting_kind": r.kind,
            "confidence": r.confidence,
            "observer": {"lat": r.observer.lat, "lon": r.observer.lon, "alt_m": r.observer.alt_m},
        }
        if r.persons_estimate is not None:
            attributes["persons_estimate"] = r.persons_estimate
        when = r.time.replace(tzinfo=UTC) if r.time.tzinfo is None else r.time.astimezone(UTC)
        yield Observation(
            when,
            r.sensor_id,
            ObservationKind.SIGHTING,
            lat,
            lon,
            sigma,
            speed_kn=r.speed_kn,
            course_deg=r.course_deg,
            attributes=attributes,
        )
