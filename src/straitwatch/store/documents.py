# SPDX-License-Identifier: EUPL-1.2
"""The lost, stolen and revoked travel-document list held here: numbers kept only as
hashes with their issuing state (see :mod:`straitwatch.documents.listed`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from straitwatch.store.base import Base, utcnow

__all__ = ["ListedDocumentRow"]


class ListedDocumentRow(Base):
    """One document reported lost, stolen or revoked, by whom, and when it was entered."""

    __tablename__ = "listed_documents"
    __table_args__ = (
        Index("ix_listed_documents_lookup", "issuing_state", "number_sha256", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    issuing_state: Mapped[str] = mapped_column(String(3))
    number_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
