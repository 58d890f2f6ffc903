# SPDX-License-Identifier: EUPL-1.2
"""Tables for sensor ingest: observations, vessel identities (per MMSI), non-vessel AIS
reports, and the dead-letter table of refused input; plus the bulk writes and the
dead-letter queries the ingest code needs.

Observations arrive by the million, so :func:`bulk_insert` hands prepared tuples to the
driver's ``executemany`` in one statement per batch (no per-row ORM objects);
:func:`db_epoch`, :func:`db_time` and :func:`db_json` prepare the values for the dialect
in use. Observation and report times are :class:`EpochTime` (UNIX seconds on SQLite).
"""

from __future__ import annotations

import json
import marshal
import math
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from hashlib import blake2b
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Connection,
    DateTime,
    Float,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    Text,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine

from straitwatch.store.base import Base, JSONDoc

__all__ = [
    "AisReportRow",
    "DeadLetterRow",
    "EpochTime",
    "ObservationRow",
    "VesselIdentityRow",
    "bulk_insert",
    "content_key",
    "db_epoch",
    "db_json",
    "db_time",
    "dead_letters",
    "mark_replayed",
    "upsert_identities",
]

RowId = BigInteger().with_variant(Integer(), "sqlite")
"""64-bit ids; SQLite needs INTEGER for an auto-incrementing rowid alias."""


class EpochTime(TypeDecorator[datetime]):
    """An instant as UNIX seconds (REAL) on SQLite and ``timestamptz`` on PostgreSQL, read
    back timezone-aware UTC. For the million-row tables: a REAL key is a third the size of
    SQLite's datetime text, compares faster in the index, and costs nothing to format."""

    impl = Float
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Float())
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.timestamp() if dialect.name == "sqlite" else value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return datetime.fromtimestamp(float(value), UTC)


class ObservationRow(Base):
    """One stored observation (the ``Observation`` contract, flattened)."""

    __tablename__ = "observations"
    # Time only: a second (MMSI, time) index costs a fifth of the ingest rate, and a
    # vessel's history is read from its track; an MMSI filter within a time range is cheap.
    __table_args__ = (
        Index("ix_observations_time", "time"),
        Index("uq_observations_content_key", "content_key", unique=True),
    )

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    time: Mapped[datetime] = mapped_column(EpochTime())
    sensor_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    sigma_m: Mapped[float] = mapped_column(Float)
    speed_kn: Mapped[float | None] = mapped_column(Float, nullable=True)
    course_deg: Mapped[float | None] = mapped_column(Float, nullable=True)
    heading_deg: Mapped[float | None] = mapped_column(Float, nullable=True)
    mmsi: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    message_type: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    nav_status: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    attributes: Mapped[dict[str, Any] | None] = mapped_column(JSONDoc, nullable=True)
    """Sighting and plot extras; AIS message type and status have their own columns."""
    content_key: Mapped[bytes | None] = mapped_column(LargeBinary(16), nullable=True)
    """Digest of the row's content (:func:`content_key`): a record read twice is stored
    once (NULL for rows stored before keys existed)."""


class VesselIdentityRow(Base):
    """What each MMSI says it is (AIS types 5, 19, 24; decoded CSV), merged over time."""

    __tablename__ = "vessel_identities"

    mmsi: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    imo: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    call_sign: Mapped[str | None] = mapped_column(String(16), nullable=True)
    name: Mapped[str | None] = mapped_column(String(64), nullable=True)
    ship_type: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    length_m: Mapped[float | None] = mapped_column(Float, nullable=True)
    updated_at: Mapped[datetime]
    sensor_id: Mapped[str] = mapped_column(String(64))


class AisReportRow(Base):
    """An AIS message recorded but not a vessel fix (aids to navigation, base stations...)."""

    __tablename__ = "ais_reports"
    __table_args__ = (
        Index("ix_ais_reports_time", "time"),
        Index("uq_ais_reports_content_key", "content_key", unique=True),
    )

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    time: Mapped[datetime] = mapped_column(EpochTime())
    sensor_id: Mapped[str] = mapped_column(String(64))
    mmsi: Mapped[int] = mapped_column(BigInteger)
    message_type: Mapped[int] = mapped_column(SmallInteger)
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    fields: Mapped[dict[str, Any]] = mapped_column(JSONDoc)
    content_key: Mapped[bytes | None] = mapped_column(LargeBinary(16), nullable=True)


class DeadLetterRow(Base):
    """One refused input record: why, from where, and the raw text to replay it."""

    __tablename__ = "dead_letters"
    __table_args__ = (
        Index("ix_dead_letters_reason", "reason"),
        Index("ix_dead_letters_replayed", "replayed"),
        Index("uq_dead_letters_content_key", "content_key", unique=True),
    )

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    refused_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    feed: Mapped[str] = mapped_column(String(255))
    line_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    format: Mapped[str] = mapped_column(String(16))
    raw: Mapped[str] = mapped_column(Text)
    context: Mapped[str | None] = mapped_column(Text, nullable=True)
    """What replay needs besides ``raw`` (a CSV file's header)."""
    record_time: Mapped[datetime | None] = mapped_column(nullable=True)
    replayed: Mapped[bool] = mapped_column(Boolean, default=False)
    replayed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    content_key: Mapped[bytes | None] = mapped_column(LargeBinary(16), nullable=True)
    """The same refusal of the same input (reason, format, raw text, context) is kept once."""


def db_epoch(dialect: str) -> Callable[[datetime], Any]:
    """A function turning an aware datetime into what the driver stores for an
    :class:`EpochTime` column: UNIX seconds on SQLite, the value elsewhere."""
    if dialect != "sqlite":
        return lambda t: t
    return datetime.timestamp


def db_time(dialect: str) -> Callable[[datetime | None], Any]:
    """A function turning an aware datetime into what the driver stores for a
    ``UTCDateTime`` column: SQLAlchemy's naive-UTC text on SQLite, the value elsewhere."""
    if dialect != "sqlite":
        return lambda t: t

    def sqlite_time(t: datetime | None) -> str | None:
        if t is None:
            return None
        if t.tzinfo is not UTC:
            t = t.astimezone(UTC)
        # "YYYY-MM-DD HH:MM:SS.ffffff+00:00" less its offset: what SQLAlchemy stores for a
        # naive UTC time, without the cost of replace() on a million rows.
        return t.isoformat(" ", "microseconds")[:26]

    return sqlite_time


_JSON = json.JSONEncoder(ensure_ascii=False, allow_nan=False, default=str)


def db_json(value: Any) -> str | None:
    """A JSON document as text (both SQLite and PostgreSQL's jsonb accept it); NaN and
    infinities, which JSON cannot hold, become null."""
    if value is None:
        return None
    try:
        return _JSON.encode(value)
    except ValueError:
        return _JSON.encode(_finite(value))


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def content_key(values: tuple[Any, ...]) -> bytes:
    """A 128-bit digest of a row's values (floats, ints, text, ``None``), the same in every
    process and Python version (marshal format 2 has no object references), so the store
    can refuse a row it already holds:

    >>> content_key((1724299800.5, "rx-dover", 235000001)).hex()[:8]
    'cc2ae409'
    """
    return blake2b(marshal.dumps(values, 2), digest_size=16).digest()


def bulk_insert(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    rows: list[tuple[Any, ...]],
    *,
    skip_existing: bool = False,
) -> int:
    """Insert prepared rows (values already converted with :func:`db_time` /
    :func:`db_json`) with one ``executemany``; return how many were inserted. With
    ``skip_existing`` a row whose unique key (``content_key``) is already stored is left
    out (``ON CONFLICT DO NOTHING``, SQLite and PostgreSQL alike)."""
    if not rows:
        return 0
    style = connection.dialect.paramstyle
    marker = "?" if style == "qmark" else "%s"
    if style not in ("qmark", "format", "pyformat"):
        raise NotImplementedError(f"bulk_insert does not know paramstyle {style}")
    quote = connection.dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(marker for _ in columns)})"
    )
    if skip_existing:
        sql += " ON CONFLICT DO NOTHING"
    result = connection.exec_driver_sql(sql, rows)
    return len(rows) if result.rowcount < 0 else result.rowcount


def upsert_identities(session: Session, identities: Sequence[dict[str, Any]]) -> None:
    """Insert or merge identities: a field left ``None`` keeps the stored value."""
    if not identities:
        return
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(VesselIdentityRow)
    table = VesselIdentityRow.__table__
    merged: dict[str, Any] = {
        name: func.coalesce(stmt.excluded[name], table.c[name])
        for name in ("imo", "call_sign", "name", "ship_type", "length_m")
    }
    merged["updated_at"] = stmt.excluded.updated_at
    merged["sensor_id"] = stmt.excluded.sensor_id
    session.execute(stmt.on_conflict_do_update(index_elements=["mmsi"], set_=merged), identities)


def dead_letters(
    session: Session,
    *,
    reason: str | None = None,
    replayed: bool | None = None,
    exclude: Sequence[str] = (),
    limit: int | None = None,
) -> list[DeadLetterRow]:
    """Dead letters, oldest first, filtered by reason and replayed state."""
    stmt = select(DeadLetterRow).order_by(DeadLetterRow.id)
    if reason is not None:
        stmt = stmt.where(DeadLetterRow.reason == reason)
    if exclude:
        stmt = stmt.where(DeadLetterRow.reason.not_in(exclude))
    if replayed is not None:
        stmt = stmt.where(DeadLetterRow.replayed == replayed)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.execute(stmt).scalars())


def mark_replayed(session: Session, ids: Sequence[int], when: datetime) -> None:
    """Mark dead letters whose replay was accepted."""
    if ids:
        session.execute(
            update(DeadLetterRow)
            .where(DeadLetterRow.id.in_(ids))
            .values(replayed=True, replayed_at=when)
        )
