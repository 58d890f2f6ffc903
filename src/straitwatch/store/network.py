"""Saved link charts: the entities an analyst charted, where they placed them, and the
agencies the chart is shared with. A chart holds ids, never values: opened, it is drawn
again from what the viewer may see."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from straitwatch.store.base import Base, JSONDoc, utcnow

__all__ = ["ChartRow"]


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
