# SPDX-License-Identifier: EUPL-1.2
"""Satellite detections: read from JSON lines; arriving long after the pass they attach to
the track that was there at the pass time, even after it turned; a detection near no
track is refused to the dead-letter path with reason ``late``."""

from __future__ import annotations

import json
from datetime import timedelta

import numpy as np

from straitwatch.geo.projection import KNOT_MPS, to_wgs84
from straitwatch.sensors.observation import Observation
from straitwatch.sensors.records import Rejection as DeadLetter
from straitwatch.sensors.satellite import read_satellite_lines
from straitwatch.tracking import Rejection, Tracker, TrackerConfig, TrackUpdate
from tests.tracking.scenes import T0, radar


def _detection(t_s: float, x: float, y: float) -> str:
    lat, lon = to_wgs84([x], [y])
    when = (T0 + timedelta(seconds=t_s)).isoformat().replace("+00:00", "Z")
    return json.dumps(
        {
            "time": when,
            "sensor_id": "sat-s1a",
            "mode": "sar",
            "lat": float(lat[0]),
            "lon": float(lon[0]),
            "length_m": 120,
        }
    )


def test_reader_fields_and_refusals() -> None:
    (obs,) = read_satellite_lines([_detection(0.0, 0.0, 0.0)], "s1a.jsonl")
    assert isinstance(obs, Observation)
    assert obs.sigma_m == 100.0 and obs.attributes["platform"] == "satellite"
    bad = json.dumps(
        {"time": "2024-08-22T04:00:00Z", "sensor_id": "s", "mode": "radar", "lat": 50.9, "lon": 1.4}
    )
    (refused,) = read_satellite_lines([bad, "# a comment"], "s1a.jsonl")
    assert isinstance(refused, DeadLetter) and "mode" in refused.message


def turning(t: float) -> tuple[float, float]:
    """12 kn east for 10 min, then 12 kn north: a turn after the pass at 5 min."""
    v = 12 * KNOT_MPS
    return (v * t, 0.0) if t <= 600 else (v * 600, v * (t - 600))


def test_late_detection_attaches_to_the_track_that_was_there() -> None:
    attached: list[TrackUpdate] = []
    refused: list[Rejection] = []
    tracker = Tracker(
        TrackerConfig(reorder_window_s=2.0), late=attached.extend, refused=refused.extend
    )
    scans = np.arange(0.0, 1500.0, 4.0)
    plots = radar([turning], scans)
    live: list[TrackUpdate] = []
    by_time: dict[float, list[Observation]] = {}
    for o in plots:
        by_time.setdefault((o.time - T0).total_seconds(), []).append(o)
    satellite = read_satellite_lines(
        [_detection(300.0, *turning(300.0)), _detection(300.0, 20_000.0, 20_000.0)], "s1a"
    )
    late = [o for o in satellite if isinstance(o, Observation)]
    for t in scans:
        batch = by_time.get(float(t), [])
        if t == 1400.0:  # 18 min after the pass, after the turn
            batch = batch + late
        live += tracker.step(batch, T0 + timedelta(seconds=float(t)))
    (update,) = attached
    assert update.track_id == live[-1].track_id
    assert update.time == T0 + timedelta(seconds=300) and "late" in update.flags
    assert [(r.reason, r.observation) for r in refused] == [("late", late[1])]
    assert tracker.stats.late_attached == 1
