# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: late satellite detections attached to the right track (issue 16).

A radar scenario with truth (``straitwatch.tracking.simulate``: N targets at 0-25 kn,
4 s scans, Pd 0.9, 20 % clutter) runs through the tracker; at the pass time a SAR
satellite detects each target with probability 0.9 (geolocation error 100 m, 1-sigma)
plus false detections (5 %), and the detections arrive ``delay`` later, through the
satellite reader, long after the reorder window. A detection of a target is attached
rightly when the track it went to is the confirmed track that was following that target
at the pass time (nearest confirmed track to the truth, within 150 m). Counted only where
such a track exists.

    .venv/bin/python bench/satellite.py           # ~2 min on 2 busy cores
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime

import numpy as np

from straitwatch.geo.projection import to_metric, to_wgs84
from straitwatch.sensors.observation import Observation
from straitwatch.sensors.satellite import read_satellite_lines
from straitwatch.tracking import Rejection, Tracker, TrackerConfig, TrackUpdate
from straitwatch.tracking.simulate import RadarSimulation, Scenario


def run(n_targets: int, delay_s: float, seed: int = 11) -> dict[str, object]:
    scans_total, pass_scan = 450, 200  # 30 min of 4 s scans; the pass at 13 min 20 s
    sim = RadarSimulation(Scenario(n_targets=n_targets, scans=scans_total, scan_s=4.0, seed=seed))
    rng = np.random.default_rng(seed)
    attached: list[TrackUpdate] = []
    refused: list[Rejection] = []
    tracker = Tracker(
        TrackerConfig(reorder_window_s=2.0), late=attached.extend, refused=refused.extend
    )
    history: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    truth_at_pass: dict[int, tuple[float, float]] = {}
    pending: list[str] = []
    delivered = False
    pass_time = 0.0
    for k, scan in enumerate(sim):
        when = datetime.fromtimestamp(scan.time_s, UTC)
        obs: list[Observation] = scan.observations()
        if k == pass_scan:
            pass_time = scan.time_s
            truth_at_pass = {
                int(i): (float(x), float(y))
                for i, (x, y) in zip(scan.truth_id, scan.truth_xy, strict=True)
            }
            seen = rng.random(scan.truth_id.size) < 0.9
            xy = scan.truth_xy[seen] + rng.normal(0, 100.0, (int(seen.sum()), 2))
            n_false = int(0.05 * scan.truth_id.size)
            x0, x1, y0, y1 = sim.scenario.area_m
            fake = np.column_stack([rng.uniform(x0, x1, n_false), rng.uniform(y0, y1, n_false)])
            lat, lon = to_wgs84(np.r_[xy[:, 0], fake[:, 0]], np.r_[xy[:, 1], fake[:, 1]])
            stamp = when.isoformat().replace("+00:00", "Z")
            for la, lo in zip(lat.tolist(), lon.tolist(), strict=True):
                pending.append(
                    json.dumps(
                        {
                            "time": stamp,
                            "sensor_id": "sat-s1a",
                            "mode": "sar",
                            "lat": la,
                            "lon": lo,
                            "confidence": 0.9,
                        }
                    )
                )
        if pending and not delivered and scan.time_s >= pass_time + delay_s:
            obs += [
                o for o in read_satellite_lines(pending, "sat.jsonl") if isinstance(o, Observation)
            ]
            delivered = True
        for u in tracker.step(obs, when):
            if str(u.status) == "confirmed":
                x, y = to_metric([u.lat], [u.lon])
                history[u.track_id].append((u.time.timestamp(), float(x[0]), float(y[0])))
    # The confirmed track following each target at the pass time.
    near_pass: dict[str, tuple[float, float]] = {}
    for tid, points in history.items():
        ts = np.array([p[0] for p in points])
        k = int(np.argmin(np.abs(ts - pass_time)))
        if abs(ts[k] - pass_time) <= 8.0:
            near_pass[tid] = (points[k][1], points[k][2])
    follower: dict[int, str] = {}
    for truth, (tx, ty) in truth_at_pass.items():
        best = min(
            near_pass.items(), key=lambda kv: np.hypot(kv[1][0] - tx, kv[1][1] - ty), default=None
        )
        if best and np.hypot(best[1][0] - tx, best[1][1] - ty) <= 150.0:
            follower[truth] = best[0]
    right = wrong = 0
    for u in attached:
        x, y = to_metric([u.lat], [u.lon])
        truth = min(
            truth_at_pass,
            key=lambda i: np.hypot(truth_at_pass[i][0] - x[0], truth_at_pass[i][1] - y[0]),
        )
        if (
            truth in follower
            and np.hypot(truth_at_pass[truth][0] - x[0], truth_at_pass[truth][1] - y[0]) < 400
        ):
            right += follower[truth] == u.track_id
            wrong += follower[truth] != u.track_id
    detections = len(pending)
    with_track = right + wrong
    return {
        "targets": n_targets,
        "delay_s": delay_s,
        "detections": detections,
        "attached": len(attached),
        "refused_late": sum(r.reason == "late" for r in refused),
        "of_targets_with_a_track": with_track,
        "attached_right": right,
        "right_share": round(right / with_track, 3) if with_track else None,
    }


if __name__ == "__main__":
    for n, delay in ((50, 600.0), (200, 600.0), (200, 900.0)):
        print(json.dumps(run(n, delay)))
