# SPDX-License-Identifier: EUPL-1.2
"""Track history in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, select
from tests.tracking.scenes import ais, line, radar, run

from straitwatch.store.db import transaction
from straitwatch.store.tables import metadata
from straitwatch.store.tracks import (
    TrackRecorder,
    TrackUpdateRow,
    delete_history_before,
    list_tracks,
)
from straitwatch.tracking import TrackClass, Tracker, TrackerConfig, TrackStatus, TrackUpdate
from straitwatch.tracking.persist import track_history

T0 = datetime(2024, 8, 22, 4, 0, tzinfo=UTC)


def _u(
    track: str, s: float, status: TrackStatus = TrackStatus.CONFIRMED, **kw: object
) -> TrackUpdate:
    return TrackUpdate(
        track,
        T0 + timedelta(seconds=s),
        51.0 + s * 1e-5,
        1.5,
        8.0,
        45.0,
        12.0,
        status,
        TrackClass.DARK_CONTACT,
        first_seen=T0,
        **kw,
    )  # type: ignore[arg-type]


def test_migration_creates_exactly_the_declared_tables(any_engine: Engine) -> None:
    with any_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [d for d in diff if "track" in repr(d)] == []


def test_updates_round_trip_and_the_summary_follows_the_latest(any_engine: Engine) -> None:
    recorder = TrackRecorder(any_engine, batch_size=3)
    recorder.add([_u("T1", 0), _u("T1", 2, sources=("radar-dover",)), _u("T2", 2)])
    recorder.add(
        [
            _u(
                "T1",
                4,
                mmsi=235000001,
                name="SEA BREEZE",
                flags=("identity_mismatch",),
                sources=("radar-dover", "ais-shore"),
            )
        ]
    )
    recorder.add([_u("T1", 1)])  # a late update never rolls the summary back
    assert recorder.close() == 5
    with transaction(any_engine) as s:
        history = track_history(s, "T1")
        assert [h.time for h in history] == [T0 + timedelta(seconds=k) for k in (0, 1, 2, 4)]
        assert history[-1].mmsi == 235000001 and history[-1].name == "SEA BREEZE"
        assert history[-1].flags == ("identity_mismatch",)
        assert history[-1].sources == ("radar-dover", "ais-shore")
        assert history[-1].first_seen == T0
        assert history[0].classification is TrackClass.DARK_CONTACT
        assert track_history(s, "T1", since=T0 + timedelta(seconds=2))[0].sources == (
            "radar-dover",
        )
        (t1,) = list_tracks(s, mmsi=235000001)
        assert t1.last_seen == T0 + timedelta(seconds=4) and t1.first_seen == T0
        assert [t.track_id for t in list_tracks(s)] == ["T1", "T2"]
        assert list_tracks(s, classification="ais_vessel") == []
        assert track_history(s, "T9") == []


def test_old_history_can_be_dropped_while_summaries_stay(any_engine: Engine) -> None:
    recorder = TrackRecorder(any_engine)
    recorder.add(_u("T1", s) for s in range(0, 100, 2))
    recorder.close()
    with transaction(any_engine) as s:
        assert delete_history_before(s, T0 + timedelta(seconds=50)) == 25
    with transaction(any_engine) as s:
        assert s.scalar(select(func.count()).select_from(TrackUpdateRow)) == 25
        assert len(list_tracks(s)) == 1


def test_a_tracker_stream_is_stored_whole(engine: Engine) -> None:
    ship = line(0.0, 0.0, 12.0, 45.0)
    obs = radar([ship], [2.0 * k for k in range(1, 61)]) + ais(
        ship, [1.0 + 6.0 * k for k in range(20)], 235012345, name="ROSE OF KENT"
    )
    updates = run(Tracker(TrackerConfig(reorder_window_s=2.0)), obs)
    recorder = TrackRecorder(engine, batch_size=25)
    recorder.add(updates)
    assert recorder.close() == len(updates)
    with transaction(engine) as s:
        (track,) = list_tracks(s)
        stored = track_history(s, track.track_id)
    assert [(u.time, u.lat, u.lon, u.status) for u in stored] == [
        (u.time, u.lat, u.lon, u.status) for u in updates
    ]
    assert track.name == "ROSE OF KENT" and track.classification == "ais_vessel"
