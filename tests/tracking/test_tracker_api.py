# SPDX-License-Identifier: EUPL-1.2
"""The tracker's public surface: step/flush/snapshot, time rules, rejections, config."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from straitwatch.errors import ConfigurationError, InvalidInput
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.tracking import MotionModel, Rejection, Tracker, TrackerConfig, TrackStatus
from tests.tracking.scenes import T0, line, radar, run


def test_naive_times_are_refused_with_a_clear_message() -> None:
    with pytest.raises(InvalidInput, match="timezone-aware"):
        Tracker().step([], datetime(2024, 8, 22, 4, 0))


def test_positions_outside_the_area_are_refused_not_tracked() -> None:
    refused: list[Rejection] = []
    tracker = Tracker(TrackerConfig(reorder_window_s=0.0), refused=refused.extend)
    far = Observation(T0, "radar-x", ObservationKind.RADAR, 50.8, 54.83, 20.0)  # a bad fix
    tracker.step([far], T0)
    assert tracker.stats.outside_area == 1
    assert [(r.reason, r.observation) for r in refused] == [("outside_area", far)]
    assert len(tracker) == 0


def test_nothing_is_processed_before_the_reorder_window_has_passed() -> None:
    tracker = Tracker(TrackerConfig(reorder_window_s=5.0))
    obs = radar([line(0.0, 0.0, 10.0, 0.0)], [0.0])
    assert tracker.clock is None
    assert tracker.step(obs, T0 + timedelta(seconds=4.9)) == []
    assert len(tracker) == 0
    clock = tracker.clock
    assert clock is not None and abs((clock - T0).total_seconds() + 0.1) < 1e-6
    tracker.step([], T0 + timedelta(seconds=5.0))
    assert len(tracker) == 1
    assert tracker.clock == T0


def test_flush_processes_what_the_window_still_holds() -> None:
    tracker = Tracker(TrackerConfig(reorder_window_s=60.0))
    obs = radar([line(0.0, 0.0, 10.0, 0.0)], [2.0, 4.0, 6.0, 8.0])
    assert tracker.step(obs, T0 + timedelta(seconds=8)) == []
    out = tracker.flush()
    assert [u.status for u in out][-1] is TrackStatus.CONFIRMED


def test_confirmed_tracks_coast_then_end_on_time_out() -> None:
    tracker = Tracker(TrackerConfig(reorder_window_s=0.0))
    ups = run(tracker, radar([line(0.0, 0.0, 10.0, 0.0)], [2.0 * k for k in range(1, 11)]))
    ups += tracker.step([], T0 + timedelta(seconds=24))
    ups += tracker.step([], T0 + timedelta(seconds=60))
    statuses = [u.status for u in ups]
    assert TrackStatus.COASTING in statuses
    assert statuses[-1] is TrackStatus.ENDED
    assert len(tracker) == 0 and tracker.stats.tracks_ended == 1


def test_tentative_updates_only_when_asked() -> None:
    obs = radar([line(0.0, 0.0, 10.0, 0.0)], [2.0, 4.0, 6.0])
    quiet = run(Tracker(TrackerConfig(reorder_window_s=0.0)), obs)
    loud = run(Tracker(TrackerConfig(reorder_window_s=0.0, emit_tentative=True)), obs)
    assert [u.status.value for u in quiet] == ["confirmed"]
    assert [u.status.value for u in loud] == ["tentative", "tentative", "confirmed"]


def test_snapshot_predicts_every_live_track_to_the_time_asked() -> None:
    tracker = Tracker(TrackerConfig(reorder_window_s=0.0), id_prefix="RUN7-")
    path = line(0.0, 0.0, 20.0, 90.0)
    run(tracker, radar([path], [2.0 * k for k in range(1, 31)], sigma_m=5.0))
    later = T0 + timedelta(seconds=70)
    (snap,) = tracker.snapshot(later)
    assert snap.track_id == "RUN7-1" and snap.time == later
    from straitwatch.geo.projection import to_metric

    x, _ = to_metric([snap.lat], [snap.lon])
    assert abs(x[0] - path(70.0)[0]) < 15.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"motion": ()}, "motion model"),
        ({"confirm_m": 5, "confirm_n": 4}, "confirm_m"),
        ({"reorder_window_s": -1.0}, "negative"),
        ({"motion": (MotionModel(0.0, 10.0),)}, "q > 0"),
    ],
)
def test_bad_configuration_is_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        TrackerConfig(**kwargs)  # type: ignore[arg-type]
