# SPDX-License-Identifier: EUPL-1.2
"""Tables for intelligence: reports (graded as given), attachments, disseminations,
permission requests, FtM entities with per-value provenance, and their links to reports.

Full-text search uses an FTS5 table ``intel_fts`` on SQLite (created by migration 0400,
not declared here because SQLAlchemy has no FTS5 type) and ``to_tsvector`` with GIN
indexes on PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from straitwatch.store.base import Base, JSONDoc, utcnow

__all__ = [
    "AttachmentRow",
    "DisseminationRow",
    "EntityReportRow",
    "EntityRow",
    "EntityValueRow",
    "NoticeRow",
    "PermissionRequestRow",
    "ReportRow",
]


class ReportRow(Base):
    __tablename__ = "intel_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    event_time: Mapped[datetime]
    location: Mapped[str | None] = mapped_column(String(300), nullable=True)
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    subjects: Mapped[list[str]] = mapped_column(JSONDoc, default=list)
    provider_agency: Mapped[str] = mapped_column(ForeignKey("agencies.code"), index=True)
    author: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(300))
    legal_basis: Mapped[str] = mapped_column(String(300))
    grade_scale: Mapped[str] = mapped_column(String(32))
    grade_source: Mapped[str] = mapped_column(String(4))
    grade_information: Mapped[str] = mapped_column(String(4))
    grade_sort: Mapped[int] = mapped_column(Integer, index=True)
    handling_scale: Mapped[str] = mapped_column(String(32))
    handling_code: Mapped[str] = mapped_column(String(4))
    handling_conditions: Mapped[str | None] = mapped_column(Text, nullable=True)
    review_date: Mapped[date] = mapped_column(Date, index=True)
    retention_until: Mapped[date] = mapped_column(Date, index=True)
    retention_extended_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    retention_extension_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AttachmentRow(Base):
    __tablename__ = "intel_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("intel_reports.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class DisseminationRow(Base):
    """One report made visible to one agency (``granted``), or waiting for the provider."""

    __tablename__ = "intel_disseminations"
    __table_args__ = (Index("ix_intel_disseminations_pair", "report_id", "to_agency"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("intel_reports.id", ondelete="CASCADE"))
    to_agency: Mapped[str] = mapped_column(ForeignKey("agencies.code"), index=True)
    by_actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16))  # granted | pending | refused
    conditions: Mapped[str | None] = mapped_column(Text, nullable=True)
    acknowledged_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(nullable=True)
    recalled_at: Mapped[datetime | None] = mapped_column(nullable=True)
    """Set when the provider withdrew the report from this agency (migration 0410)."""
    recalled_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    recall_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class PermissionRequestRow(Base):
    __tablename__ = "intel_permission_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("intel_reports.id", ondelete="CASCADE"), index=True
    )
    provider_agency: Mapped[str] = mapped_column(ForeignKey("agencies.code"), index=True)
    requested_by: Mapped[str] = mapped_column(String(64))
    requester_agency: Mapped[str] = mapped_column(String(16))
    to_agencies: Mapped[list[str]] = mapped_column(JSONDoc)
    status: Mapped[str] = mapped_column(String(16), index=True)  # pending|approved|refused
    purpose: Mapped[str | None] = mapped_column(String(300), nullable=True)
    """The purpose the requester gave, recorded on the disclosure once approved (0410)."""
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EntityRow(Base):
    """An FtM entity; ``provenance`` lists, per property value, its report and agency."""

    __tablename__ = "intel_entities"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    schema: Mapped[str] = mapped_column(String(64), index=True)
    caption: Mapped[str] = mapped_column(String(300))
    properties: Mapped[dict[str, list[str]]] = mapped_column(JSONDoc)
    provenance: Mapped[list[dict[str, Any]]] = mapped_column(JSONDoc, default=list)
    owner_agency: Mapped[str] = mapped_column(ForeignKey("agencies.code"), index=True)
    handling_scale: Mapped[str | None] = mapped_column(String(32), nullable=True)
    handling_code: Mapped[str | None] = mapped_column(String(4), nullable=True)
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class EntityValueRow(Base):
    """One property value of an entity with its provenance: the report it was drawn from
    (``None`` when an agency holds it without a report) and the agency that entered it.
    What an actor sees of an entity is computed from these rows only (migration 0410)."""

    __tablename__ = "intel_entity_values"
    __table_args__ = (Index("ix_intel_entity_values_entity", "entity_id", "report_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[str] = mapped_column(ForeignKey("intel_entities.id", ondelete="CASCADE"))
    schema: Mapped[str] = mapped_column(String(64))
    prop: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(String(1000))
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("intel_reports.id", ondelete="CASCADE"), nullable=True, index=True
    )
    agency: Mapped[str] = mapped_column(String(16), index=True)


class NoticeRow(Base):
    """A notice to an agency about a report it received (``recalled``): the recipients'
    inbox. Kept when the report is erased (no foreign key)."""

    __tablename__ = "intel_notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency: Mapped[str] = mapped_column(String(16), index=True)
    report_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    by_actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class EntityReportRow(Base):
    __tablename__ = "intel_entity_reports"

    entity_id: Mapped[str] = mapped_column(
        ForeignKey("intel_entities.id", ondelete="CASCADE"), primary_key=True
    )
    report_id: Mapped[int] = mapped_column(
        ForeignKey("intel_reports.id", ondelete="CASCADE"), primary_key=True, index=True
    )
