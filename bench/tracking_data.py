# SPDX-License-Identifier: EUPL-1.2
"""Scenarios for ``bench/tracking.py``: simulated radar scans and the real Solent AIS as plots.

Both come as a list of :class:`BenchScan`: the truth at the scan time and the plots (in
the Channel frame, with their own σ and time) that both trackers are given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from straitwatch.geo.projection import in_area, to_metric, to_wgs84
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.tracking.simulate import RadarSimulation, Scenario

SOLENT = (
    Path(__file__).resolve().parents[1]
    / "src/straitwatch/picture/data/stonesoup_SolentAIS_20160112_130211.csv"
)


@dataclass(frozen=True, slots=True)
class BenchScan:
    time_s: float
    truth_id: np.ndarray
    truth_xy: np.ndarray
    plot_xy: np.ndarray
    plot_sigma_m: np.ndarray
    plot_time_s: np.ndarray
    sensor_id: str

    def observations(self) -> list[Observation]:
        lat, lon = to_wgs84(self.plot_xy[:, 0], self.plot_xy[:, 1])
        radar = ObservationKind.RADAR
        return [
            Observation(datetime.fromtimestamp(t, UTC), self.sensor_id, radar, la, lo, s)
            for t, la, lo, s in zip(
                self.plot_time_s.tolist(),
                lat.tolist(),
                lon.tolist(),
                self.plot_sigma_m.tolist(),
                strict=True,
            )
        ]


def simulated(
    n_targets: int, scans: int, *, seed: int = 7, lifetime_s: float | None = None
) -> list[BenchScan]:
    sim = RadarSimulation(
        Scenario(n_targets=n_targets, scans=scans, seed=seed, lifetime_s=lifetime_s)
    )
    return [
        BenchScan(
            s.time_s,
            s.truth_id,
            s.truth_xy,
            s.plot_xy,
            s.plot_sigma_m,
            np.full(s.plot_xy.shape[0], s.time_s),
            s.sensor_id,
        )
        for s in sim
    ]


def solent(
    *, sigma_m: float = 20.0, scan_s: float = 2.0, max_gap_s: float = 400.0, seed: int = 11
) -> list[BenchScan]:
    """The Solent AIS with MMSIs removed, σ = 20 m noise added, cut into 2 s scans.

    Truth at a scan time is each vessel's AIS position interpolated between the two
    reports around it, when they are less than ``max_gap_s`` apart.
    """
    import pandas as pd

    d = pd.read_csv(SOLENT)
    t = pd.to_datetime(d["Time"]).dt.tz_localize("UTC").map(lambda v: v.timestamp()).to_numpy()
    lat, lon = d["Latitude_degrees"].to_numpy(), d["Longitude_degrees"].to_numpy()
    ok = in_area(lat, lon)  # drops the one wrong fix at 54.8°E
    t, lat, lon, mmsi = t[ok], lat[ok], lon[ok], d["MMSI"].to_numpy()[ok]
    x, y = to_metric(lat, lon)
    rng = np.random.default_rng(seed)
    plots = np.column_stack([x, y]) + rng.normal(0.0, sigma_m, (t.size, 2))
    edges = np.arange(t.min(), t.max() + scan_s, scan_s)
    scan_of = np.searchsorted(edges, t, side="right") - 1
    vessels = np.unique(mmsi)
    per_vessel = {m: np.flatnonzero(mmsi == m) for m in vessels}
    out: list[BenchScan] = []
    for k in range(edges.size - 1):
        sel = np.flatnonzero(scan_of == k)
        when = float(edges[k] + scan_s)
        ids, xy = [], []
        for m, idx in per_vessel.items():
            tv = t[idx]
            j = int(np.searchsorted(tv, when))
            if j == 0 or j >= tv.size or tv[j] - tv[j - 1] > max_gap_s:
                continue
            w = (when - tv[j - 1]) / (tv[j] - tv[j - 1])
            a, b = idx[j - 1], idx[j]
            ids.append(m)
            xy.append(((1 - w) * x[a] + w * x[b], (1 - w) * y[a] + w * y[b]))
        out.append(
            BenchScan(
                when,
                np.asarray(ids),
                np.asarray(xy).reshape(-1, 2),
                plots[sel],
                np.full(sel.size, sigma_m),
                t[sel],
                "solent-plots",
            )
        )
    return out
