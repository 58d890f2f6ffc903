# SPDX-License-Identifier: EUPL-1.2
"""Storing a stream on SQLite and PostgreSQL: batches, identities, audit, dead letters,
replay, and what an HTTP post gets back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, select

from straitwatch.access.actor import Actor, Role, system_actor
from straitwatch.access.audit import verify
from straitwatch.errors import InvalidInput, NotAllowed
from straitwatch.sensors import ObservationSink, ingest_posted, posting_state, read_files
from straitwatch.sensors.deadletter import replay_dead_letters
from straitwatch.sensors.plots import PositionReportFeed
from straitwatch.sensors.sites import SensorSites
from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction
from straitwatch.store.observations import (
    AisReportRow,
    DeadLetterRow,
    ObservationRow,
    VesselIdentityRow,
    dead_letters,
)
from straitwatch.store.tables import metadata
from tests.sensors.conftest import fixed_clock, state

SENSOR_TABLES = {"observations", "vessel_identities", "ais_reports", "dead_letters"}
MACHINE = Actor(
    "drone-fr-07",
    "PREMAR",
    Role.MACHINE,
    "FR",
    feeds=frozenset({"drone-fr-07", "radar-dover", "patrol-7"}),
)


def count(engine: Engine, row: type) -> int:
    with transaction(engine) as session:
        return int(session.scalar(select(func.count()).select_from(row)) or 0)


def test_migration_creates_exactly_the_declared_tables(any_engine: Engine) -> None:
    with any_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    mine = [d for d in diff if any(t in repr(d) for t in SENSOR_TABLES)]
    assert mine == []


def test_a_stream_is_stored_in_audited_batches(any_engine: Engine, real_data: Path) -> None:
    files = [real_data / "ais" / n for n in ("gpsd_sample.aivdm", "pyais_mixed.txt")]
    stream = read_files(files, state=state())
    sink = ObservationSink(any_engine, system_actor(), feed="test", batch_size=40)
    sink.add_all(stream)
    summary = sink.close()
    assert summary.observations == 17
    rows = summary.observations + summary.ais_reports + summary.rejected + summary.duplicates
    # The files repeat a few sentences word for word without a time: the same content,
    # stored once (summary.already_stored counts those left out).
    tables = (ObservationRow, AisReportRow, DeadLetterRow)
    assert 0 < summary.already_stored < 10
    assert sum(count(any_engine, t) for t in tables) == rows - summary.already_stored
    with transaction(any_engine) as session:
        events = session.scalars(select(AuditEventRow)).all()
        assert verify(session) == len(events)
        stored = session.scalars(select(ObservationRow).order_by(ObservationRow.id)).all()
    assert 2 <= len(events) <= rows // 40 + 2 + summary.static_updates  # per batch, not per row
    assert {e.action for e in events} == {"collection"}
    assert sum(e.detail["observations"] for e in events) == summary.observations
    assert all(o.time.tzinfo is not None for o in stored)
    assert any(o.message_type == 1 and o.nav_status == 0 for o in stored)


def test_identities_merge_field_by_field(any_engine: Engine) -> None:
    lines = [
        "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length",
        "367000001,2023-01-01T00:00:06,29.93,-90.07,0,0,0,FICTIONAL ONE,,,70,0,",
        "367000001,2023-01-01T00:01:06,29.93,-90.07,0,0,0,,IMO9000001,WDA0001,,0,120",
    ]
    from straitwatch.sensors.ais_csv import AisCsvFeed

    for line in lines[1:]:  # two separate batches
        sink = ObservationSink(any_engine, system_actor(), feed="mc")
        sink.add_all(AisCsvFeed("mc", state()).decode([lines[0], line]))
        sink.close()
    with transaction(any_engine) as session:
        row = session.get(VesselIdentityRow, 367000001)
        assert row is not None
        assert (row.name, row.imo, row.call_sign, row.ship_type, row.length_m) == (
            "FICTIONAL ONE",
            9000001,
            "WDA0001",
            70,
            120.0,
        )


def _plots_file(tmp_path: Path) -> Path:
    path = tmp_path / "plots.csv"
    path.write_text(
        "time,sensor_id,range_m,bearing_deg\n"
        "2024-08-22T04:10:04Z,radar-folkestone,9000,150\n"
        "2024-08-22T04:10:05Z,radar-dover,9000,150\n"
    )
    return path


def test_dead_letters_replay_after_the_sensors_file_is_fixed(
    any_engine: Engine, tmp_path: Path
) -> None:
    sink = ObservationSink(any_engine, system_actor(), feed="plots")
    sink.add_all(read_files([_plots_file(tmp_path)], state=state()))
    sink.close()
    with transaction(any_engine) as session:
        (letter,) = dead_letters(session, reason="unknown_sensor")
    assert letter.line_no == 2 and letter.format == "plots-csv"
    # Replaying with the same sensors changes nothing.
    again = replay_dead_letters(any_engine, system_actor(), clock=fixed_clock)
    assert (again.accepted, dict(again.still_refused)) == (0, {"unknown_sensor": 1})
    sites = tmp_path / "sensors.yaml"
    sites.write_text(
        "sensors:\n  - {id: radar-folkestone, kind: radar, lat: 51.08, lon: 1.18, "
        "max_range_m: 30000}\n"
    )
    fixed = replay_dead_letters(
        any_engine, system_actor(), sites=SensorSites.load(sites), clock=fixed_clock
    )
    assert fixed.accepted == 1
    assert count(any_engine, ObservationRow) == 2
    with transaction(any_engine) as session:
        assert dead_letters(session, replayed=False) == []
        assert (
            session.scalars(select(ObservationRow.sensor_id)).all().count("radar-folkestone") == 1
        )
    # Idempotent: nothing is left to replay.
    assert replay_dead_letters(any_engine, system_actor(), clock=fixed_clock).considered == 0


def test_context_reasons_replay_only_when_named(any_engine: Engine, real_data: Path) -> None:
    path = real_data / "ais" / "stonesoup_SolentAIS_20160112_130211.csv"
    sink = ObservationSink(any_engine, system_actor(), feed="solent")
    sink.add_all(read_files([path], state=state()))
    sink.close()
    before = count(any_engine, ObservationRow)
    assert replay_dead_letters(any_engine, system_actor(), clock=fixed_clock).considered == 0
    forced = replay_dead_letters(
        any_engine, system_actor(), reason="impossible_speed", clock=fixed_clock
    )
    assert forced.accepted == 1  # the operator's decision: the lon 54.83 fix goes in
    assert count(any_engine, ObservationRow) == before + 1


def test_posted_plots_and_sightings_are_stored_with_reasons_per_index(any_engine: Engine) -> None:
    now = fixed_clock().isoformat()
    posted = [
        {
            "time": now,
            "sensor_id": "drone-fr-07",
            "platform": "drone",
            "kind": "small_boat",
            "lat": 50.97,
            "lon": 1.76,
            "persons_estimate": 55,
            "confidence": 0.9,
        },
        {"time": now, "sensor_id": "radar-dover", "lat": 51.05, "lon": 1.45, "sigma_m": 25},
        {
            "time": "2024-01-01T00:00:00Z",
            "sensor_id": "radar-dover",
            "lat": 51.0,
            "lon": 1.4,
            "sigma_m": 25,
        },
        {"time": now, "sensor_id": "radar-dover", "lat": 51.05, "lon": 1.45, "sigma_m": 25},
        "not an object",
    ]
    result = ingest_posted(any_engine, posted, MACHINE, state=posting_state(fixed_clock))
    assert (result.accepted, result.rejected, result.duplicates) == (2, 2, 1)
    assert [(r["index"], r["reason"]) for r in result.rejections] == [
        (2, "time_past"),
        (3, "duplicate"),
        (4, "invalid_record"),
    ]
    with transaction(any_engine) as session:
        (event,) = session.scalars(select(AuditEventRow)).all()
        stored = session.scalars(select(ObservationRow).order_by(ObservationRow.id)).all()
        letters = dead_letters(session)
    assert (event.actor, event.action, event.role) == ("drone-fr-07", "collection", "machine")
    assert stored[0].attributes is not None and stored[0].attributes["persons_estimate"] == 55
    assert json.loads(letters[-1].raw) == "not an object"


def test_a_person_may_not_post_sensor_data(any_engine: Engine) -> None:
    watch = Actor("uk.watch", "HMCG", Role.WATCH_OFFICER, "GB")
    with pytest.raises(NotAllowed):
        ingest_posted(any_engine, [], watch)
    with transaction(any_engine) as session:
        (event,) = session.scalars(select(AuditEventRow)).all()
    assert event.action == "access_denied"
    with pytest.raises(InvalidInput):
        ingest_posted(any_engine, "[]", MACHINE)  # type: ignore[arg-type]


def test_raw_text_with_any_bytes_is_stored(any_engine: Engine) -> None:
    feed = PositionReportFeed("weird", state())
    sink = ObservationSink(any_engine, system_actor(), feed="weird")
    sink.add_all(feed.decode(["\x00\ud800 not json é"]))
    sink.close()
    with transaction(any_engine) as session:
        (letter,) = dead_letters(session)
    assert letter.reason == "junk"


def test_posted_text_the_database_cannot_hold_is_refused_not_crashed(any_engine: Engine) -> None:
    now = fixed_clock().isoformat()
    posted = [
        {
            "time": now,
            "sensor_id": "radar-dover",
            "lat": 51.0,
            "lon": 1.4,
            "sigma_m": 25,
            "attributes": {"note": "nul \u0000 here"},
        },
        {
            "time": now,
            "sensor_id": "radar-dover",
            "lat": 51.02,
            "lon": 1.4,
            "sigma_m": 25,
            "attributes": {"note": "radar-\ud800"},
        },
        {"time": now, "sensor_id": "radar-dover", "lat": 51.01, "lon": 1.4, "sigma_m": 25},
    ]
    result = ingest_posted(any_engine, posted, MACHINE, state=posting_state(fixed_clock))
    assert (result.accepted, result.rejected) == (1, 2)
    assert count(any_engine, DeadLetterRow) == 2
    # A sensor id the database cannot hold is no sensor the token feeds: the post is
    # refused whole, and the refusal is audited with the id escaped.
    spoof = [{"time": now, "sensor_id": "radar-\ud800", "lat": 51.0, "lon": 1.4, "sigma_m": 25}]
    with pytest.raises(NotAllowed, match="ud800"):
        ingest_posted(any_engine, spoof, MACHINE, state=posting_state(fixed_clock))


def test_posted_records_may_say_what_they_are(any_engine: Engine) -> None:
    now = fixed_clock().isoformat()
    posted = [
        {
            "type": "plot",
            "time": now,
            "sensor_id": "radar-dover",
            "lat": 51.0,
            "lon": 1.4,
            "sigma_m": 25,
        },
        {
            "type": "sighting",
            "time": now,
            "sensor_id": "patrol-7",
            "platform": "patrol",
            "kind": "small_boat",
            "lat": 50.95,
            "lon": 1.6,
        },
        {"type": "radar", "time": now, "sensor_id": "radar-dover", "lat": 51.0, "lon": 1.4},
    ]
    result = ingest_posted(any_engine, posted, MACHINE, state=posting_state(fixed_clock))
    assert [r["reason"] for r in result.rejections] == ["invalid_record"]
    plot, sighting = result.observations
    assert plot.kind == "radar" and "type" not in plot.attributes
    assert sighting.kind == "sighting"


def test_a_background_writer_failure_is_raised_not_lost(tmp_path: Path, real_data: Path) -> None:
    from straitwatch.errors import StoreUnavailable
    from straitwatch.store.db import make_engine

    unmigrated = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    sink = ObservationSink(unmigrated, system_actor(), feed="x", batch_size=2, background=True)
    stream = read_files([real_data / "ais" / "pyais_mixed.txt"])
    with pytest.raises(StoreUnavailable, match="no such table"):
        sink.add_all(stream)
        sink.close()
