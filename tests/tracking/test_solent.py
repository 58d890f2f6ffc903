# SPDX-License-Identifier: EUPL-1.2
"""The real Solent AIS (84 min, 91 vessels) with the MMSI removed, as radar-like plots
(σ = 20 m): about one confirmed track per vessel present, close to where the vessels are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from straitwatch.geo.projection import in_area, to_metric, to_wgs84
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.tracking import SensorModel, Tracker, TrackerConfig, gospa

SCAN_S = 2.0
MAX_GAP_S = 400.0


@pytest.fixture(scope="module")
def solent() -> dict[str, np.ndarray]:
    import pandas as pd

    from tests.conftest import REAL_DATA

    path = REAL_DATA / "ais" / "stonesoup_SolentAIS_20160112_130211.csv"
    d = pd.read_csv(path)
    t = pd.to_datetime(d["Time"]).dt.tz_localize("UTC") - pd.Timestamp(0, tz="UTC")
    cols = {
        "t": t.dt.total_seconds().to_numpy(),
        "lat": d["Latitude_degrees"].to_numpy(),
        "lon": d["Longitude_degrees"].to_numpy(),
        "mmsi": d["MMSI"].to_numpy(),
    }
    ok = in_area(cols["lat"], cols["lon"])  # one fix in the file is at 54.8°E
    return {k: v[ok] for k, v in cols.items()}


def _truth(data: dict[str, np.ndarray], x: np.ndarray, y: np.ndarray, when: float) -> np.ndarray:
    """Each vessel's AIS position interpolated at ``when`` (between reports < 400 s apart)."""
    out = []
    for m in np.unique(data["mmsi"]):
        idx = np.flatnonzero(data["mmsi"] == m)
        tv = data["t"][idx]
        j = int(np.searchsorted(tv, when))
        if 0 < j < tv.size and tv[j] - tv[j - 1] <= MAX_GAP_S:
            w = (when - tv[j - 1]) / (tv[j] - tv[j - 1])
            a, b = idx[j - 1], idx[j]
            out.append(((1 - w) * x[a] + w * x[b], (1 - w) * y[a] + w * y[b]))
    return np.asarray(out).reshape(-1, 2)


@dataclass(frozen=True)
class SolentRun:
    ratios: list[float]
    """Confirmed tracks per vessel present, once a minute after the first ten."""
    errors: list[float]
    """GOSPA per vessel present (m), at the same moments."""
    distinct_ids: set[int]
    """Every confirmed track id seen over the run."""
    vessels: int
    tracker: Tracker


@pytest.fixture(scope="module")
def run(solent: dict[str, np.ndarray]) -> SolentRun:
    x, y = to_metric(solent["lat"], solent["lon"])
    rng = np.random.default_rng(20)
    lat, lon = to_wgs84(x + rng.normal(0, 20, x.size), y + rng.normal(0, 20, y.size))
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    obs = [
        Observation(epoch + timedelta(seconds=t), "solent-plots", ObservationKind.RADAR, a, b, 20.0)
        for t, a, b in zip(solent["t"].tolist(), lat.tolist(), lon.tolist(), strict=True)
    ]
    # The plots come from reports, not scans: silence is not a missed scan.
    plots = SensorModel(
        scanning=False,
        confirm_hits=3,
        coast_after_s=60.0,
        timeout_s=400.0,
        tentative_timeout_s=400.0,
        timeout_reports=4.0,
    )
    tracker = Tracker(
        TrackerConfig(reorder_window_s=0.0, frame_span_s=SCAN_S, sensors={"solent-plots": plots})
    )
    edges = np.arange(solent["t"][0], solent["t"][-1] + SCAN_S, SCAN_S)
    cut = np.searchsorted(solent["t"], edges[1:], side="right")
    ratios: list[float] = []
    errors: list[float] = []
    distinct: set[int] = set()
    start = 0
    for k, stop in enumerate(cut.tolist()):
        now = float(edges[k + 1])
        tracker.step(obs[start:stop], epoch + timedelta(seconds=now))
        start = stop
        ids, est = tracker.estimates_m(now)
        distinct.update(ids.tolist())
        if k % 30 == 29 and k > 300:  # once a minute, after the first ten
            truth = _truth(solent, x, y, now)
            ratios.append(est.shape[0] / truth.shape[0])
            errors.append(gospa(truth, est).distance / truth.shape[0])
    return SolentRun(ratios, errors, distinct, int(np.unique(solent["mmsi"]).size), tracker)


def test_the_solent_without_identities_gives_about_one_track_per_vessel(
    solent: dict[str, np.ndarray], run: SolentRun
) -> None:
    assert 0.8 <= float(np.mean(run.ratios)) <= 1.2  # about one confirmed track per vessel
    assert float(np.mean(run.errors)) < 60.0  # GOSPA per vessel present, metres (c = 100 m)
    assert run.tracker.stats.observations == solent["t"].size


def test_one_vessel_does_not_spawn_many_tracks_over_the_solent_hour(run: SolentRun) -> None:
    # Moored vessels closer than the plots' noise swap plots, get merged and picked up
    # again; re-acquisition gives the picked-up track its old id. Measured on this run:
    # Measured on this run, for 91 MMSIs in the file: 273 ids before (2026-12-05), 258
    # with the looser stationary mode, 200 with re-acquisition as well (3.0, 2.8, 2.2 per
    # vessel); the bound sits above the last, with room for numerical drift. (Still far
    # from one: see bench/RESULTS.md, tracking, on what restarts these tracks.)
    assert run.tracker.stats.tracks_reacquired > 0
    assert len(run.distinct_ids) <= 2.4 * run.vessels
