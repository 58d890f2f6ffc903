# SPDX-License-Identifier: EUPL-1.2
"""Saved link charts (the entities an analyst charted, where they placed them, and the
agencies the chart is shared with) and recorded disruptions (an arrest, a seizure, a
frozen account against entities of a network). Both hold ids, never values: shown, they
are drawn again from what the viewer may see."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from straitwatch.store.base import Base, JSONDoc, utcnow

__all__ = ["ChartRow", "DisruptionRow"]


class ChartRow(Base):
    __tablename__ = "network_charts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(64))
    agency: Mapped[str] = mapped_column(ForeignKey("agencies.code"), index=True)
    purpose: Mapped[str] = mapped_column(String(300))
    entity_ids: Mapped[list[str]] = mapped_column(JSONDoc)
    positions: Mapped[dict[str, list[float]]] = mapped_column(JSONDoc)
    shared_with: Mapped[list[str]] = mapped_column(JSONDoc)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class DisruptionRow(Base):
    __tablename__ = "network_disruptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency: Mapped[str] = mapped_column(ForeignKey("agencies.code"), index=True)
    recorded_by: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32))
    occurred_on: Mapped[date] = mapped_column(Date, index=True)
    entity_ids: Mapped[list[str]] = mapped_column(JSONDoc)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
