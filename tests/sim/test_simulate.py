# SPDX-License-Identifier: EUPL-1.2
"""The simulator: deterministic by seed, real figures, files the ingest readers accept."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from pathlib import Path

import numpy as np
import pytest

from straitwatch.errors import InvalidInput
from straitwatch.geo import distance_to_coast_m, zones
from straitwatch.sensors import Observation, Rejection, read_files
from straitwatch.sensors.observation import ObservationKind
from straitwatch.sim import daily_figures, scenario_config, simulate
from straitwatch.sim.boats import plan_boats

BUSY = date(2022, 8, 22)


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two hours of the busy night: 02:00–04:00 UTC."""
    out = tmp_path_factory.mktemp("night")
    simulate(BUSY, out, seed=7, start=time(2, 0), hours=2)
    return out


def test_the_daily_figures_are_the_home_office_series(real_data: Path) -> None:
    f = daily_figures(BUSY)
    assert (f.people, f.boats) == (1137, 25)
    source = (real_data / "flows" / "uk_small_boats_daily_homeoffice.csv").read_text()
    assert f"{BUSY.isoformat()},{f.people},{f.boats}," in source
    with pytest.raises(InvalidInput, match="series covers 2018-01-01"):
        daily_figures(date(2030, 1, 1))


def test_a_whole_day_of_boats_carries_the_published_people_and_boats() -> None:
    f = daily_figures(BUSY)
    day0 = datetime(2022, 8, 22, tzinfo=UTC).timestamp()
    boats = plan_boats(scenario_config(), zones(), f, day0, day0 + 86_400, np.random.default_rng(3))
    arrived = [b for b in boats if b.truth["outcome"] != "prevented"]
    # The boats that arrive are the published boats, carrying the published people; the
    # boats stopped or turned back come on top (French prevention).
    assert len(arrived) == f.boats
    assert sum(int(b.truth["persons"]) for b in arrived) == f.people  # type: ignore[call-overload]
    assert len(boats) > f.boats
    hours = [datetime.fromisoformat(str(b.truth["launch_time"])).hour for b in boats]
    night = sum(1 for h in hours if h < 7 or h >= 21)
    assert night / len(hours) > 0.6  # mostly at night and dawn
    lat = [float(b.truth["launch_lat"]) for b in boats]  # type: ignore[arg-type]
    lon = [float(b.truth["launch_lon"]) for b in boats]  # type: ignore[arg-type]
    assert (zones().departure_sector(lat, lon) != "").all()
    assert (np.abs(distance_to_coast_m(lat, lon, "continent")) < 1000).all()


def test_same_seed_same_files_other_seed_other_files(night: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    simulate(BUSY, again, seed=7, start=time(2, 0), hours=2)
    for name in ("radar_plots.csv", "ais.nmea", "sightings.jsonl", "truth.json"):
        assert (night / name).read_bytes() == (again / name).read_bytes(), name
    other = tmp_path / "other"
    simulate(BUSY, other, seed=8, start=time(2, 0), hours=2)
    assert (night / "truth.json").read_bytes() != (other / "truth.json").read_bytes()


def test_boats_are_launched_inside_the_window_only(night: Path) -> None:
    truth = json.loads((night / "truth.json").read_text())
    assert truth["boats"], "the busy night has boats"
    for boat in truth["boats"]:
        launch = datetime.fromisoformat(boat["launch_time"].replace("Z", "+00:00"))
        assert time(2, 0) <= launch.time() < time(4, 1)
        assert set(boat) >= {
            "id",
            "launch_time",
            "launch_lat",
            "launch_lon",
            "persons",
            "distress_time",
            "distress_lat",
            "distress_lon",
            "outcome",
        }
        assert boat["outcome"] in {"intercepted", "landed", "rescued", "prevented", "lost_contact"}
    kinds = {v["kind"] for v in truth["vessels"]}
    assert {"merchant", "ferry"} <= kinds


def test_every_file_reads_back_through_the_ingest_readers_without_a_rejection(
    night: Path,
) -> None:
    files = [night / "radar_plots.csv", night / "ais.nmea", night / "sightings.jsonl"]
    kinds: dict[str, int] = {}
    rejected = []
    for record in read_files(files, reorder_window_s=None):
        if isinstance(record, Rejection):
            rejected.append(record)
        elif isinstance(record, Observation):
            kinds[record.kind.value] = kinds.get(record.kind.value, 0) + 1
    assert rejected == []
    assert kinds[ObservationKind.RADAR.value] > 10_000
    assert kinds[ObservationKind.AIS.value] > 1_000
    summary = json.loads((night / "scenario.json").read_text())
    assert summary["observations"]["radar_plots"] == kinds["radar"]


def test_a_window_past_midnight_is_refused() -> None:
    with pytest.raises(InvalidInput, match="hours"):
        simulate(BUSY, Path("/nonexistent"), start=time(2, 0), hours=30)
