# SPDX-License-Identifier: EUPL-1.2
"""Cameras and drones: reports read, platforms from telemetry, bearing-only fixes (two
cameras, a camera and a radar, a camera that knows its height), and what nothing fixes
refused with its reason."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import numpy as np

from straitwatch.geo.bearings import Bearing, fix, waterline_range_m
from straitwatch.geo.projection import to_metric, to_wgs84
from straitwatch.sensors.cameras import BearingReport, Telemetry, fuse, read_camera_lines
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.sensors.records import Rejection
from straitwatch.sim.cameras import Camera, camera_lines

WHEN = datetime(2024, 8, 22, 3, 0, tzinfo=UTC)
GRIS_NEZ = Camera("cam-gris-nez", 50.8695, 1.5840, 60.0)
BLANC_NEZ = Camera("cam-blanc-nez", 50.9230, 1.6880, 130.0)


def _target_at(camera: Camera, range_m: float, bearing_deg: float) -> tuple[float, float]:
    x, y = to_metric([camera.lat], [camera.lon])
    th = np.radians(bearing_deg)
    lat, lon = to_wgs84(x + range_m * np.sin(th), y + range_m * np.cos(th))
    return float(lat[0]), float(lon[0])


def _error_m(obs: Observation, target: tuple[float, float]) -> float:
    ox, oy = to_metric([obs.lat], [obs.lon])
    tx, ty = to_metric([target[0]], [target[1]])
    return float(np.hypot(ox - tx, oy - ty)[0])


def _fused(
    lines: list[str], plots: list[Observation] = ()
) -> tuple[list[Observation], list[Rejection]]:
    records = list(read_camera_lines(lines, "cams.jsonl"))
    assert not [r for r in records if isinstance(r, Rejection)]
    return fuse([r for r in records if isinstance(r, BearingReport)], plots)


def test_two_cameras_fix_a_boat_5_km_out_within_150_m() -> None:
    rng = np.random.default_rng(16)
    errors = []
    for _ in range(200):
        target = _target_at(GRIS_NEZ, 5000.0, float(rng.uniform(270, 330)))
        (obs,), refused = _fused(camera_lines(rng, target, WHEN, [GRIS_NEZ, BLANC_NEZ]))
        assert refused == []
        assert obs.attributes["fix"] == "two_bearings"
        assert obs.sensor_id == "cam-gris-nez+cam-blanc-nez"
        assert obs.attributes["band"] == "ir"  # 03:00: infrared
        errors.append(_error_m(obs, target))
    assert np.percentile(errors, 95) <= 150.0


def test_a_drone_platform_comes_from_its_telemetry() -> None:
    rng = np.random.default_rng(3)
    drone = Camera(
        "drone-fr-07", 50.95, 1.55, 400.0, sigma_deg=0.5, drone=True, platform_sigma_m=10.0
    )
    target = _target_at(GRIS_NEZ, 5000.0, 300.0)
    lines = camera_lines(rng, target, WHEN, [GRIS_NEZ, drone])
    assert any('"telemetry"' in line for line in lines)
    (obs,), _ = _fused(lines)
    assert obs.attributes["sensors"] == ["cam-gris-nez", "drone-fr-07"] or obs.attributes[
        "sensors"
    ] == ["drone-fr-07", "cam-gris-nez"]
    assert _error_m(obs, target) < 300.0


def test_a_drone_report_without_telemetry_is_refused() -> None:
    line = json.dumps(
        {
            "record": "bearing",
            "time": "2024-08-22T03:00:00Z",
            "sensor_id": "drone-x",
            "bearing_deg": 10.0,
        }
    )
    (rejection,) = read_camera_lines([line], "cams.jsonl")
    assert isinstance(rejection, Rejection)
    assert str(rejection.reason) == "no_platform_position"
    bad = json.dumps(
        {
            "record": "bearing",
            "time": "2024-08-22T03:00:00Z",
            "sensor_id": "c",
            "bearing_deg": 400.0,
            "platform": {"lat": 50.9, "lon": 1.6},
        }
    )
    (rejection,) = read_camera_lines([bad], "cams.jsonl")
    assert isinstance(rejection, Rejection) and "bearing_deg" in rejection.message


def test_telemetry_is_interpolated_to_the_report_time() -> None:
    lines = [
        json.dumps(
            {
                "record": "telemetry",
                "time": "2024-08-22T03:00:00Z",
                "sensor_id": "d",
                "lat": 50.90,
                "lon": 1.50,
            }
        ),
        json.dumps(
            {
                "record": "telemetry",
                "time": "2024-08-22T03:00:04Z",
                "sensor_id": "d",
                "lat": 50.91,
                "lon": 1.50,
            }
        ),
        json.dumps(
            {
                "record": "bearing",
                "time": "2024-08-22T03:00:01Z",
                "sensor_id": "d",
                "bearing_deg": 10.0,
            }
        ),
    ]
    *_, report = read_camera_lines(lines, "cams.jsonl")
    assert isinstance(report, BearingReport)
    assert abs(report.lat - 50.9025) < 1e-9


def test_one_camera_alone_is_refused_unless_it_ranges_the_waterline() -> None:
    rng = np.random.default_rng(5)
    target = _target_at(GRIS_NEZ, 5000.0, 300.0)
    fixed, refused = _fused(camera_lines(rng, target, WHEN, [GRIS_NEZ]))
    assert fixed == [] and [str(r.reason) for r in refused] == ["no_fix"]
    high = Camera("cam-blanc-nez", 50.9230, 1.6880, 130.0, depression=True)
    target = _target_at(high, 5000.0, 300.0)
    (obs,), refused = _fused(camera_lines(rng, target, WHEN, [high]))
    assert refused == [] and obs.attributes["fix"] == "bearing_and_depression"
    assert _error_m(obs, target) < 300.0


def test_a_camera_and_a_radar_plot_on_its_line_of_sight() -> None:
    rng = np.random.default_rng(9)
    target = _target_at(GRIS_NEZ, 5000.0, 300.0)
    plot = Observation(
        WHEN + timedelta(seconds=1),
        "radar-gris-nez",
        ObservationKind.RADAR,
        target[0] + 0.0003,
        target[1],
        40.0,
    )
    (obs,), refused = _fused(camera_lines(rng, target, WHEN, [GRIS_NEZ]), [plot])
    assert refused == [] and obs.attributes["fix"] == "bearing_and_radar"
    assert obs.attributes["sensors"] == ["cam-gris-nez", "radar-gris-nez"]
    assert _error_m(obs, target) < 60.0


def test_waterline_range_and_rays_meeting_behind_the_cameras() -> None:
    assert 5000 < waterline_range_m(100.0, 1.1) < 5300
    behind = fix([Bearing(0.0, 0.0, 45.0, 0.2), Bearing(2000.0, 0.0, 135.0, 0.2)])
    assert behind is None
    parallel = fix([Bearing(0.0, 0.0, 0.0, 0.2), Bearing(2000.0, 0.0, 0.0, 0.2)])
    assert parallel is None
    assert isinstance(Telemetry, type)


def test_two_cameras_on_two_boats_make_no_ghost_where_they_range() -> None:
    rng = np.random.default_rng(3)
    gris = Camera("cam-gris-nez", GRIS_NEZ.lat, GRIS_NEZ.lon, 60.0, depression=True)
    blanc = Camera("cam-blanc-nez", BLANC_NEZ.lat, BLANC_NEZ.lon, 130.0, depression=True)
    # Two boats 3 km off each camera, whose bearings cross far from both.
    one, two = _target_at(gris, 3000.0, 280.0), _target_at(blanc, 3000.0, 330.0)
    lines = camera_lines(rng, one, WHEN, [gris]) + camera_lines(rng, two, WHEN, [blanc])
    fixed, refused = _fused(lines)
    assert refused == []
    assert sorted(o.attributes["fix"] for o in fixed) == ["bearing_and_depression"] * 2
    assert max(min(_error_m(o, t) for o in fixed) for t in (one, two)) < 500
    # The same two cameras on one boat still fix it together.
    same = _target_at(gris, 3000.0, 300.0)
    fixed, _ = _fused(camera_lines(rng, same, WHEN, [gris, blanc]))
    assert [o.attributes["fix"] for o in fixed] == ["two_bearings"]
