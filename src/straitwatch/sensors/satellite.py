# SPDX-License-Identifier: EUPL-1.2
"""Satellite vessel detections (SAR and optical), read from JSON lines (``docs/formats.md``,
"Satellite detections").

A detection names the pass time (when the image was taken), not when it arrived: it
reaches straitwatch minutes to hours later, and the tracker attaches it to the track it
belongs to at that time (:mod:`straitwatch.tracking.late`) or refuses it to the dead-letter
store. Each becomes a ``sighting`` observation with ``attributes.platform = "satellite"``,
the mode, the length estimate and the confidence.

>>> line = ('{"time": "2024-08-22T10:31:05Z", "sensor_id": "sat-s1a", "mode": "sar", '
...         '"lat": 50.98, "lon": 1.42, "length_m": 182, "confidence": 0.93}')
>>> (obs,) = read_satellite_lines([line], "s1a.jsonl")
>>> obs.sigma_m, obs.attributes["length_m"]
(100.0, 182.0)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from straitwatch.sensors.jsonlines import parsed_lines
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.sensors.records import Rejection

__all__ = ["DEFAULT_SIGMA_M", "read_satellite_lines"]

DEFAULT_SIGMA_M = {"sar": 100.0, "optical": 30.0}
"""Geolocation error, 1-sigma: SAR detections are placed to ~100 m (azimuth shift of a
moving ship included), optical ones to tens of metres."""


class _Detection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    time: datetime
    received: datetime | None = None
    sensor_id: str = Field(min_length=1, max_length=64)
    mode: Literal["sar", "optical"]
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    sigma_m: float | None = Field(default=None, gt=0, le=10_000)
    length_m: float | None = Field(default=None, gt=0, le=500)
    confidence: float = Field(default=0.5, ge=0, le=1)


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def read_satellite_lines(
    lines: Iterable[str], feed: str, first_line_no: int = 1
) -> Iterator[Observation | Rejection]:
    """Every line as an observation, or a rejection naming the field."""
    for parsed in parsed_lines(lines, feed, "satellite", _Detection.model_validate, first_line_no):
        if isinstance(parsed, Rejection):
            yield parsed
            continue
        d = parsed.value
        attributes: dict[str, object] = {
            "platform": "satellite",
            "mode": d.mode,
            "confidence": d.confidence,
            "sighting_kind": "vessel",
        }
        if d.length_m is not None:
            attributes["length_m"] = d.length_m
        if d.received is not None:
            attributes["received"] = _utc(d.received).isoformat().replace("+00:00", "Z")
        yield Observation(
            time=_utc(d.time),
            sensor_id=d.sensor_id,
            kind=ObservationKind.SIGHTING,
            lat=d.lat,
            lon=d.lon,
            sigma_m=d.sigma_m or DEFAULT_SIGMA_M[d.mode],
            attributes=attributes,
        )
