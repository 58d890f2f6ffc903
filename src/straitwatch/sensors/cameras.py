# SPDX-License-Identifier: EUPL-1.2
"""Fixed and drone cameras (EO/IR): bearing reports and drone telemetry, read from JSON
lines (``docs/formats.md``, "Cameras and drones"), and fused into positioned sightings.

A fixed camera's report names its platform (position and height); a drone's report
leaves it out and the drone's telemetry gives it, interpolated to the report's time.
:func:`fuse` turns bearings into :class:`Observation` sightings: two cameras that see
the same thing within ``window_s`` fix it; a camera and a radar plot on its line of sight
fix it; one camera that knows its height and measured the depression to the waterline
ranges it. A bearing that nothing fixes is returned for the dead-letter store
(``no_fix``): it narrows the target to a ray, which a later version can hold as such.

>>> lines = ['{"record": "bearing", "time": "2024-08-22T04:00:00Z", "sensor_id": "cam-a", '
...          '"platform": {"lat": 50.87, "lon": 1.58, "height_m": 60}, "bearing_deg": 300, '
...          '"kind": "small_boat"}']
>>> [type(r).__name__ for r in read_camera_lines(lines, "cams.jsonl")]
['BearingReport']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from straitwatch.geo.bearings import (
    Bearing,
    PositionFix,
    fix,
    grid_bearing_deg,
    waterline_range_m,
)
from straitwatch.geo.projection import to_metric
from straitwatch.sensors.jsonlines import parsed_lines
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.sensors.records import Rejection, RejectReason

__all__ = ["BearingReport", "Telemetry", "fuse", "read_camera_lines"]

_TELEMETRY_MAX_GAP_S = 5.0


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Platform(_Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    height_m: float | None = Field(default=None, ge=0, le=10_000)
    sigma_m: float = Field(default=5.0, ge=0, le=1000)


class _TelemetryLine(_Strict):
    record: Literal["telemetry"]
    time: datetime
    sensor_id: str = Field(min_length=1, max_length=64)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    alt_m: float | None = Field(default=None, ge=0, le=10_000)
    sigma_m: float = Field(default=10.0, ge=0, le=1000)


class _BearingLine(_Strict):
    record: Literal["bearing"]
    time: datetime
    sensor_id: str = Field(min_length=1, max_length=64)
    bearing_deg: float = Field(ge=0, lt=360)
    sigma_deg: float = Field(default=0.3, gt=0, le=20)
    depression_deg: float | None = Field(default=None, gt=0, lt=90)
    sigma_depression_deg: float = Field(default=0.05, gt=0, le=10)
    platform: _Platform | None = None
    band: Literal["eo", "ir"] = "eo"
    kind: Literal["small_boat", "vessel", "persons_in_water", "unknown"] = "unknown"
    confidence: float = Field(default=0.5, ge=0, le=1)
    persons_estimate: int | None = Field(default=None, ge=0)


@dataclass(frozen=True, slots=True)
class Telemetry:
    time: datetime
    sensor_id: str
    lat: float
    lon: float
    alt_m: float | None
    sigma_m: float


@dataclass(frozen=True, slots=True)
class BearingReport:
    """A line of sight from a camera, with the platform's position at the time."""

    time: datetime
    sensor_id: str
    lat: float
    lon: float
    height_m: float | None
    platform_sigma_m: float
    bearing_deg: float
    sigma_deg: float
    depression_deg: float | None = None
    sigma_depression_deg: float = 0.05
    attributes: dict[str, Any] = field(default_factory=dict)

    def line_of_sight(self) -> Bearing:
        x, y = to_metric([self.lat], [self.lon])
        rng = sigma = None
        if self.depression_deg is not None and self.height_m:
            rng = waterline_range_m(self.height_m, self.depression_deg)
            far = waterline_range_m(
                self.height_m, max(self.depression_deg - self.sigma_depression_deg, 1e-3)
            )
            sigma = abs(far - rng)
        return Bearing(
            x_m=float(x[0]),
            y_m=float(y[0]),
            bearing_deg=grid_bearing_deg(self.bearing_deg, self.lat, self.lon),
            sigma_deg=self.sigma_deg,
            range_m=rng,
            range_sigma_m=sigma,
            platform_sigma_m=self.platform_sigma_m,
        )


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


class _Telemetry:
    """Each drone's recent positions, for reports that do not carry their platform."""

    def __init__(self) -> None:
        self.fixes: dict[str, list[Telemetry]] = {}

    def add(self, t: Telemetry) -> None:
        track = self.fixes.setdefault(t.sensor_id, [])
        track.append(t)
        if len(track) > 600:
            del track[:300]

    def at(self, sensor_id: str, when: datetime) -> Telemetry | None:
        track = self.fixes.get(sensor_id, [])
        ts = np.array([f.time.timestamp() for f in track])
        if ts.size == 0:
            return None
        w = when.timestamp()
        k = int(np.searchsorted(ts, w))
        if k < ts.size and ts[k] == w:
            return track[k]
        if 0 < k < ts.size and ts[k] - ts[k - 1] <= 2 * _TELEMETRY_MAX_GAP_S:
            a, b = track[k - 1], track[k]
            f = (w - ts[k - 1]) / (ts[k] - ts[k - 1])
            alt = None if a.alt_m is None or b.alt_m is None else a.alt_m + f * (b.alt_m - a.alt_m)
            return Telemetry(
                when,
                sensor_id,
                a.lat + f * (b.lat - a.lat),
                a.lon + f * (b.lon - a.lon),
                alt,
                max(a.sigma_m, b.sigma_m),
            )
        near = min((k - 1, k), key=lambda i: abs(ts[min(max(i, 0), ts.size - 1)] - w))
        near = min(max(near, 0), ts.size - 1)
        return track[near] if abs(ts[near] - w) <= _TELEMETRY_MAX_GAP_S else None


def _camera_line(obj: dict[str, Any]) -> _TelemetryLine | _BearingLine:
    if obj.get("record") == "telemetry":
        return _TelemetryLine.model_validate(obj)
    return _BearingLine.model_validate(obj)


def read_camera_lines(
    lines: Iterable[str], feed: str, first_line_no: int = 1
) -> Iterator[BearingReport | Telemetry | Rejection]:
    """Every line as a report, a telemetry fix, or a rejection naming the field."""
    telemetry = _Telemetry()
    for parsed in parsed_lines(lines, feed, "cameras", _camera_line, first_line_no):
        if isinstance(parsed, Rejection):
            yield parsed
            continue
        b, text, no = parsed.value, parsed.raw, parsed.line_no
        if isinstance(b, _TelemetryLine):
            fix_ = Telemetry(_utc(b.time), b.sensor_id, b.lat, b.lon, b.alt_m, b.sigma_m)
            telemetry.add(fix_)
            yield fix_
            continue
        when = _utc(b.time)
        if b.platform is not None:
            lat, lon, height, sigma = (
                b.platform.lat,
                b.platform.lon,
                b.platform.height_m,
                b.platform.sigma_m,
            )
        else:
            at = telemetry.at(b.sensor_id, when)
            if at is None:
                yield Rejection(
                    RejectReason.NO_PLATFORM_POSITION,
                    f"no platform and no telemetry of {b.sensor_id} within "
                    f"{_TELEMETRY_MAX_GAP_S:g} s",
                    raw=text,
                    feed=feed,
                    line_no=no,
                    time=when,
                    format="cameras",
                )
                continue
            lat, lon, height, sigma = at.lat, at.lon, at.alt_m, at.sigma_m
        attributes = {
            "sighting_kind": b.kind,
            "confidence": b.confidence,
            "band": b.band,
            "platform": "drone" if b.platform is None else "camera",
        }
        if b.persons_estimate is not None:
            attributes["persons_estimate"] = b.persons_estimate
        yield BearingReport(
            when,
            b.sensor_id,
            lat,
            lon,
            height,
            sigma,
            b.bearing_deg,
            b.sigma_deg,
            b.depression_deg,
            b.sigma_depression_deg,
            attributes,
        )


def _sighting(
    reports: Sequence[BearingReport], f: Any, how: str, extra_sensors: Sequence[str] = ()
) -> Observation:
    lat, lon = f.latlon()
    best = max(reports, key=lambda r: float(r.attributes.get("confidence", 0.0)))
    attributes = dict(best.attributes) | {
        "fix": how,
        "sensors": [r.sensor_id for r in reports] + list(extra_sensors),
    }
    return Observation(
        time=max(r.time for r in reports),
        sensor_id="+".join(r.sensor_id for r in reports),
        kind=ObservationKind.SIGHTING,
        lat=lat,
        lon=lon,
        sigma_m=max(f.sigma_m, 1.0),
        attributes=attributes,
    )


def fuse(
    reports: Sequence[BearingReport],
    plots: Sequence[Observation] = (),
    *,
    window_s: float = 2.0,
    max_range_m: float = 25_000.0,
    max_sigma_m: float = 1000.0,
) -> tuple[list[Observation], list[Rejection]]:
    """Positioned sightings from bearings (pairs, bearing + radar, bearing + range), and a
    ``no_fix`` rejection for each bearing nothing fixed."""
    order = sorted(range(len(reports)), key=lambda i: reports[i].time)
    rays = {i: reports[i].line_of_sight() for i in order}
    used: set[int] = set()
    out: list[Observation] = []
    for pos, i in enumerate(order):
        if i in used:
            continue
        a = reports[i]
        best: tuple[float, int, Any] | None = None
        for j in order[pos + 1 :]:
            b = reports[j]
            if (b.time - a.time).total_seconds() > window_s:
                break
            if j in used or b.sensor_id == a.sensor_id:
                continue
            f = fix([rays[i], rays[j]])
            if f is None or f.sigma_m > max_sigma_m or not _ranges_agree(f, (rays[i], rays[j])):
                continue
            if (
                max(np.hypot(f.x_m - r.x_m, f.y_m - r.y_m) for r in (rays[i], rays[j]))
                > max_range_m
            ):
                continue
            if best is None or f.sigma_m < best[0]:
                best = (f.sigma_m, j, f)
        if best is not None:
            used |= {i, best[1]}
            out.append(_sighting([a, reports[best[1]]], best[2], "two_bearings"))
            continue
        near = _radar_on_ray(a, rays[i], plots, window_s)
        if near is not None:
            f = fix([rays[i]], [PositionFix(*_xy(near), near.sigma_m)])
            if f is not None:
                used.add(i)
                out.append(_sighting([a], f, "bearing_and_radar", [near.sensor_id]))
                continue
        if rays[i].range_m is not None:
            f = fix([rays[i]])
            if f is not None and f.sigma_m <= max_sigma_m:
                used.add(i)
                out.append(_sighting([a], f, "bearing_and_depression"))
                continue
    refused = [
        Rejection(
            RejectReason.NO_FIX,
            "a single bearing: no second camera, radar plot or depression angle fixed it",
            raw=json.dumps(_raw(reports[i])),
            feed=reports[i].sensor_id,
            time=reports[i].time,
            format="cameras",
        )
        for i in order
        if i not in used
    ]
    return out, refused


_RANGE_GATE = 3.0
"""A pair's crossing farther than this many sigmas from the range a camera measured (by
the depression to the waterline) is two different boats, not one: a ghost."""


def _ranges_agree(f: Any, rays: Sequence[Bearing]) -> bool:
    """Whether the crossing of two bearings agrees with every range measured along them.

    Two cameras each seeing a different boat at the same moment give bearings that cross
    where there is nothing (a ghost); a camera that knows its height also ranges its
    boat, and a crossing far from that range is refused (the bearings stay unpaired)."""
    for ray in rays:
        if ray.range_m is None or not ray.range_sigma_m:
            continue
        along = float(np.hypot(f.x_m - ray.x_m, f.y_m - ray.y_m))
        allowed = _RANGE_GATE * float(np.hypot(ray.range_sigma_m, f.sigma_m))
        if abs(along - ray.range_m) > allowed:
            return False
    return True


def _xy(o: Observation) -> tuple[float, float]:
    x, y = to_metric([o.lat], [o.lon])
    return float(x[0]), float(y[0])


def _radar_on_ray(
    a: BearingReport, ray: Bearing, plots: Sequence[Observation], window_s: float
) -> Observation | None:
    best: tuple[float, Observation] | None = None
    th = np.radians(ray.bearing_deg)
    for p in plots:
        if p.kind is not ObservationKind.RADAR or abs((p.time - a.time).total_seconds()) > window_s:
            continue
        x, y = _xy(p)
        along = (x - ray.x_m) * np.sin(th) + (y - ray.y_m) * np.cos(th)
        if along <= 0:
            continue
        across = abs((x - ray.x_m) * np.cos(th) - (y - ray.y_m) * np.sin(th))
        tolerance = 3 * np.hypot(along * np.radians(ray.sigma_deg), p.sigma_m)
        if across <= tolerance and (best is None or across < best[0]):
            best = (across, p)
    return None if best is None else best[1]


def _raw(r: BearingReport) -> dict[str, Any]:
    return {
        "record": "bearing",
        "time": r.time.isoformat().replace("+00:00", "Z"),
        "sensor_id": r.sensor_id,
        "bearing_deg": r.bearing_deg,
        "sigma_deg": r.sigma_deg,
        "platform": {
            "lat": r.lat,
            "lon": r.lon,
            "height_m": r.height_m,
            "sigma_m": r.platform_sigma_m,
        },
    }
