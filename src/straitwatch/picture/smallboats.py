# SPDX-License-Identifier: EUPL-1.2
"""A simulated small-boat day for the demo: dinghies leaving the French beaches between
Dunkirk and Berck for Kent, seen by the coastal radars (plots every ``scan_s``) and by
the shore cameras and patrols (sightings with a persons estimate); some lose their engine
and drift — the distress case.

Fictional boats on real geography (the demo sensor sites, real beaches and landing
places). The output is plain :class:`~straitwatch.sensors.observation.Observation`
records, time-ordered, for the pipeline to replay.

>>> from datetime import UTC, datetime
>>> obs = small_boat_day(SmallBoatDay(start=datetime(2022, 8, 22, 3, tzinfo=UTC), boats=2,
...                      seed=1))
>>> obs[0].time <= obs[-1].time, {o.kind.value for o in obs} >= {"radar", "sighting"}
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from straitwatch.geo.projection import KNOT_MPS, to_metric, to_wgs84
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.sensors.sites import SensorSites, SiteKind

__all__ = ["BEACHES", "LANDINGS", "SmallBoatDay", "small_boat_day"]

# Departure beaches and landing places (lat, lon): public place names.
BEACHES: dict[str, tuple[float, float]] = {
    "Gravelines": (51.012, 2.118),
    "Sangatte": (50.951, 1.745),
    "Wissant": (50.889, 1.660),
    "Wimereux": (50.768, 1.604),
    "Equihen": (50.678, 1.566),
    "Hardelot": (50.636, 1.575),
}
LANDINGS: dict[str, tuple[float, float]] = {
    "Dover": (51.118, 1.330),
    "Folkestone": (51.075, 1.195),
    "Dungeness": (50.920, 0.985),
}


@dataclass(frozen=True, slots=True)
class SmallBoatDay:
    """What to simulate: ``boats`` dinghies leaving over ``departure_window_s`` from
    ``start``; every ``distress_every``-th boat loses its engine ``engine_failure_s``
    after leaving and drifts."""

    start: datetime
    boats: int = 24
    seed: int = 20220822
    departure_window_s: float = 3600.0
    scan_s: float = 10.0
    sighting_every_s: float = 300.0
    distress_every: int = 6
    engine_failure_s: float = 1500.0
    max_crossing_s: float = 5 * 3600.0


@dataclass(frozen=True, slots=True)
class _Radars:
    ids: list[str]
    xy_m: np.ndarray
    range_m: np.ndarray
    sigma_m: np.ndarray

    @classmethod
    def of(cls, sites: SensorSites) -> _Radars:
        radars = [s for s in sites.by_id.values() if s.kind is SiteKind.RADAR]
        x, y = to_metric([s.lat for s in radars], [s.lon for s in radars])
        return cls(
            [s.id for s in radars],
            np.column_stack([x, y]),
            np.array([s.max_range_m for s in radars]),
            np.array([s.position_sigma_m for s in radars]),
        )

    def nearest(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        """Index of the nearest radar covering each point (-1: none covers it)."""
        d = np.hypot(xs[:, None] - self.xy_m[None, :, 0], ys[:, None] - self.xy_m[None, :, 1])
        d = np.where(d <= self.range_m[None, :], d, np.inf)
        best = np.argmin(d, axis=1)
        return np.where(np.isfinite(d[np.arange(len(xs)), best]), best, -1)


def _boat(
    cfg: SmallBoatDay, k: int, rng: np.random.Generator, radars: _Radars
) -> list[Observation]:
    beach = list(BEACHES.values())[int(rng.integers(len(BEACHES)))]
    landing = list(LANDINGS.values())[int(rng.integers(len(LANDINGS)))]
    x0, y0 = (float(v) for v in to_metric(beach[0], beach[1]))
    x1, y1 = (float(v) for v in to_metric(landing[0], landing[1]))
    speed_mps = float(rng.uniform(4.0, 7.0)) * KNOT_MPS
    persons = int(rng.integers(35, 75))
    leave_s = float(rng.uniform(0, cfg.departure_window_s))
    distance_m = float(np.hypot(x1 - x0, y1 - y0))
    heading = np.array([x1 - x0, y1 - y0]) / distance_m
    crossing_s = min(distance_m / speed_mps, cfg.max_crossing_s)
    fails = cfg.distress_every > 0 and k % cfg.distress_every == cfg.distress_every - 1
    t = np.arange(0.0, crossing_s, cfg.scan_s)
    along = speed_mps * t
    if fails:
        # Engine gone: the boat drifts at well under a knot with the tide, and stays out.
        stop = cfg.engine_failure_s
        along = np.where(t < stop, speed_mps * t, speed_mps * stop + 0.25 * (t - stop))
    drift = rng.normal(0.0, 3.0, size=(t.size, 2)).cumsum(axis=0)
    xs = x0 + heading[0] * along + drift[:, 0]
    ys = y0 + heading[1] * along + drift[:, 1]
    lat, lon = to_wgs84(xs, ys)
    which = radars.nearest(xs, ys)
    sigma = np.where(which >= 0, radars.sigma_m[which], 0.0)
    seen = (which >= 0) & (rng.random(t.size) < 0.92)
    err = rng.normal(0.0, 1.0, (t.size, 2)) * sigma[:, None]
    plat, plon = to_wgs84(xs + err[:, 0], ys + err[:, 1])
    out: list[Observation] = []
    next_sighting = 0.0
    for i, ti in enumerate(t):
        when = cfg.start + timedelta(seconds=leave_s + float(ti))
        if seen[i]:
            out.append(
                Observation(
                    when,
                    radars.ids[which[i]],
                    ObservationKind.RADAR,
                    float(plat[i]),
                    float(plon[i]),
                    float(sigma[i]),
                )
            )
        if ti >= next_sighting:
            next_sighting = ti + cfg.sighting_every_s
            out.append(
                Observation(
                    when,
                    "cam-sangatte" if ti < 900 else "patrol-aircraft",
                    ObservationKind.SIGHTING,
                    float(lat[i]),
                    float(lon[i]),
                    60.0,
                    attributes={
                        "sighting_kind": "small_boat",
                        "persons_estimate": persons,
                        "confidence": 0.8,
                        "reporting_unit": "demo",
                    },
                )
            )
    return out


def small_boat_day(cfg: SmallBoatDay, sites: SensorSites | None = None) -> list[Observation]:
    """Every observation of the simulated day, in time order."""
    radars = _Radars.of(sites or SensorSites.load())
    rng = np.random.default_rng(cfg.seed)
    out: list[Observation] = []
    for k in range(cfg.boats):
        out += _boat(cfg, k, rng, radars)
    out.sort(key=lambda o: o.time)
    return out
