# SPDX-License-Identifier: EUPL-1.2
"""Files in, one time-ordered stream out: detection, merging, reordering, pacing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from straitwatch.errors import InvalidInput
from straitwatch.sensors import Observation, read_files
from straitwatch.sensors.observation import Identity
from straitwatch.sensors.pace import FakeClock, paced
from straitwatch.sensors.readers import detect_format, reorder
from straitwatch.sensors.records import Rejection, StaticUpdate
from tests.sensors.conftest import encoded, state, tagged

T0 = datetime(2024, 8, 22, 4, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("gpsd_sample.aivdm", "nmea"),
        ("pyais_mixed.txt", "nmea"),
        ("libais_test.aivdm", "nmea"),
        ("stonesoup_SolentAIS_20160112_130211.csv", "ais-csv"),
        ("damast_test_ais.csv", "ais-csv"),
    ],
)
def test_formats_are_detected(real_data: Path, name: str, expected: str) -> None:
    assert detect_format(real_data / "ais" / name) == expected


def test_plot_and_sighting_files_are_detected(tmp_path: Path) -> None:
    plots = tmp_path / "plots.csv"
    plots.write_text("time,sensor_id,lat,lon,sigma_m\n")
    sightings = tmp_path / "s.jsonl"
    sightings.write_text('{"time": "2024-08-22T04:00:00Z", "kind": "small_boat"}\n')
    odd = tmp_path / "odd.txt"
    odd.write_text("hello world\n")
    assert detect_format(plots) == "plots"
    assert detect_format(sightings) == "sightings"
    with pytest.raises(InvalidInput, match="cannot tell the format"):
        detect_format(odd)


def test_two_receivers_files_merge_into_one_time_ordered_stream(tmp_path: Path) -> None:
    start = T0.timestamp()
    dover = tmp_path / "dover.nmea"
    gris_nez = tmp_path / "gris-nez.nmea"
    dover.write_bytes(
        b"\n".join(
            tagged(
                encoded(type=1, mmsi=235000001, lat=51.0, lon=1.40 + i / 1000, radio=i)[0],
                start + 10 * i,
                "rx-dover",
            )
            for i in range(10)
        )
    )
    gris_nez.write_bytes(
        b"\n".join(
            tagged(
                encoded(type=18, mmsi=228000001, lat=50.9, lon=1.50 + i / 1000, radio=i)[0],
                start + 10 * i + 5,
                "rx-gris-nez",
            )
            for i in range(10)
        )
    )
    stream = read_files([dover, gris_nez], state=state())
    records = list(stream)
    assert stream.read == 20
    assert all(isinstance(r, Observation) for r in records)
    times = [r.time for r in records]
    assert times == sorted(times)
    assert {r.sensor_id for r in records} == {"rx-dover", "rx-gris-nez"}


def _update(seconds: float) -> StaticUpdate:
    return StaticUpdate(T0 + timedelta(seconds=seconds), "rx", Identity(1))


def test_reorder_window_puts_slightly_late_records_in_order() -> None:
    late = Rejection("junk", "x", "x", "f")  # type: ignore[arg-type]
    records = [_update(0), _update(3), _update(1), late, _update(9), _update(2), _update(20)]
    out = list(reorder(records, window_s=5.0))
    assert out[0] is late  # rejections are not held back
    seconds = [(r.time - T0).total_seconds() for r in out[1:] if r.time]
    # 2 s arrives after 9 s: more than the window late, so it is passed on at once.
    assert seconds == [0, 1, 3, 2, 9, 20]


def test_replay_at_real_time_times_n_with_an_injected_clock() -> None:
    records = [_update(s) for s in (0, 60, 90, 300)]
    clock = FakeClock()
    handed_at = [clock.now for _ in paced(records, 30.0, clock=clock.monotonic, sleep=clock.sleep)]
    assert handed_at == pytest.approx([0, 2, 3, 10])
    with pytest.raises(InvalidInput):
        list(paced(records, 0))


def test_read_files_on_real_data_yields_time_ordered_observations(real_data: Path) -> None:
    stream = read_files([real_data / "ais" / "stonesoup_SolentAIS_20160112_130211.csv"])
    times = [r.time for r in stream if isinstance(r, Observation)]
    assert len(times) > 18_000
    assert times == sorted(times)


def test_sightings_file_through_read_files(tmp_path: Path) -> None:
    path = tmp_path / "sightings.jsonl"
    path.write_text(
        json.dumps(
            {
                "time": "2024-08-22T04:12:30Z",
                "sensor_id": "drone-fr-07",
                "platform": "drone",
                "kind": "small_boat",
                "lat": 50.9702,
                "lon": 1.7655,
                "persons_estimate": 55,
            }
        )
        + "\n"
    )
    (obs,) = list(read_files([path], state=state()))
    assert isinstance(obs, Observation)
    assert obs.attributes["persons_estimate"] == 55
