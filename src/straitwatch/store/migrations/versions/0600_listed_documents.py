# SPDX-License-Identifier: EUPL-1.2
"""documents: the lost, stolen and revoked document list (hashed numbers)

Revision ID: 0600
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import straitwatch.store.base

revision = "0600"
down_revision = "0001"
branch_labels = ("documents",)
depends_on = None

_UTC = straitwatch.store.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "listed_documents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("issuing_state", sa.String(length=3), nullable=False),
        sa.Column("number_sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", _UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listed_documents")),
    )
    op.create_index(
        "ix_listed_documents_lookup",
        "listed_documents",
        ["issuing_state", "number_sha256"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("ix_listed_documents_lookup", table_name="listed_documents")
    op.drop_table("listed_documents")
