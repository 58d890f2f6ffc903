# SPDX-License-Identifier: EUPL-1.2
"""The simulated radar scenario, and the tracker on it: confirmed tracks match the truth."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from straitwatch.tracking import Tracker, TrackerConfig, gospa
from straitwatch.tracking.simulate import RadarSimulation, Scenario


def test_scans_are_deterministic_and_have_the_declared_statistics() -> None:
    sc = Scenario(n_targets=400, scans=30, seed=3, pd=0.9, clutter_ratio=0.2)
    a, b = list(RadarSimulation(sc)), list(RadarSimulation(sc))
    assert all(np.array_equal(x.plot_xy, y.plot_xy) for x, y in zip(a, b, strict=True))
    detected = np.mean([np.sum(s.plot_truth >= 0) / 400 for s in a])
    assert 0.87 < detected < 0.93
    assert all(np.sum(s.plot_truth < 0) == 80 for s in a)
    assert set(np.unique(np.concatenate([s.plot_sigma_m for s in a]))) <= {10, 15, 20, 25, 30}
    speeds_kn = np.hypot(*np.diff(np.stack([a[0].truth_xy, a[1].truth_xy]), axis=0)[0].T) / 2.0
    assert speeds_kn.max() / 0.514444 < 26.0


def test_targets_are_replaced_when_they_have_a_lifetime() -> None:
    scans = list(RadarSimulation(Scenario(n_targets=100, scans=300, seed=4, lifetime_s=120.0)))
    assert all(s.truth_id.size == 100 for s in scans)
    assert len({int(i) for s in scans for i in s.truth_id}) > 300


def test_the_tracker_follows_a_simulated_strait() -> None:
    scans = list(RadarSimulation(Scenario(n_targets=60, scans=60, seed=5)))
    tracker = Tracker(TrackerConfig(reorder_window_s=0.0))
    per_target = []
    for s in scans:
        tracker.step(s.observations(), datetime.fromtimestamp(s.time_s, UTC))
        ids, xy = tracker.estimates_m(s.time_s)
        if s is scans[-1]:
            assert 55 <= ids.size <= 63
        if s.time_s - scans[0].time_s >= 20.0:
            per_target.append(gospa(s.truth_xy, xy).distance / 60)
    assert float(np.mean(per_target)) < 20.0  # metres per target, c = 100 m
