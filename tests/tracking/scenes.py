# SPDX-License-Identifier: EUPL-1.2
"""Small hand-made scenes for the scenario tests: targets moving in the Channel frame,
seen by radars, AIS and observers, turned into :class:`Observation` records."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

import numpy as np

from straitwatch.geo.projection import KNOT_MPS, from_grid_velocity, to_wgs84
from straitwatch.sensors.observation import Identity, Observation, ObservationKind
from straitwatch.tracking import Tracker, TrackUpdate

T0 = datetime(2024, 8, 22, 4, 0, tzinfo=UTC)
Path = Callable[[float], tuple[float, float]]
"""Position (x_m, y_m) of a target at t seconds after T0."""


def line(x0: float, y0: float, speed_kn: float, course_deg: float) -> Path:
    v = speed_kn * KNOT_MPS
    c = np.radians(course_deg)
    return lambda t: (x0 + v * np.sin(c) * t, y0 + v * np.cos(c) * t)


def velocity(path: Path, t: float) -> tuple[float, float]:
    (xa, ya), (xb, yb) = path(t - 0.5), path(t + 0.5)
    return xb - xa, yb - ya


def radar(
    paths: Iterable[Path],
    times: Iterable[float],
    *,
    sigma_m: float = 15.0,
    sensor_id: str = "radar-dover",
    seed: int = 0,
    pd: float = 1.0,
) -> list[Observation]:
    rng = np.random.default_rng(seed)
    out = []
    plist = list(paths)
    for t in times:
        for p in plist:
            if rng.random() > pd:
                continue
            x, y = p(t)
            lat, lon = to_wgs84([x + rng.normal(0, sigma_m)], [y + rng.normal(0, sigma_m)])
            out.append(
                Observation(
                    T0 + timedelta(seconds=t),
                    sensor_id,
                    ObservationKind.RADAR,
                    float(lat[0]),
                    float(lon[0]),
                    sigma_m,
                )
            )
    return out


def ais(
    path: Path,
    times: Iterable[float],
    mmsi: int,
    *,
    name: str | None = None,
    sigma_m: float = 10.0,
    offset_m: tuple[float, float] = (0.0, 0.0),
    seed: int = 1,
    sensor_id: str = "ais-shore",
) -> list[Observation]:
    rng = np.random.default_rng(seed)
    identity = Identity(mmsi=mmsi, name=name) if name else None
    out = []
    for t in times:
        x, y = path(t)
        x, y = x + offset_m[0] + rng.normal(0, sigma_m), y + offset_m[1] + rng.normal(0, sigma_m)
        lat, lon = to_wgs84([x], [y])
        vx, vy = velocity(path, t)
        sog, cog = from_grid_velocity([vx], [vy], lat, lon)
        out.append(
            Observation(
                T0 + timedelta(seconds=t),
                sensor_id,
                ObservationKind.AIS,
                float(lat[0]),
                float(lon[0]),
                sigma_m,
                speed_kn=float(sog[0]),
                course_deg=float(cog[0]),
                mmsi=mmsi,
                identity=identity,
            )
        )
    return out


def run(
    tracker: Tracker, observations: list[Observation], *, batch_s: float = 2.0
) -> list[TrackUpdate]:
    """Feed observations in time order, ``batch_s`` at a time, then flush."""
    obs = sorted(observations, key=lambda o: o.time)
    out: list[TrackUpdate] = []
    if not obs:
        return out
    edge = obs[0].time
    batch: list[Observation] = []
    for o in obs:
        while o.time >= edge + timedelta(seconds=batch_s):
            out += tracker.step(batch, edge + timedelta(seconds=batch_s))
            batch = []
            edge += timedelta(seconds=batch_s)
        batch.append(o)
    out += tracker.step(batch, edge + timedelta(seconds=batch_s))
    return out + tracker.flush()


def confirmed_ids(updates: Iterable[TrackUpdate]) -> set[str]:
    return {u.track_id for u in updates if u.status.value in ("confirmed", "coasting")}


def last_by_track(updates: Iterable[TrackUpdate]) -> dict[str, TrackUpdate]:
    out: dict[str, TrackUpdate] = {}
    for u in updates:
        if u.status.value != "ended":
            out[u.track_id] = u
    return out
