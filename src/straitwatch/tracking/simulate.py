# SPDX-License-Identifier: EUPL-1.2
"""Simulated radar scenarios with known truth, for the scenario tests, the benchmark and demos.

Targets move in the Channel frame at 0–25 kn, mostly holding course, sometimes turning
(coordinated turns of 0.5–3 °/s for 20–60 s) — ships and small boats alike. A scanning
radar sees each target with probability ``pd`` per scan, with a per-target position
error of 10–30 m (accuracy classes in 5 m steps), plus uniform clutter of
``clutter_ratio × n_targets`` plots per scan over the area. Targets may end and be
replaced (``lifetime_s``), so a long run keeps a steady population with tracks starting
and ending.

>>> sim = RadarSimulation(Scenario(n_targets=5, scans=3, seed=1))
>>> scans = list(sim)
>>> len(scans), scans[0].truth_xy.shape
(3, (5, 2))
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from straitwatch.geo.projection import KNOT_MPS, to_wgs84
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.tracking.kalman import Floats

__all__ = ["RadarSimulation", "Scan", "Scenario"]

START = datetime(2024, 5, 1, 4, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Scenario:
    """What to simulate; the defaults are the benchmark's Dover Strait box."""

    n_targets: int
    scans: int
    scan_s: float = 2.0
    pd: float = 0.9
    sigma_m: tuple[float, ...] = (10.0, 15.0, 20.0, 25.0, 30.0)
    """Radar accuracy classes; each target (and clutter plot) draws one."""
    clutter_ratio: float = 0.2
    area_m: tuple[float, float, float, float] = (-40_000.0, 40_000.0, -25_000.0, 25_000.0)
    """(x_min, x_max, y_min, y_max) in the Channel frame: 80 × 50 km around the Strait."""
    speed_kn: tuple[float, float] = (0.0, 25.0)
    turn_per_s: float = 1.0 / 300.0
    """Rate at which a target starts a turn (one every 5 minutes on average)."""
    lifetime_s: float | None = None
    """Mean time a target stays before it is replaced by a new one; ``None``: all stay."""
    sensor_id: str = "radar-sim"
    start: datetime = START
    seed: int = 0


@dataclass(frozen=True, slots=True)
class Scan:
    """One radar scan: the truth at scan time and the plots the radar reported."""

    time_s: float
    truth_id: np.ndarray
    truth_xy: Floats
    plot_xy: Floats
    plot_sigma_m: Floats
    plot_truth: np.ndarray
    """Truth id of each plot, -1 for clutter."""
    sensor_id: str

    def observations(self) -> list[Observation]:
        """The plots as :class:`Observation` records (WGS84 at the edge)."""
        lat, lon = to_wgs84(self.plot_xy[:, 0], self.plot_xy[:, 1])
        when = datetime.fromtimestamp(self.time_s, UTC)
        radar = ObservationKind.RADAR
        return [
            Observation(when, self.sensor_id, radar, la, lo, s)
            for la, lo, s in zip(
                lat.tolist(), lon.tolist(), self.plot_sigma_m.tolist(), strict=True
            )
        ]


class RadarSimulation:
    """Iterate over :class:`Scan` objects of a :class:`Scenario` (deterministic per seed)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._rng = np.random.default_rng(scenario.seed)
        self._next_id = 0
        n = scenario.n_targets
        self.ids = np.zeros(0, np.int64)
        self.state = np.zeros((0, 4))
        self.sigma = np.zeros(0)
        self.turn_rate = np.zeros(0)
        self.turn_left_s = np.zeros(0)
        self._spawn(n)

    def _spawn(self, k: int) -> None:
        sc, rng = self.scenario, self._rng
        x0, x1, y0, y1 = sc.area_m
        pos = np.column_stack([rng.uniform(x0, x1, k), rng.uniform(y0, y1, k)])
        speed = rng.uniform(*sc.speed_kn, k) * KNOT_MPS
        heading = rng.uniform(0.0, 2.0 * np.pi, k)
        vel = np.column_stack([speed * np.sin(heading), speed * np.cos(heading)])
        self.ids = np.concatenate([self.ids, np.arange(self._next_id, self._next_id + k)])
        self._next_id += k
        self.state = np.concatenate([self.state, np.hstack([pos, vel])])
        self.sigma = np.concatenate([self.sigma, rng.choice(sc.sigma_m, k)])
        self.turn_rate = np.concatenate([self.turn_rate, np.zeros(k)])
        self.turn_left_s = np.concatenate([self.turn_left_s, np.zeros(k)])

    def _move(self, dt: float) -> None:
        sc, rng = self.scenario, self._rng
        n = self.ids.size
        start = (self.turn_left_s <= 0) & (rng.random(n) < sc.turn_per_s * dt)
        k = int(start.sum())
        self.turn_rate[start] = np.radians(rng.uniform(0.5, 3.0, k)) * rng.choice([-1.0, 1.0], k)
        self.turn_left_s[start] = rng.uniform(20.0, 60.0, k)
        turning = self.turn_left_s > 0
        omega = np.where(turning, self.turn_rate, 0.0) * dt
        c, s = np.cos(omega), np.sin(omega)
        vx, vy = self.state[:, 2].copy(), self.state[:, 3].copy()
        # Turning clockwise (positive omega) on the map: heading increases.
        self.state[:, 2] = c * vx + s * vy
        self.state[:, 3] = -s * vx + c * vy
        self.state[:, 2:] += rng.normal(0.0, np.sqrt(0.0005 * dt), (n, 2))
        self.state[:, :2] += self.state[:, 2:] * dt
        self.turn_left_s = np.where(turning, self.turn_left_s - dt, 0.0)
        if sc.lifetime_s:
            stay = rng.random(n) >= dt / sc.lifetime_s
            gone = n - int(stay.sum())
            if gone:
                for name in ("ids", "state", "sigma", "turn_rate", "turn_left_s"):
                    setattr(self, name, getattr(self, name)[stay])
                self._spawn(gone)

    def __iter__(self) -> Iterator[Scan]:
        sc, rng = self.scenario, self._rng
        t0 = sc.start.timestamp()
        x0, x1, y0, y1 = sc.area_m
        n_clutter = round(sc.clutter_ratio * sc.n_targets)
        for k in range(sc.scans):
            if k:
                self._move(sc.scan_s)
            n = self.ids.size
            seen = rng.random(n) < sc.pd
            noise = rng.normal(0.0, 1.0, (int(seen.sum()), 2)) * self.sigma[seen, None]
            clutter = np.column_stack(
                [rng.uniform(x0, x1, n_clutter), rng.uniform(y0, y1, n_clutter)]
            )
            plots = np.concatenate([self.state[seen, :2] + noise, clutter])
            sigma = np.concatenate([self.sigma[seen], rng.choice(sc.sigma_m, n_clutter)])
            truth = np.concatenate([self.ids[seen], np.full(n_clutter, -1)])
            order = rng.permutation(plots.shape[0])
            yield Scan(
                t0 + k * sc.scan_s,
                self.ids.copy(),
                self.state[:, :2].copy(),
                plots[order],
                sigma[order],
                truth[order],
                sc.sensor_id,
            )
