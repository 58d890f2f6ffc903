# SPDX-License-Identifier: EUPL-1.2
"""GOSPA against Stone Soup's implementation; the capped recent history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from straitwatch.tracking import RecentHistory, TrackClass, TrackStatus, TrackUpdate, gospa


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 8), st.integers(0, 8))
def test_gospa_matches_stone_soup(seed: int, n: int, m: int) -> None:
    from stonesoup.metricgenerator.ospametric import GOSPAMetric
    from stonesoup.types.groundtruth import GroundTruthState
    from stonesoup.types.state import State

    assume(n + m > 0)  # Stone Soup needs a state to know the time
    rng = np.random.default_rng(seed)
    truth = rng.uniform(0.0, 300.0, (n, 2))
    est = rng.uniform(0.0, 300.0, (m, 2))
    when = datetime(2024, 1, 1, tzinfo=UTC)
    ref = GOSPAMetric(c=100.0, p=1.0)  # Stone Soup fixes alpha = 2
    value = ref.compute_gospa_metric(
        [State(np.array([[x], [y]]), timestamp=when) for x, y in est],
        [GroundTruthState(np.array([[x], [y]]), timestamp=when) for x, y in truth],
    )[0].value
    ours = gospa(truth, est, c_m=100.0)
    assert abs(ours.distance - value["distance"]) < 1e-6
    assert abs(ours.localisation - value["localisation"]) < 1e-6
    assert ours.missed * 50.0 == value["missed"]
    assert ours.false * 50.0 == value["false"]


def _update(track: str, second: int, status: TrackStatus = TrackStatus.CONFIRMED) -> TrackUpdate:
    when = datetime(2024, 5, 1, 4, 0, tzinfo=UTC) + timedelta(seconds=second)
    return TrackUpdate(track, when, 51.0, 1.5, 5.0, 90.0, 20.0, status, TrackClass.UNKNOWN)


def test_history_is_capped_in_points_age_and_tracks() -> None:
    h = RecentHistory(max_points=5, max_age_s=30.0, max_tracks=3)
    h.add(_update("T1", s) for s in range(0, 100, 2))
    assert [u.time.second for u in h.trail("T1")] == [30, 32, 34, 36, 38]
    h = RecentHistory(max_points=100, max_age_s=30.0, max_tracks=3)
    h.add(_update("T1", s) for s in range(0, 100, 2))
    assert len(h.trail("T1")) == 16  # 68 s ... 98 s
    h.add([_update(f"T{k}", 100) for k in range(2, 6)])
    assert len(h) == 3 and h.trail("T1") == [] and h.points == 3


def test_an_ended_track_leaves_the_history() -> None:
    h = RecentHistory()
    h.add([_update("T1", 0), _update("T1", 2), _update("T1", 4, TrackStatus.ENDED)])
    assert len(h) == 0 and h.trail("T1") == []


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 40), st.integers(0, 40), st.floats(0.5, 2.0))
def test_sparse_gospa_equals_the_dense_assignment(seed: int, n: int, m: int, p: float) -> None:
    from scipy.optimize import linear_sum_assignment
    from scipy.spatial.distance import cdist

    rng = np.random.default_rng(seed)
    truth = rng.uniform(0.0, 500.0, (n, 2))
    est = rng.uniform(0.0, 500.0, (m, 2))
    ours = gospa(truth, est, c_m=100.0, p=p)
    if n and m:
        d = np.minimum(cdist(truth, est), 100.0)
        r, c = linear_sum_assignment(d**p)
        assigned = d[r, c] < 100.0
        total = (d[r, c][assigned] ** p).sum() + 100.0**p / 2 * (n + m - 2 * assigned.sum())
    else:
        total = 100.0**p / 2 * (n + m)
    assert abs(ours.distance - total ** (1 / p)) < 1e-6 * max(1.0, total)
