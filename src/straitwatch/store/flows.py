# SPDX-License-Identifier: EUPL-1.2
"""Tables for crossing flows: the published aggregate series and the loads that brought them.

Everything here is aggregate, published data (no personal data). Each row remembers the
load that last wrote it; :class:`FlowsRevisionRow` keeps every value a later workbook
changed (the Home Office revises provisional figures and marks the days "Revised").

Dates are calendar dates (``Date`` columns): the series count arrivals per UK day, not
per instant, so there is no time zone to carry.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from straitwatch.store.base import Base, JSONDoc, utcnow

__all__ = [
    "FlowsDailyRow",
    "FlowsLoadRow",
    "FlowsRevisionRow",
    "FlowsWeeklyRow",
    "FrontexDetectionRow",
    "IomIncidentRow",
    "IrregularArrivalRow",
    "ReferenceFigureRow",
]


class FlowsLoadRow(Base):
    """One file loaded: who, when, which source, its checksum and what changed."""

    __tablename__ = "flows_loads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    source_kind: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer)
    detail: Mapped[dict[str, object]] = mapped_column(JSONDoc, default=dict)


class FlowsDailyRow(Base):
    """Home Office sheet SB_01: people and boats detected arriving, per day."""

    __tablename__ = "flows_daily"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    migrants_arrived: Mapped[int] = mapped_column(Integer)
    boats_arrived: Mapped[int] = mapped_column(Integer)
    boats_uncontrolled: Mapped[int | None] = mapped_column(Integer, nullable=True)
    marked_revised: Mapped[bool] = mapped_column(Boolean, default=False)
    load_id: Mapped[int] = mapped_column(ForeignKey("flows_loads.id"))


class FlowsWeeklyRow(Base):
    """Home Office sheet SB_02: weekly arrivals and French prevention estimates (May 2024 on)."""

    __tablename__ = "flows_weekly"

    week_ending: Mapped[date] = mapped_column(Date, primary_key=True)
    migrants_arrived: Mapped[int] = mapped_column(Integer)
    boats_arrived: Mapped[int] = mapped_column(Integer)
    boats_uncontrolled: Mapped[int | None] = mapped_column(Integer, nullable=True)
    migrants_prevented: Mapped[int | None] = mapped_column(Integer, nullable=True)
    events_prevented: Mapped[int | None] = mapped_column(Integer, nullable=True)
    marked_revised: Mapped[bool] = mapped_column(Boolean, default=False)
    load_id: Mapped[int] = mapped_column(ForeignKey("flows_loads.id"))


class FlowsRevisionRow(Base):
    """One figure a later load changed: which series, day, field, old and new value."""

    __tablename__ = "flows_revisions"
    __table_args__ = (Index("ix_flows_revisions_period", "series", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    load_id: Mapped[int] = mapped_column(ForeignKey("flows_loads.id"))
    series: Mapped[str] = mapped_column(String(16))
    period: Mapped[date] = mapped_column(Date)
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[int | None] = mapped_column(Integer, nullable=True)
    new_value: Mapped[int | None] = mapped_column(Integer, nullable=True)
    marked_revised: Mapped[bool] = mapped_column(Boolean, default=False)


class FrontexDetectionRow(Base):
    """Frontex monthly detections of illegal border-crossings by route and nationality."""

    __tablename__ = "flows_frontex"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    route: Mapped[str] = mapped_column(String(64), primary_key=True)
    crossing_type: Mapped[str] = mapped_column(String(8), primary_key=True)
    nationality_iso3: Mapped[str] = mapped_column(String(3), primary_key=True)
    detections: Mapped[int] = mapped_column(Integer)


class IomIncidentRow(Base):
    """IOM Missing Migrants incidents in the Channel area box (49.8-51.6 N, 0.0-2.8 E)."""

    __tablename__ = "flows_iom_incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_date: Mapped[date] = mapped_column(Date, index=True)
    incident_type: Mapped[str] = mapped_column(String(32))
    country_iso3: Mapped[str] = mapped_column(String(3))
    dead_and_missing: Mapped[int] = mapped_column(Integer)
    survivors: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cause: Mapped[str] = mapped_column(String(200))
    origin_iso3: Mapped[str] = mapped_column(String(200))
    location: Mapped[str] = mapped_column(Text)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    channel_crossing: Mapped[bool] = mapped_column(Boolean)


class IrregularArrivalRow(Base):
    """Home Office Irr_D01: detected irregular arrivals per quarter, method and nationality."""

    __tablename__ = "flows_irregular_arrivals"

    quarter_end: Mapped[date] = mapped_column(Date, primary_key=True)
    method: Mapped[str] = mapped_column(String(64), primary_key=True)
    nationality: Mapped[str] = mapped_column(String(100), primary_key=True)
    region: Mapped[str] = mapped_column(String(64), primary_key=True)
    sex: Mapped[str] = mapped_column(String(32), primary_key=True)
    age_group: Mapped[str] = mapped_column(String(32), primary_key=True)
    detections: Mapped[int] = mapped_column(Integer)


class ReferenceFigureRow(Base):
    """A figure quoted from a published document, with its source (for briefings)."""

    __tablename__ = "flows_reference_figures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    topic: Mapped[str] = mapped_column(String(32))
    metric: Mapped[str] = mapped_column(Text)
    period: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(String(64))
    unit: Mapped[str] = mapped_column(String(64))
    publisher: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text)
