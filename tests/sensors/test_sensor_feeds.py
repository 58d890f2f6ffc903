# SPDX-License-Identifier: EUPL-1.2
"""Cameras, aircraft and satellites on the normal ingest path: detected, read by
``read_files`` with the other files, refusals with their line for the dead-letter store."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from straitwatch.sensors import Observation, read_files
from straitwatch.sensors.readers import detect_format
from straitwatch.sensors.records import Rejection
from straitwatch.sim.cameras import Camera, camera_lines
from tests.sensors.conftest import state

WHEN = datetime(2024, 8, 22, 3, 0, tzinfo=UTC)
GRIS_NEZ = Camera("cam-gris-nez", 50.8695, 1.5840, 60.0)
BLANC_NEZ = Camera("cam-blanc-nez", 50.9230, 1.6880, 130.0)
BOAT = (50.90, 1.52)


def _stamp(t: datetime) -> str:
    return t.isoformat().replace("+00:00", "Z")


def sensor_files(folder: Path) -> dict[str, Path]:
    """A cameras file (two cameras on a boat, twice; one lone bearing), an aircraft
    contact and a satellite detection (with a line each that cannot be read)."""
    rng = np.random.default_rng(7)
    cams = camera_lines(rng, BOAT, WHEN, [GRIS_NEZ, BLANC_NEZ])
    cams += camera_lines(rng, BOAT, WHEN + timedelta(seconds=30), [GRIS_NEZ, BLANC_NEZ])
    lone = {
        "record": "bearing",
        "time": _stamp(WHEN + timedelta(seconds=90)),
        "sensor_id": "cam-wimereux",
        "bearing_deg": 280.0,
        "platform": {"lat": 50.77, "lon": 1.605},
    }
    cams.append(json.dumps(lone))
    aircraft = {
        "record": "contact",
        "time": _stamp(WHEN + timedelta(seconds=10)),
        "sensor_id": "uk-fw-01",
        "observer": {"lat": 51.0, "lon": 1.3, "alt_m": 450},
        "range_m": 6000,
        "bearing_deg": 120,
    }
    satellite = {
        "time": _stamp(WHEN + timedelta(seconds=20)),
        "sensor_id": "sat-s1a",
        "mode": "sar",
        "lat": 50.98,
        "lon": 1.42,
        "length_m": 12,
    }
    files = {
        "cameras": (cams, folder / "cams.jsonl"),
        "aircraft": ([json.dumps(aircraft), "{oops"], folder / "air.jsonl"),
        "satellite": ([json.dumps(satellite), '{"mode": "sar"}'], folder / "s1a.jsonl"),
    }
    for lines, path in files.values():
        path.write_text("\n".join(lines) + "\n")
    return {name: path for name, (_, path) in files.items()}


def test_each_sensor_format_is_detected(tmp_path: Path) -> None:
    for name, path in sensor_files(tmp_path).items():
        assert detect_format(path) == name


def test_sensor_files_come_through_read_files_with_the_others(tmp_path: Path) -> None:
    files = sensor_files(tmp_path)
    stream = read_files(files.values(), state=state())
    records = list(stream)
    observations = [r for r in records if isinstance(r, Observation)]
    refused = [r for r in records if isinstance(r, Rejection)]
    platforms = sorted(str(o.attributes["platform"]) for o in observations)
    assert platforms == ["aircraft", "camera", "camera", "satellite"]
    cams = [o for o in observations if o.attributes["platform"] == "camera"]
    assert all(o.attributes["fix"] == "two_bearings" for o in cams)
    tx, ty = BOAT
    assert all(abs(o.lat - tx) < 0.003 and abs(o.lon - ty) < 0.005 for o in cams)
    times = [o.time for o in observations]
    assert times == sorted(times)
    assert sorted((r.format, r.reason.value) for r in refused) == [
        ("aircraft", "malformed"),
        ("cameras", "no_fix"),
        ("satellite", "invalid_record"),
    ]
    assert stream.read == 5 + 2 + 2  # every record line counted, telemetry none here


def test_a_camera_report_from_the_future_is_refused_with_its_line(tmp_path: Path) -> None:
    future = {
        "record": "bearing",
        "time": "2099-01-01T00:00:00Z",
        "sensor_id": "cam-gris-nez",
        "bearing_deg": 280.0,
        "platform": {"lat": 50.8695, "lon": 1.584},
    }
    path = tmp_path / "cams.jsonl"
    path.write_text(json.dumps(future) + "\n")
    (refused,) = read_files([path], state=state())
    assert isinstance(refused, Rejection)
    assert refused.reason.value == "time_future" and refused.line_no == 1
    assert json.loads(refused.raw)["time"] == "2099-01-01T00:00:00Z"
