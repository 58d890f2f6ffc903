# SPDX-License-Identifier: EUPL-1.2
"""Tables of entity resolution: which person each record is, the review queue, the changes.

``link_clusters`` holds each linked record's current cluster (person); ``link_reviews`` the
borderline pairs waiting for an analyst; ``link_changes`` every automatic or human
combination (merge, split, accepted or rejected review) with the clusters before and after,
so that each can be undone (DPA 2018 s.62: combinations are logged and reversible).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from straitwatch.store.base import Base, JSONDoc, utcnow

__all__ = [
    "LinkChangeRow",
    "LinkClusterRow",
    "LinkHitRow",
    "LinkHitSettingRow",
    "LinkReviewRow",
]


class LinkClusterRow(Base):
    """One linked record and the cluster (person) it is in now."""

    __tablename__ = "link_clusters"

    record_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    agency: Mapped[str] = mapped_column(String(16), index=True)
    held_by: Mapped[str] = mapped_column(String(16), index=True, server_default="")
    """The agency that stored the record (it had the file): who may see and review it."""
    cluster_id: Mapped[str] = mapped_column(String(128), index=True)
    label: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class LinkReviewRow(Base):
    """A borderline pair for an analyst: its score, its evidence, and the decision."""

    __tablename__ = "link_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id_l: Mapped[str] = mapped_column(String(128), index=True)
    record_id_r: Mapped[str] = mapped_column(String(128), index=True)
    match_probability: Mapped[float] = mapped_column(Float)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSONDoc)
    status: Mapped[str] = mapped_column(String(16), index=True)  # open|accepted|rejected
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LinkChangeRow(Base):
    """One combination: the clusters of the records it touched, before and after."""

    __tablename__ = "link_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # run|merge|split|accept|reject|undo
    actor: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    before: Mapped[dict[str, str]] = mapped_column(JSONDoc)
    after: Mapped[dict[str, str]] = mapped_column(JSONDoc)
    undone_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LinkHitRow(Base):
    """A hit/no-hit answer: an agency's screening matched an entity another agency holds.

    The querying side learns only the holder agency and this id (to ask for the report
    through the permission flow); the holder is told of the hit when its setting says so.
    """

    __tablename__ = "link_hits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    querying_agency: Mapped[str] = mapped_column(String(16), index=True)
    queried_by: Mapped[str] = mapped_column(String(64))
    holder_agency: Mapped[str] = mapped_column(String(16), index=True)
    entity_id: Mapped[str] = mapped_column(String(128))
    report_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    score: Mapped[float] = mapped_column(Float)
    request_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LinkHitSettingRow(Base):
    """Per holder agency and handling code: whether hits are disclosed, and notified."""

    __tablename__ = "link_hit_settings"

    agency: Mapped[str] = mapped_column(String(16), primary_key=True)
    handling_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    disclose: Mapped[bool] = mapped_column(Boolean)
    notify: Mapped[bool] = mapped_column(Boolean)
