# SPDX-License-Identifier: EUPL-1.2
"""Late observations update their track's history without rewinding the live picture;
what the tracker cannot use reaches the dead-letter store with its reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from straitwatch.picture.live import Picture
from straitwatch.picture.pipeline import Pipeline
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.store.db import transaction
from straitwatch.store.observations import dead_letters
from straitwatch.tracking import TrackerConfig

T0 = datetime(2024, 8, 22, 4, 0, tzinfo=UTC)


def _plot(t_s: float, lon: float) -> Observation:
    return Observation(
        T0 + timedelta(seconds=t_s), "radar-dover", ObservationKind.RADAR, 51.0, lon, 15.0
    )


def test_pipeline_keeps_late_plots_in_history_and_refuses_strays(engine: Engine) -> None:
    picture = Picture()
    pipeline = Pipeline(engine, picture, tracker_config=TrackerConfig(reorder_window_s=1.0))
    for k in range(30):
        pipeline.process([_plot(2.0 * k, 1.5 + k * 1e-4)], T0 + timedelta(seconds=2.0 * k))
    (track,) = picture.tracks()
    live_time = track.time
    late = _plot(20.0, 1.5 + 10 * 1e-4)  # 40 s late, on the track
    stray = Observation(
        T0 + timedelta(seconds=20), "radar-dover", ObservationKind.RADAR, 51.2, 1.9, 15.0
    )  # 40 s late, near nothing
    outside = Observation(
        T0 + timedelta(seconds=60), "radar-x", ObservationKind.RADAR, 50.8, 54.83, 15.0
    )
    pipeline.process([late, stray, outside], T0 + timedelta(seconds=62))
    (after,) = picture.tracks()
    assert after.time >= live_time  # not rewound to the late plot's time
    trail = picture.history.trail(track.track_id)
    assert [u.time for u in trail] == sorted(u.time for u in trail)
    assert any("late" in u.flags and u.time == late.time for u in trail)
    with transaction(engine) as session:
        rows = dead_letters(session)
        reasons = sorted((r.reason, r.feed) for r in rows)
    assert reasons == [("late", "tracker:radar-dover"), ("outside_area", "tracker:radar-x")]
    assert pipeline.stats.refused == 2
