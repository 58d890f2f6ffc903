# SPDX-License-Identifier: EUPL-1.2
"""Patrol aircraft: a radar contact placed from the aircraft's position, range (slant) and
bearing, its error combining the observer's; a visual estimate; bad records refused."""

from __future__ import annotations

import json

import numpy as np

from straitwatch.geo.projection import to_metric
from straitwatch.sensors.aircraft import read_aircraft_lines
from straitwatch.sensors.observation import Observation
from straitwatch.sensors.records import Rejection


def test_a_radar_contact_from_the_aircraft() -> None:
    line = json.dumps(
        {
            "record": "contact",
            "time": "2024-08-22T05:10:00Z",
            "sensor_id": "uk-fw-01",
            "observer": {"lat": 51.0, "lon": 1.3, "alt_m": 600, "sigma_m": 15},
            "range_m": 5036.0,
            "bearing_deg": 90.0,
            "kind": "small_boat",
        }
    )
    (obs,) = read_aircraft_lines([line], "air.jsonl")
    assert isinstance(obs, Observation)
    ox, oy = to_metric([51.0], [1.3])
    tx, ty = to_metric([obs.lat], [obs.lon])
    ground = float(np.hypot(tx - ox, ty - oy)[0])
    assert abs(ground - 5000.0) < 2.0  # slant 5036 m from 600 m up
    assert 90 < obs.sigma_m < 110  # 50 m range, 1° at 5 km, 15 m own position
    assert obs.attributes["observer"]["alt_m"] == 600
    assert obs.attributes["platform"] == "aircraft"


def test_a_visual_sighting_and_refusals() -> None:
    line = json.dumps(
        {
            "record": "sighting",
            "time": "2024-08-22T05:10:00Z",
            "sensor_id": "fr-heli-2",
            "observer": {"lat": 50.9, "lon": 1.5},
            "lat": 50.92,
            "lon": 1.52,
            "kind": "persons_in_water",
            "persons_estimate": 4,
        }
    )
    both = json.dumps(
        {
            "record": "sighting",
            "time": "2024-08-22T05:10:00Z",
            "sensor_id": "x",
            "observer": {"lat": 50.9, "lon": 1.5},
        }
    )
    obs, refused = read_aircraft_lines([line, both], "air.jsonl")
    assert isinstance(obs, Observation) and obs.sigma_m > 250
    assert obs.attributes["persons_estimate"] == 4
    assert isinstance(refused, Rejection) and "range_m and bearing_deg" in refused.message
