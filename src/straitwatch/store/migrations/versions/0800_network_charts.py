# SPDX-License-Identifier: EUPL-1.2
"""network: saved link charts (entity ids, positions, agencies shared with)

Revision ID: 0800
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import straitwatch.store.base

revision = "0800"
down_revision = "0001"
branch_labels = ("network",)
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_UTC = straitwatch.store.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "network_charts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("agency", sa.String(length=16), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("entity_ids", _JSON, nullable=False),
        sa.Column("positions", _JSON, nullable=False),
        sa.Column("shared_with", _JSON, nullable=False),
        sa.Column("created_at", _UTC, nullable=False),
        sa.Column("updated_at", _UTC, nullable=False),
        sa.ForeignKeyConstraint(["agency"], ["agencies.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("network_charts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_network_charts_agency"), ["agency"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("network_charts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_charts_agency"))
    op.drop_table("network_charts")
