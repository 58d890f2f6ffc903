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

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.sensors.records import Rejection, RejectReason

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


def read_satellite_lines(lines: Iterable[str], feed: str) -> Iterator[Observation | Rejection]:
    """Every line as an observation, or a rejection naming the field."""
    for no, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        try:
            d = _Detection.model_validate(json.loads(text))
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
            )
            yield Rejection(
                RejectReason.INVALID_RECORD,
                problems[:300],
                raw=text,
                feed=feed,
                line_no=no,
                format="satellite",
            )
            continue
        except ValueError as exc:
            yield Rejection(
                RejectReason.MALFORMED,
                f"not JSON: {exc}"[:300],
                raw=text,
                feed=feed,
                line_no=no,
                format="satellite",
            )
            continue
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
