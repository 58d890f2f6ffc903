# SPDX-License-Identifier: EUPL-1.2
"""Radar plots and sightings (CSV and JSON lines) and the sensors file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyproj import Geod

from straitwatch.errors import InvalidInput
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.sensors.plots import PositionReportFeed
from straitwatch.sensors.records import Rejection
from straitwatch.sensors.sites import SensorSites
from tests.sensors.conftest import state

PLOTS_CSV = """time,sensor_id,lat,lon,sigma_m,mmsi,speed_kn,course_deg,range_m,bearing_deg,snr_db
2024-08-22T04:10:00Z,radar-dover,51.0512,1.4503,25,,4.5,300,,,12
2024-08-22T04:10:02+02:00,radar-dover,51.0950,1.5020,25,235012345,14.1,40.5,,,
2024-08-22T04:10:04Z,radar-gris-nez,,,,,,,12500,315.0,
2024-08-22T04:10:05Z,radar-nowhere,,,,,,,12500,315.0,
2024-08-22T04:10:06Z,radar-gris-nez,,,,,,,99000,315.0,
2024-08-22T04:10:07Z,radar-x,51.1,1.5,,,,,,,
2024-08-22T04:10:08Z,radar-dover,51.1,1.5,-3,,,,,,
2024-08-22T04:10:09Z,radar-dover,,,,,,,,,
2024-08-22T04:10:00Z,radar-dover,51.0512,1.4503,25,,4.5,300,,,12
"""


def test_plots_csv_in_both_position_forms_with_reasons_for_the_bad_rows() -> None:
    feed = PositionReportFeed("plots.csv", state(), file_format="csv")
    records = list(feed.decode(PLOTS_CSV.splitlines()))
    assert feed.read == 9
    good = [r for r in records if isinstance(r, Observation)]
    refused = {r.line_no: r for r in records if isinstance(r, Rejection)}
    assert len(good) == 3
    assert all(o.kind is ObservationKind.RADAR for o in good)
    first, second, ranged = good
    assert first.attributes == {"snr_db": "12"}
    assert second.time.isoformat() == "2024-08-22T02:10:02+00:00"
    assert second.mmsi == 235012345
    site = SensorSites.load().by_id["radar-gris-nez"]
    azimuth, _, distance_m = Geod(ellps="WGS84").inv(site.lon, site.lat, ranged.lon, ranged.lat)
    assert distance_m == pytest.approx(12500, abs=0.01)
    assert azimuth % 360 == pytest.approx(315.0)
    assert ranged.sigma_m > 20
    assert {n: r.reason.value for n, r in refused.items()} == {
        5: "unknown_sensor",
        6: "out_of_range",
        7: "invalid_record",  # no sigma_m and the sensor is not declared
        8: "invalid_record",  # sigma_m must be > 0
        9: "invalid_record",  # no position at all
        10: "duplicate",
    }
    assert "sigma_m" in refused[8].message
    assert "no position" in refused[9].message
    assert refused[5].context is not None and refused[5].context.startswith("time,sensor_id")


SIGHTINGS = [
    {
        "time": "2024-08-22T04:12:30Z",
        "sensor_id": "drone-fr-07",
        "platform": "drone",
        "kind": "small_boat",
        "lat": 50.9702,
        "lon": 1.7655,
        "persons_estimate": 55,
        "confidence": 0.9,
        "reporting_unit": "Gendarmerie maritime Calais",
        "speed_kn": 5,
    },
    {
        "time": "2024-08-22T04:40:00Z",
        "sensor_id": "cam-wimereux",
        "platform": "camera",
        "kind": "persons_in_water",
        "range_m": 2400,
        "bearing_deg": 290,
        "persons_estimate": 3,
    },
    {
        "time": "2024-08-22T04:41:00Z",
        "sensor_id": "patrol-7",
        "platform": "boat",
        "kind": "small_boat",
        "lat": 50.9,
        "lon": 1.6,
    },
    {
        "time": "2024-08-22T04:42:00Z",
        "sensor_id": "patrol-7",
        "platform": "patrol",
        "kind": "small_boat",
        "lat": 50.9,
        "lon": 1.6,
        "confidence": 1.5,
    },
]


def test_sightings_jsonl_carry_kind_persons_confidence_and_unit() -> None:
    lines = [json.dumps(s) for s in SIGHTINGS] + ["{not json"]
    feed = PositionReportFeed("sightings.jsonl", state())
    records = list(feed.decode(lines))
    drone, camera = (r for r in records if isinstance(r, Observation))
    assert drone.kind is ObservationKind.SIGHTING
    assert drone.sigma_m == 25.0
    assert drone.attributes["sighting_kind"] == "small_boat"
    assert drone.attributes["persons_estimate"] == 55
    assert drone.attributes["confidence"] == 0.9
    assert drone.attributes["reporting_unit"] == "Gendarmerie maritime Calais"
    assert camera.attributes["reporting_unit"] == "cam-wimereux"
    assert camera.attributes["confidence"] == 0.5
    refused = [r for r in records if isinstance(r, Rejection)]
    assert [r.reason.value for r in refused] == ["invalid_record", "invalid_record", "junk"]
    assert "platform" in refused[0].message
    assert "confidence" in refused[1].message


def test_sensors_file_errors_name_the_sensor_and_field(tmp_path: Path) -> None:
    path = tmp_path / "sensors.yaml"
    path.write_text(
        "sensors:\n"
        "  - {id: radar-a, kind: radar, lat: 51.1, lon: 1.3, max_range_m: 40000}\n"
        "  - {id: radar-b, kind: radar, lat: 91.0, lon: 1.3, max_range_m: 40000}\n"
    )
    with pytest.raises(InvalidInput, match=r"sensor 'radar-b', lat: Input should be less"):
        SensorSites.load(path)
    path.write_text(
        "sensors:\n"
        "  - {id: radar-a, kind: radar, lat: 51.1, lon: 1.3, max_range_m: 40000}\n"
        "  - {id: radar-a, kind: radar, lat: 51.2, lon: 1.3, max_range_m: 40000}\n"
    )
    with pytest.raises(InvalidInput, match="declared twice"):
        SensorSites.load(path)
    path.write_text("sensors:\n  - {id: r, kind: radar, lat: 1, lon: 1, max_range_m: 1, x: 2}\n")
    with pytest.raises(InvalidInput, match="sensor 'r', x: Extra inputs"):
        SensorSites.load(path)


def test_shipped_demo_sensors_load() -> None:
    sites = SensorSites.load()
    assert {"radar-dover", "radar-gris-nez", "cam-wimereux"} <= set(sites.by_id)
