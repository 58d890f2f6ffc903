# SPDX-License-Identifier: EUPL-1.2
"""Track re-acquisition: a track confirmed where one just ended is shown under its id."""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from straitwatch.tracking import ReacquireRule, Tracker, TrackerConfig, TrackStatus
from straitwatch.tracking.reacquire import EndedTracks
from tests.tracking.scenes import T0, line, radar, run

STILL = np.zeros((1, 4))
COV = np.eye(4)[None]


def _ended(*nos: int, mmsi: int = 0, at_x: float = 0.0) -> EndedTracks:
    ended = EndedTracks()
    k = len(nos)
    x = np.zeros((k, 4))
    x[:, 0] = at_x
    ended.add(np.array(nos, np.int64), x, np.zeros(k), np.full(k, mmsi, np.int64), ended_s=10.0)
    return ended


def _picked_up_after(gap_s: float, x0: float, rule: ReacquireRule | None = None) -> list[str]:
    cfg = TrackerConfig(reorder_window_s=0.0, reacquire=rule or ReacquireRule())
    tracker = Tracker(cfg)
    first = run(tracker, radar([line(0.0, 0.0, 0.0, 0.0)], [2.0 * k for k in range(1, 11)]))
    later = [20.0 + gap_s + 2.0 * k for k in range(1, 6)]
    ups = first + tracker.step([], T0 + timedelta(seconds=60.0))  # ends on time-out
    assert ups[-1].status is TrackStatus.ENDED
    ups += tracker.step([], T0 + timedelta(seconds=20.0 + gap_s))
    ups += run(tracker, radar([line(x0, 0.0, 0.0, 0.0)], later, seed=3))
    return [u.track_id for u in ups if u.status is not TrackStatus.ENDED]


def test_a_vessel_picked_up_again_where_its_track_ended_keeps_its_id() -> None:
    ids = _picked_up_after(60.0, 30.0)  # the radar time-out is 20 s: T1 ended
    assert set(ids) == {"T1"}


def test_a_vessel_far_from_any_ended_track_gets_a_new_id() -> None:
    ids = _picked_up_after(60.0, 5_000.0)
    assert ids[0] == "T1" and ids[-1] == "T2"


def test_re_acquisition_is_a_setting_of_the_tracker() -> None:
    ids = _picked_up_after(60.0, 30.0, ReacquireRule(window_s=0.0))
    assert ids[0] == "T1" and ids[-1] == "T2"


def test_an_id_is_not_given_back_after_the_window() -> None:
    ids = _picked_up_after(ReacquireRule().window_s + 60.0, 30.0)
    assert ids[-1] == "T2"


def test_each_ended_number_goes_once_to_the_nearest_claimant() -> None:
    ended = _ended(7)
    x = np.zeros((2, 4))
    x[:, 0] = [80.0, 20.0]
    got = ended.claim(
        x,
        COV.repeat(2, 0),
        np.full(2, 100.0),
        np.zeros(2, np.int64),
        clock_s=100.0,
        rule=ReacquireRule(),
    )
    assert got.tolist() == [0, 7]
    assert len(ended) == 0


def test_an_identified_number_goes_only_to_the_same_mmsi() -> None:
    rule = ReacquireRule()
    for mmsi, expected in ((0, 0), (235_000_001, 0), (235_000_002, 7)):
        got = _ended(7, mmsi=235_000_002).claim(
            STILL, COV, np.array([100.0]), np.array([mmsi]), clock_s=100.0, rule=rule
        )
        assert got.tolist() == [expected]


def test_moving_apart_or_far_is_not_the_same_vessel() -> None:
    rule = ReacquireRule()
    fast = np.array([[0.0, 0.0, 8.0, 0.0]])  # 8 m/s where a still track ended
    far = np.array([[rule.radius_m + rule.drift_mps * 100.0 + 1.0, 0.0, 0.0, 0.0]])
    for x in (fast, far):
        got = _ended(7).claim(
            x, COV * 0.01, np.array([100.0]), np.zeros(1, np.int64), clock_s=100.0, rule=rule
        )
        assert got.tolist() == [0]


def test_what_ended_long_ago_is_forgotten() -> None:
    ended = _ended(7, 8)
    ended.forget(10.0 + ReacquireRule().window_s + 1.0, ReacquireRule())
    assert len(ended) == 0
