# SPDX-License-Identifier: EUPL-1.2
"""The alerts table: every alert raised, with its lifecycle state.

One row per alert; its changes (acknowledged, assigned, resolved, escalated) are written
on the row and, with who did them, in the audit log. A partial unique index keeps one
open alert per track and type on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from straitwatch.store.base import Base, JSONDoc, utcnow

__all__ = ["AlertRow"]

_OPEN = "state <> 'resolved'"


class AlertRow(Base):
    __tablename__ = "alerts"
    __table_args__ = (
        Index("ix_alerts_time", "time"),
        Index("ix_alerts_state_type", "state", "type"),
        Index(
            "uq_alerts_open_track_type",
            "track_id",
            "type",
            unique=True,
            sqlite_where=text(_OPEN),
            postgresql_where=text(_OPEN),
        ),
    )

    alert_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    type: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), default="new")
    severity: Mapped[str] = mapped_column(String(16))
    time: Mapped[datetime]
    """When the alert was raised (the time of the track update or sighting)."""
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    track_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    routed_to: Mapped[list[str]] = mapped_column(JSONDoc, default=list)
    summary: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict[str, object]] = mapped_column(JSONDoc, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(nullable=True)
    acknowledged_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    assigned_at: Mapped[datetime | None] = mapped_column(nullable=True)
    assigned_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    assigned_unit: Mapped[str | None] = mapped_column(String(128), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    escalated_at: Mapped[datetime | None] = mapped_column(nullable=True)
