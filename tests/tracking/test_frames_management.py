# SPDX-License-Identifier: EUPL-1.2
"""Reorder buffer, frame cutting, and the M-of-N / coasting / deletion rules."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.tracking.config import SensorModel, TrackerConfig
from straitwatch.tracking.frames import ReorderBuffer, frames, to_batch
from straitwatch.tracking.management import count_misses, expired, record_hits, update_status
from straitwatch.tracking.table import Status, TrackTable
from tests.tracking.scenes import T0


def _obs(
    t: float, sensor: str = "r1", kind: ObservationKind = ObservationKind.RADAR
) -> Observation:
    return Observation(T0 + timedelta(seconds=t), sensor, kind, 51.0, 1.5, 20.0)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 100_000), min_size=1, max_size=60), st.floats(0.0, 10.0))
def test_the_buffer_releases_everything_once_in_time_order(ms: list[int], window: float) -> None:
    times = [m / 1000.0 for m in ms]
    buf = ReorderBuffer(window)
    arrivals = sorted(times, key=lambda t: t + (hash(t) % 7) * window / 7)  # late by < window
    released: list[Observation] = []
    for t in arrivals:
        released += buf.release((T0 + timedelta(seconds=t)).timestamp())
        assert buf.push([_obs(t)]) == []
    released += buf.drain()
    got = [round((o.time - T0).total_seconds(), 3) for o in released]
    assert got == sorted(got)
    assert got == sorted(times)


def test_the_buffer_returns_what_is_late() -> None:
    buf = ReorderBuffer(2.0)
    buf.push([_obs(10.0)])
    assert len(buf.release((T0 + timedelta(seconds=20)).timestamp())) == 1
    late = [_obs(17.5)]
    assert buf.push(late) == late
    assert buf.push([_obs(18.0)]) == []


def test_frames_group_one_sensor_within_the_span_and_order_by_start() -> None:
    obs = [
        _obs(0.0, "a"),
        _obs(0.2, "b"),
        _obs(0.4, "a"),
        _obs(1.3, "a"),
        _obs(1.0, "b"),
        _obs(0.1, "ais", ObservationKind.AIS),
    ]
    batch, outside = to_batch(sorted(obs, key=lambda o: o.time))
    assert outside == []
    index: dict = {}
    got = [
        (list(index)[s][0], sorted((batch.t[i] - T0.timestamp()).round(1).tolist()))
        for s, i in frames(batch, index, frame_span_s=1.0)
    ]
    assert got == [("a", [0.0, 0.4]), ("ais", [0.1]), ("b", [0.2, 1.0]), ("a", [1.3])]


def _table(n: int) -> TrackTable:
    tbl = TrackTable.blank(n, 1)
    tbl.track_no = np.arange(1, n + 1)
    return tbl


RADAR = SensorModel(scanning=True, revisit_s=2.0, timeout_s=20.0, tentative_timeout_s=10.0)


def _hit(tbl: TrackTable, rows: list[int], t: float, cfg: TrackerConfig) -> None:
    r = np.asarray(rows, dtype=np.intp)
    record_hits(tbl, r, np.full(r.size, t), 0, RADAR, int(t), np.zeros(r.size, bool), cfg)


def _scan(tbl: TrackTable, hits: list[int], t: float, cfg: TrackerConfig) -> None:
    _hit(tbl, hits, t, cfg)
    hit = np.zeros(len(tbl), bool)
    hit[hits] = True
    count_misses(tbl, hit, np.ones(len(tbl), bool), t, 2.0)
    update_status(tbl, t, cfg)


def test_three_hits_in_four_scans_confirm_and_two_misses_kill_a_tentative_track() -> None:
    cfg = TrackerConfig()
    tbl = _table(3)
    patterns = {0: [1, 1, 0, 1], 1: [1, 0, 0, 1], 2: [1, 1, 1, 0]}
    for k in range(4):
        _scan(tbl, [r for r, p in patterns.items() if p[k]], 2.0 * k, cfg)
        if k == 2:
            assert expired(tbl, 2.0 * k, np.zeros(3), cfg).tolist() == [False, True, False]
    assert tbl.status.tolist() == [Status.CONFIRMED, Status.TENTATIVE, Status.COASTING]


def test_a_confirmed_track_coasts_on_a_miss_and_ends_on_time_out_or_growth() -> None:
    cfg = TrackerConfig()
    tbl = _table(2)
    for k in range(4):
        _scan(tbl, [0, 1], 2.0 * k, cfg)
    _scan(tbl, [1], 8.0, cfg)
    assert tbl.status.tolist() == [Status.COASTING, Status.CONFIRMED]
    assert not expired(tbl, 20.0, np.array([10.0, 10.0]), cfg).any()
    assert expired(tbl, 26.1, np.array([10.0, 10.0]), cfg).tolist() == [True, False]
    assert expired(tbl, 10.0, np.array([10.0, 5000.0]), cfg).tolist() == [False, True]


def test_the_small_boat_band_holds_through_a_slow_boats_jittery_speed_but_not_past_its_top() -> (
    None
):
    """Row 0: a boat making good 3 kn whose filtered speed jitters between 0.4 and 5 kn
    (a distant radar); row 1: a boat jittering in place; row 2: a dark ship at 11 kn
    whose filtered speed goes over the band's 12 kn once."""
    cfg = TrackerConfig()
    kn = 0.514444
    tbl = _table(3)
    for k in range(25):  # a plot every 15 s for 6 minutes
        t = 15.0 * k
        jitter = 40.0 * (-1) ** k
        tbl.x[0] = [3 * kn * t + jitter, 0.0, (0.4 if k % 2 else 5.0) * kn, 0.0]
        tbl.x[1] = [jitter, 0.0, (0.4 if k % 2 else 3.0) * kn, 0.0]
        tbl.x[2] = [11 * kn * t, 0.0, (12.5 if k == 12 else 11.0) * kn, 0.0]
        _hit(tbl, [0, 1, 2], t, cfg)
    held = t - tbl.band_since_s
    assert held[0] >= cfg.small_boat_after_s  # in the band throughout, by its progress
    assert np.isnan(held[1]) or held[1] < cfg.small_boat_after_s
    assert held[2] < cfg.small_boat_after_s  # the count started again after the 12.5 kn
