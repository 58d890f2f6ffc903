# SPDX-License-Identifier: EUPL-1.2
"""alerts: raised alerts and their lifecycle

Revision ID: 0300
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import straitwatch.store.base

revision = "0300"
down_revision = "0001"
branch_labels = ("alerts",)
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_UTC = straitwatch.store.base.UTCDateTime(timezone=True)
_OPEN = "state <> 'resolved'"


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("alert_id", sa.String(length=32), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("time", _UTC, nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("track_id", sa.String(length=64), nullable=True),
        sa.Column("routed_to", _JSON, nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("detail", _JSON, nullable=False),
        sa.Column("created_at", _UTC, nullable=False),
        sa.Column("updated_at", _UTC, nullable=False),
        sa.Column("acknowledged_at", _UTC, nullable=True),
        sa.Column("acknowledged_by", sa.String(length=64), nullable=True),
        sa.Column("assigned_at", _UTC, nullable=True),
        sa.Column("assigned_by", sa.String(length=64), nullable=True),
        sa.Column("assigned_unit", sa.String(length=128), nullable=True),
        sa.Column("resolved_at", _UTC, nullable=True),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("escalated_at", _UTC, nullable=True),
        sa.PrimaryKeyConstraint("alert_id", name=op.f("pk_alerts")),
    )
    op.create_index("ix_alerts_time", "alerts", ["time"])
    op.create_index("ix_alerts_state_type", "alerts", ["state", "type"])
    op.create_index(
        "uq_alerts_open_track_type",
        "alerts",
        ["track_id", "type"],
        unique=True,
        sqlite_where=sa.text(_OPEN),
        postgresql_where=sa.text(_OPEN),
    )


def downgrade() -> None:
    op.drop_index("uq_alerts_open_track_type", table_name="alerts")
    op.drop_index("ix_alerts_state_type", table_name="alerts")
    op.drop_index("ix_alerts_time", table_name="alerts")
    op.drop_table("alerts")
