# SPDX-License-Identifier: EUPL-1.2
"""network: recorded disruptions (arrests, seizures, frozen accounts against entities)

Revision ID: 0810
Revises: 0800
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import straitwatch.store.base

revision = "0810"
down_revision = "0800"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_UTC = straitwatch.store.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "network_disruptions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agency", sa.String(length=16), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("entity_ids", _JSON, nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", _UTC, nullable=False),
        sa.ForeignKeyConstraint(["agency"], ["agencies.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("network_disruptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_network_disruptions_agency"), ["agency"])
        batch_op.create_index(batch_op.f("ix_network_disruptions_occurred_on"), ["occurred_on"])


def downgrade() -> None:
    with op.batch_alter_table("network_disruptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_disruptions_occurred_on"))
        batch_op.drop_index(batch_op.f("ix_network_disruptions_agency"))
    op.drop_table("network_disruptions")
