# SPDX-License-Identifier: EUPL-1.2
"""Sensor health: a radar that falls silent raises one alert, updated when it is back; a
radar whose plots sit 200 m off the AIS positions raises a drift alert; noise does not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from straitwatch.assessment.alert import AlertType
from straitwatch.assessment.health import SensorHealth
from straitwatch.geo.projection import to_wgs84
from straitwatch.sensors.observation import Observation, ObservationKind

T0 = datetime(2024, 8, 22, 4, 0, tzinfo=UTC)


def _plot(t_s: float, x: float = 0.0, y: float = 0.0, sensor: str = "radar-dover") -> Observation:
    lat, lon = to_wgs84([x], [y])
    return Observation(
        T0 + timedelta(seconds=t_s),
        sensor,
        ObservationKind.RADAR,
        float(lat[0]),
        float(lon[0]),
        20.0,
    )


def _ais(t_s: float, x: float, y: float) -> Observation:
    lat, lon = to_wgs84([x], [y])
    return Observation(
        T0 + timedelta(seconds=t_s),
        "ais-shore",
        ObservationKind.AIS,
        float(lat[0]),
        float(lon[0]),
        10.0,
        mmsi=235000001,
    )


def test_a_silent_sensor_raises_once_and_is_updated_when_back() -> None:
    health = SensorHealth()
    raised = []
    for k in range(20):
        r, _ = health.step([_plot(2.0 * k)], T0 + timedelta(seconds=2.0 * k))
        raised += r
    assert raised == []
    for minutes in (1, 3, 4, 5):
        r, _ = health.step([], T0 + timedelta(minutes=minutes))
        raised += r
    (alert,) = raised
    assert alert.type is AlertType.SENSOR_SILENT and alert.track_id == "sensor:radar-dover"
    assert alert.detail["usual_interval_s"] == 2.0 and alert.routed_to
    _, updated = health.step([_plot(400.0)], T0 + timedelta(seconds=400))
    assert [u.alert_id for u in updated] == [alert.alert_id]
    assert "back_at" in updated[0].detail


def test_plots_off_the_ais_positions_raise_drift_but_noise_does_not() -> None:
    rng = np.random.default_rng(2)
    for offset, expected in ((200.0, [AlertType.SENSOR_DRIFT]), (0.0, [])):
        health = SensorHealth()
        raised = []
        for k in range(40):
            x, y = 1000.0 + 5.0 * k, 2000.0
            obs = [
                _ais(2.0 * k, x, y),
                _plot(2.0 * k, x + offset + rng.normal(0, 20), y + rng.normal(0, 20)),
            ]
            r, _ = health.step(obs, T0 + timedelta(seconds=2.0 * k))
            raised += r
        assert [a.type for a in raised] == expected
        if expected:
            assert abs(raised[0].detail["offset_east_m"] - 200) < 30


def test_the_snapshot_says_which_sensor_is_silent_and_when_each_reports() -> None:
    health = SensorHealth()
    for k in range(20):
        batch = [_plot(2.0 * k), _plot(2.0 * k, sensor="radar-calais")]
        health.step(batch, T0 + timedelta(seconds=2.0 * k))
    # An hour later radar-calais still reports, radar-dover has been silent since.
    later = T0 + timedelta(hours=1)
    health.step([_plot(3600.0, sensor="radar-calais")], later)
    snap = health.snapshot()
    assert snap["radar-dover"]["status"] == "silent"
    assert snap["radar-calais"]["status"] == "reporting"
    assert snap["radar-dover"]["reports_by_hour"][4] == 20
    assert snap["radar-calais"]["reports_by_hour"][4:6] == [20, 1]
    assert sum(snap["radar-dover"]["reports_by_hour"]) == 20
    assert snap["radar-dover"]["last_report"] == "2024-08-22T04:00:38Z"
