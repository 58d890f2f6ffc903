# SPDX-License-Identifier: EUPL-1.2
"""Scenes with known truth: crossings, close parallels, a stop, radar + AIS fusion,
dark contacts, spoofed AIS, sightings, and observations arriving out of order."""

from __future__ import annotations

import random
from datetime import timedelta

import numpy as np

from straitwatch.geo.projection import to_metric
from straitwatch.tracking import Rejection, Tracker, TrackerConfig, TrackUpdate
from tests.tracking.scenes import T0, ais, confirmed_ids, last_by_track, line, radar, run

SCANS = [2.0 * k for k in range(1, 151)]  # five minutes of a 2 s radar


def _xy(u: TrackUpdate) -> np.ndarray:
    x, y = to_metric([u.lat], [u.lon])
    return np.array([x[0], y[0]])


def _follows(updates: list[TrackUpdate], path, after_s: float, tol_m: float) -> set[str]:  # type: ignore[no-untyped-def]
    """Tracks whose confirmed updates after ``after_s`` all lie within ``tol_m`` of path."""
    near: dict[str, bool] = {}
    for u in updates:
        if u.status.value != "confirmed":
            continue
        t = (u.time - T0).total_seconds()
        if t < after_s:
            continue
        ok = bool(np.hypot(*(_xy(u) - np.array(path(t)))) < tol_m)
        near[u.track_id] = near.get(u.track_id, True) and ok
    return {k for k, v in near.items() if v}


def test_crossing_targets_keep_their_own_tracks() -> None:
    a = line(-1500.0, 0.0, 15.0, 90.0)  # eastbound
    b = line(0.0, -1500.0, 15.0, 0.0)  # northbound, both at the origin at t ≈ 194 s
    ups = run(Tracker(TrackerConfig(reorder_window_s=0.0)), radar([a, b], SCANS, seed=1))
    assert len(confirmed_ids(ups)) == 2
    ta, tb = _follows(ups, a, 20.0, 80.0), _follows(ups, b, 20.0, 80.0)
    assert len(ta) == 1 and len(tb) == 1 and ta != tb


def test_close_parallel_targets_are_two_tracks() -> None:
    a = line(0.0, 0.0, 10.0, 45.0)
    b = line(110.0, -110.0, 10.0, 45.0)  # 155 m abeam, same course and speed
    ups = run(Tracker(TrackerConfig(reorder_window_s=0.0)), radar([a, b], SCANS, sigma_m=20.0))
    assert len(confirmed_ids(ups)) == 2
    assert len(_follows(ups, a, 20.0, 75.0)) == 1
    assert len(_follows(ups, b, 20.0, 75.0)) == 1


def test_a_target_that_stops_keeps_one_track_and_reads_stopped() -> None:
    def path(t: float) -> tuple[float, float]:
        # 12 kn north, braking over 30 s from t = 100 s, then stopped.
        v = 12.0 * 1852 / 3600
        if t < 100:
            return 0.0, v * t
        if t < 130:
            s = t - 100
            return 0.0, v * 100 + v * s - v / 60 * s * s
        return 0.0, v * 100 + v * 15

    ups = run(Tracker(TrackerConfig(reorder_window_s=0.0)), radar([path], SCANS, seed=2))
    assert len(confirmed_ids(ups)) == 1
    final = last_by_track(ups).popitem()[1]
    assert final.speed_kn < 1.0
    assert np.hypot(*(_xy(final) - np.array(path(300.0)))) < 25.0


def test_a_ferry_seen_by_radar_and_ais_is_one_track_with_its_identity() -> None:
    ferry = line(-3000.0, 0.0, 18.0, 120.0)
    obs = radar([ferry], SCANS, sigma_m=25.0) + ais(
        ferry, [3.0 + 6.0 * k for k in range(50)], 227003050, name="COTE DES DUNES"
    )
    tracker = Tracker(TrackerConfig(reorder_window_s=3.0))
    ups = run(tracker, obs)
    assert len(confirmed_ids(ups)) == 1
    final = last_by_track(ups).popitem()[1]
    assert final.mmsi == 227003050
    assert final.name == "COTE DES DUNES"
    assert final.classification.value == "ais_vessel"
    assert set(final.sources) == {"radar-dover", "ais-shore"}
    assert abs(final.speed_kn - 18.0) < 1.0
    assert abs((final.course_deg - 120.0 + 180) % 360 - 180) < 3.0


def test_a_dark_contact_among_ais_vessels_is_picked_out() -> None:
    ships = [line(-4000.0 + 1500 * i, 2000.0 * i, 14.0, 70.0 + 20 * i) for i in range(3)]
    dinghy = line(-1000.0, -3000.0, 5.0, 330.0)
    obs = radar([*ships, dinghy], SCANS, seed=3)
    for i, ship in enumerate(ships):
        obs += ais(ship, [1.0 + 4.0 * k + i for k in range(75)], 235000001 + i, seed=10 + i)
    cfg = TrackerConfig(reorder_window_s=3.0, small_boat_after_s=180.0)
    ups = run(Tracker(cfg), obs)
    final = last_by_track(ups)
    assert len(final) == 4
    classes = sorted(u.classification.value for u in final.values())
    assert classes == ["ais_vessel", "ais_vessel", "ais_vessel", "small_boat"]
    dark = next(u for u in final.values() if u.mmsi is None)
    # Dark after a minute; a small boat once it has held dinghy speed for three.
    seen = {
        u.classification.value: (u.time - T0).total_seconds()
        for u in reversed(ups)
        if u.track_id == dark.track_id
    }
    assert 60.0 <= seen["dark_contact"] < 90.0
    assert seen["small_boat"] >= 180.0
    ais_tracks = {u.track_id for u in final.values() if u.mmsi}
    assert all(u.classification.value != "dark_contact" for u in ups if u.track_id in ais_tracks)


def test_ais_switched_off_turns_the_track_dark_but_keeps_the_identity() -> None:
    ship = line(0.0, 0.0, 12.0, 200.0)
    obs = radar([ship], SCANS) + ais(ship, [1.0 + 5.0 * k for k in range(12)], 244123456)
    ups = run(Tracker(TrackerConfig(reorder_window_s=3.0, ais_stale_s=120.0)), obs)
    final = last_by_track(ups).popitem()[1]
    assert final.mmsi == 244123456
    assert final.classification.value == "dark_contact"
    assert any(u.classification.value == "ais_vessel" for u in ups)


def test_spoofed_ais_far_from_the_radar_track_is_flagged_and_ignored() -> None:
    ferry = line(0.0, 0.0, 16.0, 90.0)
    honest = ais(ferry, [1.0 + 6.0 * k for k in range(20)], 228000111)
    spoofed = ais(ferry, [121.0 + 6.0 * k for k in range(30)], 228000111, offset_m=(0.0, 2500.0))
    ups = run(
        Tracker(TrackerConfig(reorder_window_s=3.0)), radar([ferry], SCANS) + honest + spoofed
    )
    assert len(confirmed_ids(ups)) == 1
    final = last_by_track(ups).popitem()[1]
    assert "identity_mismatch" in final.flags
    assert final.mmsi == 228000111
    assert np.hypot(*(_xy(final) - np.array(ferry(300.0)))) < 60.0  # still on the radar truth
    before = [u for u in ups if (u.time - T0).total_seconds() < 115]
    assert all("identity_mismatch" not in u.flags for u in before)


def test_a_radar_track_beside_its_ships_ais_track_is_merged_into_it() -> None:
    # AIS first; radar comes into range later and sees the hull's centre 110 m from the
    # antenna, outside the AIS track's gate: two tracks for a while, then one.
    ship = line(0.0, 0.0, 11.0, 10.0)
    obs = radar([ship], SCANS[20:], sigma_m=15.0) + ais(
        ship, [1.0 + 4.0 * k for k in range(75)], 235999001, offset_m=(110.0, 0.0)
    )
    tracker = Tracker(TrackerConfig(reorder_window_s=3.0))
    ups = run(tracker, obs)
    assert tracker.stats.merges == 1
    live = tracker.snapshot()
    assert len(live) == 1 and live[0].mmsi == 235999001
    assert set(live[0].sources) == {"radar-dover", "ais-shore"}
    ended = [u for u in ups if u.status.value == "ended"]
    assert len(ended) == 1 and "merged" in ended[0].flags


def test_an_anchored_ship_reporting_every_three_minutes_is_one_track() -> None:
    def anchored(t: float) -> tuple[float, float]:
        return 5000.0, 5000.0

    obs = ais(anchored, [5.0 + 180.0 * k for k in range(10)], 235111222)
    ups = run(Tracker(TrackerConfig(reorder_window_s=3.0)), obs, batch_s=30.0)
    assert len(confirmed_ids(ups)) == 1
    assert all(u.classification.value in ("ais_vessel", "unknown") for u in ups)


def test_a_patrol_sighting_makes_a_small_boat_with_persons() -> None:
    from straitwatch.sensors.observation import Observation, ObservationKind

    boat = line(0.0, 0.0, 4.0, 320.0)
    obs = radar([boat], SCANS[:30], sigma_m=30.0)
    x, y = boat(20.0)
    from straitwatch.geo.projection import to_wgs84

    lat, lon = to_wgs84([x], [y])
    obs.append(
        Observation(
            T0 + timedelta(seconds=20.0),
            "patrol-vigilant",
            ObservationKind.SIGHTING,
            float(lat[0]),
            float(lon[0]),
            100.0,
            attributes={"sighting_kind": "small_boat", "persons_estimate": 45},
        )
    )
    ups = run(Tracker(TrackerConfig(reorder_window_s=3.0)), obs)
    final = last_by_track(ups)
    assert len(final) == 1
    u = final.popitem()[1]
    assert u.classification.value == "small_boat"
    assert u.persons_estimate == 45
    assert "small_boat_sighted" in u.flags
    assert set(u.sources) == {"radar-dover", "patrol-vigilant"}


def test_out_of_order_plots_within_the_window_give_the_same_picture() -> None:
    paths = [line(0.0, 0.0, 10.0, 30.0), line(800.0, 0.0, 20.0, 300.0)]
    obs = radar(paths, SCANS, seed=4)
    in_order = Tracker(TrackerConfig(reorder_window_s=4.0))
    run(in_order, obs)
    shuffled = Tracker(TrackerConfig(reorder_window_s=4.0))
    rng = random.Random(5)
    # Deliver each plot up to 3 s late, in random order within each one-second slice.
    arrivals = sorted(obs, key=lambda o: o.time + timedelta(seconds=rng.uniform(0.0, 3.0)))
    out: list[TrackUpdate] = []
    for k in range(0, len(arrivals), 3):
        chunk = arrivals[k : k + 3]
        out += shuffled.step(chunk, max(o.time for o in arrivals[: k + 3]))
    out += shuffled.flush()
    assert shuffled.stats.late == 0
    a = sorted((u.lat, u.lon) for u in in_order.snapshot())
    b = sorted((u.lat, u.lon) for u in shuffled.snapshot())
    assert len(a) == len(b) == 2
    assert np.allclose(a, b, atol=1e-7)


def test_a_late_plot_updates_its_track_history_and_a_stray_one_is_refused() -> None:
    attached: list[TrackUpdate] = []
    refused: list[Rejection] = []
    tracker = Tracker(
        TrackerConfig(reorder_window_s=2.0), late=attached.extend, refused=refused.extend
    )
    obs = radar([line(0.0, 0.0, 10.0, 0.0)], SCANS[:20])
    live = run(tracker, obs)
    late = radar([line(0.0, 0.0, 10.0, 0.0)], [5.0])
    stray = radar([line(8000.0, 8000.0, 0.0, 0.0)], [5.0])
    out = tracker.step(late + stray, T0 + timedelta(seconds=60))
    assert tracker.stats.late == 2 and tracker.stats.late_attached == 1
    (update,) = attached
    assert update.track_id == live[-1].track_id and "late" in update.flags
    assert update.time == late[0].time
    assert all("late" not in u.flags for u in out)  # the live picture is not rewound
    assert [(r.reason, r.observation) for r in refused] == [("late", stray[0])]


def test_one_target_in_heavy_clutter_is_one_track() -> None:
    rng = np.random.default_rng(6)
    target = line(0.0, 0.0, 12.0, 100.0)
    obs = radar([target], SCANS, seed=7)
    from straitwatch.geo.projection import to_wgs84
    from straitwatch.sensors.observation import Observation, ObservationKind

    for t in SCANS:  # 10 clutter plots per scan over 10 × 10 km (the benchmark's density)
        xy = rng.uniform(-5000.0, 5000.0, (10, 2))
        lat, lon = to_wgs84(xy[:, 0], xy[:, 1])
        obs += [
            Observation(
                T0 + timedelta(seconds=t), "radar-dover", ObservationKind.RADAR, la, lo, 20.0
            )
            for la, lo in zip(lat.tolist(), lon.tolist(), strict=True)
        ]
    tracker = Tracker(TrackerConfig(reorder_window_s=0.0))
    ups = run(tracker, obs)
    assert len(_follows(ups, target, 10.0, 80.0)) == 1
    assert len(confirmed_ids(ups)) <= 2  # a rare clutter chain at most
    assert tracker.stats.tracks_started > 1000  # clutter did start (and end) tentative tracks
    assert len(tracker) < 40
