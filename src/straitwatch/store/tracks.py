# SPDX-License-Identifier: EUPL-1.2
"""Persisted track history: every track update the tracker emits, and one summary row
per track.

The tracker keeps no history (memory stays flat); the full history lives here. The store
sits below tracking, so it takes any object shaped like
:class:`~straitwatch.tracking.track.TrackUpdate` (:class:`UpdateLike`) and returns rows;
``straitwatch.tracking.persist`` turns rows back into updates.
:class:`TrackRecorder` batches the update stream into ``executemany`` inserts, so a live
picture with thousands of tracks every two seconds writes in a few statements, and keeps
``tracks`` (first and last seen, latest state, identity) current with an upsert.

>>> recorder = TrackRecorder(engine)                 # doctest: +SKIP
>>> recorder.add(tracker.step(observations, now))    # doctest: +SKIP
>>> recorder.close()                                 # doctest: +SKIP
>>> with transaction(engine) as s:                   # doctest: +SKIP
...     history_rows(s, "T42")
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    Float,
    Index,
    Integer,
    String,
    delete,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from straitwatch.store.base import Base, JSONDoc
from straitwatch.store.observations import bulk_insert, db_json, db_time

__all__ = [
    "TrackRecorder",
    "TrackRow",
    "TrackUpdateRow",
    "UpdateLike",
    "delete_history_before",
    "history_rows",
    "list_tracks",
    "record_updates",
]

RowId = BigInteger().with_variant(Integer(), "sqlite")


class UpdateLike(Protocol):
    """What is stored of a track update (``TrackUpdate`` has all of it)."""

    @property
    def track_id(self) -> str: ...
    @property
    def time(self) -> datetime: ...
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...
    @property
    def speed_kn(self) -> float: ...
    @property
    def course_deg(self) -> float: ...
    @property
    def sigma_m(self) -> float: ...
    @property
    def status(self) -> str: ...
    @property
    def classification(self) -> str: ...
    @property
    def mmsi(self) -> int | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def sources(self) -> Sequence[str]: ...
    @property
    def flags(self) -> Sequence[str]: ...
    @property
    def persons_estimate(self) -> int | None: ...
    @property
    def first_seen(self) -> datetime | None: ...


_COLUMNS = (
    "track_id",
    "time",
    "lat",
    "lon",
    "speed_kn",
    "course_deg",
    "sigma_m",
    "status",
    "classification",
    "mmsi",
    "name",
    "sources",
    "flags",
    "persons_estimate",
)


class TrackUpdateRow(Base):
    """One update of one track (the ``TrackUpdate`` contract, flattened)."""

    __tablename__ = "track_updates"
    __table_args__ = (
        Index("ix_track_updates_track_time", "track_id", "time"),
        Index("ix_track_updates_time", "time"),
    )

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    track_id: Mapped[str] = mapped_column(String(64))
    time: Mapped[datetime]
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    speed_kn: Mapped[float] = mapped_column(Float)
    course_deg: Mapped[float] = mapped_column(Float)
    sigma_m: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16))
    classification: Mapped[str] = mapped_column(String(16))
    mmsi: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    name: Mapped[str | None] = mapped_column(String(64), nullable=True)
    sources: Mapped[list[str]] = mapped_column(JSONDoc)
    flags: Mapped[list[str]] = mapped_column(JSONDoc)
    persons_estimate: Mapped[int | None] = mapped_column(Integer, nullable=True)


class TrackRow(Base):
    """One track: when it was first and last seen, and its latest state and identity."""

    __tablename__ = "tracks"
    __table_args__ = (Index("ix_tracks_last_seen", "last_seen"), Index("ix_tracks_mmsi", "mmsi"))

    track_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    speed_kn: Mapped[float] = mapped_column(Float)
    course_deg: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16))
    classification: Mapped[str] = mapped_column(String(16))
    mmsi: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    name: Mapped[str | None] = mapped_column(String(64), nullable=True)
    sources: Mapped[list[str]] = mapped_column(JSONDoc)
    flags: Mapped[list[str]] = mapped_column(JSONDoc)


def record_updates(connection: Connection, updates: Sequence[UpdateLike]) -> int:
    """Append ``updates`` to the history and upsert each track's summary; returns rows
    written to the history. Runs in the caller's transaction."""
    if not updates:
        return 0
    dialect = connection.dialect.name
    when = db_time(dialect)
    rows = [
        (
            u.track_id,
            when(u.time),
            u.lat,
            u.lon,
            u.speed_kn,
            u.course_deg,
            u.sigma_m,
            str(u.status),
            str(u.classification),
            u.mmsi,
            u.name,
            db_json(list(u.sources)),
            db_json(list(u.flags)),
            u.persons_estimate,
        )
        for u in updates
    ]
    bulk_insert(connection, TrackUpdateRow.__table__, _COLUMNS, rows)  # type: ignore[arg-type]
    latest: dict[str, UpdateLike] = {}
    for u in updates:
        if u.track_id not in latest or u.time >= latest[u.track_id].time:
            latest[u.track_id] = u
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(TrackRow)
    keep_first = {"first_seen": TrackRow.__table__.c.first_seen}
    changing = {
        c: stmt.excluded[c]
        for c in (
            "last_seen",
            "lat",
            "lon",
            "speed_kn",
            "course_deg",
            "status",
            "classification",
            "mmsi",
            "name",
            "sources",
            "flags",
        )
    }
    summary = [
        {
            "track_id": u.track_id,
            "first_seen": u.first_seen or u.time,
            "last_seen": u.time,
            "lat": u.lat,
            "lon": u.lon,
            "speed_kn": u.speed_kn,
            "course_deg": u.course_deg,
            "status": str(u.status),
            "classification": str(u.classification),
            "mmsi": u.mmsi,
            "name": u.name,
            "sources": list(u.sources),
            "flags": list(u.flags),
        }
        for u in latest.values()
    ]
    connection.execute(
        stmt.on_conflict_do_update(
            index_elements=["track_id"],
            set_={**keep_first, **changing},
            where=TrackRow.__table__.c.last_seen <= stmt.excluded.last_seen,
        ),
        summary,
    )
    return len(rows)


def history_rows(
    session: Session,
    track_id: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
) -> list[TrackUpdateRow]:
    """The stored updates of one track, oldest first (empty if there are none)."""
    stmt = select(TrackUpdateRow).where(TrackUpdateRow.track_id == track_id)
    if since is not None:
        stmt = stmt.where(TrackUpdateRow.time >= since)
    if until is not None:
        stmt = stmt.where(TrackUpdateRow.time <= until)
    stmt = stmt.order_by(TrackUpdateRow.time, TrackUpdateRow.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.execute(stmt).scalars())


def list_tracks(
    session: Session,
    *,
    seen_since: datetime | None = None,
    classification: str | None = None,
    mmsi: int | None = None,
    limit: int = 1000,
) -> list[TrackRow]:
    """Track summaries, most recently seen first."""
    stmt = select(TrackRow)
    if seen_since is not None:
        stmt = stmt.where(TrackRow.last_seen >= seen_since)
    if classification is not None:
        stmt = stmt.where(TrackRow.classification == str(classification))
    if mmsi is not None:
        stmt = stmt.where(TrackRow.mmsi == mmsi)
    stmt = stmt.order_by(TrackRow.last_seen.desc(), TrackRow.track_id).limit(limit)
    return list(session.execute(stmt).scalars())


def delete_history_before(session: Session, before: datetime) -> int:
    """Drop history rows older than ``before`` (retention); summaries stay."""
    result = session.execute(delete(TrackUpdateRow).where(TrackUpdateRow.time < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


class TrackRecorder:
    """Writes a stream of track updates to the store in batches of ``batch_size``."""

    def __init__(self, engine: Engine, *, batch_size: int = 20_000) -> None:
        self.engine = engine
        self.batch_size = batch_size
        self.written = 0
        self._pending: list[UpdateLike] = []

    def add(self, updates: Iterable[UpdateLike]) -> None:
        self._pending.extend(updates)
        if len(self._pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Write what is pending, in one transaction."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        with self.engine.begin() as connection:
            self.written += record_updates(connection, pending)

    def close(self) -> int:
        """Flush and return the number of history rows written."""
        self.flush()
        return self.written
