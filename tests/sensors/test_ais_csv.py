# SPDX-License-Identifier: EUPL-1.2
"""Decoded AIS in CSV: the Solent recording, MarineCadastre and Barentswatch layouts."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from straitwatch.errors import InvalidInput
from straitwatch.sensors.ais_csv import AisCsvFeed
from straitwatch.sensors.observation import Observation
from straitwatch.sensors.records import Rejection, StaticUpdate
from tests.sensors.conftest import state

SOLENT = "stonesoup_SolentAIS_20160112_130211.csv"


def test_solent_rows_are_all_read_and_the_one_wrong_fix_is_an_impossible_jump(
    real_data: Path,
) -> None:
    path = real_data / "ais" / SOLENT
    feed = AisCsvFeed(SOLENT, state())
    records = list(feed.decode(path.open()))
    assert feed.read == 18_623
    refused = [r for r in records if isinstance(r, Rejection)]
    jumps = [r for r in refused if r.reason == "impossible_speed"]
    assert len(jumps) == 1
    assert "54.83172" in jumps[0].raw
    assert "245188000" in jumps[0].raw
    # Everything else refused is an exact repeat of a row already read.
    with path.open() as handle:
        rows = [tuple(r) for r in csv.reader(handle)][1:]
    repeats = len(rows) - len(set(rows))
    assert {r.reason.value for r in refused} - {"impossible_speed"} <= {"duplicate"}
    assert len(refused) - 1 == repeats
    observations = [r for r in records if isinstance(r, Observation)]
    assert len(observations) + len(refused) == 18_623


def test_solent_course_360_is_missing_not_360_degrees(real_data: Path) -> None:
    path = real_data / "ais" / SOLENT
    with path.open() as handle:
        cog_360 = sum(1 for row in csv.DictReader(handle) if float(row["COG_degrees"]) == 360)
    assert cog_360 == 1027
    records = AisCsvFeed(SOLENT, state()).decode(path.open())
    observations = [r for r in records if isinstance(r, Observation)]
    assert not any(o.course_deg == 360 for o in observations)
    assert sum(1 for o in observations if o.course_deg is None) >= cog_360 - 3
    assert all(o.sigma_m == 30.0 and o.mmsi for o in observations)


MARINECADASTRE = """MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass
367000001,2023-01-01T00:00:06,29.93,-90.07,0.0,360.0,511.0,FICTIONAL ONE,IMO9000001,WDA0001,70,5,120,20,6.0,70,A
367000001,2023-01-01T00:01:06,29.93,-90.07,102.3,210.0,211.0,FICTIONAL ONE,IMO9000001,WDA0001,70,5,120,20,6.0,70,A
367000002,2023-01-01T00:00:10,29.94,-90.08,5.1,45.0,44.0,,,,,0,,,,,B
367000002,not-a-time,29.94,-90.08,5.1,45.0,44.0,,,,,0,,,,,B
"""


def test_marinecadastre_rows_become_observations_and_identity_updates(tmp_path: Path) -> None:
    feed = AisCsvFeed("mc.csv", state())
    records = list(feed.decode(MARINECADASTRE.splitlines()))
    updates = [r for r in records if isinstance(r, StaticUpdate)]
    observations = [r for r in records if isinstance(r, Observation)]
    (bad,) = [r for r in records if isinstance(r, Rejection)]
    assert len(updates) == 1  # the identity is written again only when it changes
    assert updates[0].identity.name == "FICTIONAL ONE"
    assert updates[0].identity.imo == 9000001
    assert updates[0].identity.call_sign == "WDA0001"
    assert updates[0].identity.length_m == 120.0
    first, second = observations[0], observations[1]
    assert (first.course_deg, first.heading_deg, first.speed_kn) == (None, None, 0.0)
    assert (second.speed_kn, second.course_deg, second.heading_deg) == (None, 210.0, 211.0)
    assert first.identity is not None and first.identity.name == "FICTIONAL ONE"
    assert bad.reason == "invalid_record"
    assert bad.context is not None and bad.context.startswith("MMSI,BaseDateTime")
    assert bad.line_no == 5


def test_barentswatch_semicolon_layout(real_data: Path) -> None:
    feed = AisCsvFeed("damast", state())
    records = list(feed.decode((real_data / "ais" / "damast_test_ais.csv").open()))
    observations = [r for r in records if isinstance(r, Observation)]
    assert feed.read == 13
    assert len(observations) == 13
    assert {o.mmsi for o in observations} == {
        u.identity.mmsi for u in records if isinstance(u, StaticUpdate)
    }


def test_an_unknown_header_stops_with_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match="matches no decoded-AIS layout"):
        list(AisCsvFeed("odd.csv", state()).decode(["a,b,c", "1,2,3"]))
