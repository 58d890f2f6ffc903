# SPDX-License-Identifier: EUPL-1.2
"""sensors: observations, vessel identities, AIS reports, dead letters

Revision ID: 0100
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import straitwatch.store.base
import straitwatch.store.observations

revision = "0100"
down_revision = "0001"
branch_labels = ("sensors",)
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_UTC = straitwatch.store.base.UTCDateTime(timezone=True)
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_EPOCH = straitwatch.store.observations.EpochTime()


def upgrade() -> None:
    op.create_table(
        "observations",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("time", _EPOCH, nullable=False),
        sa.Column("sensor_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("sigma_m", sa.Float(), nullable=False),
        sa.Column("speed_kn", sa.Float(), nullable=True),
        sa.Column("course_deg", sa.Float(), nullable=True),
        sa.Column("heading_deg", sa.Float(), nullable=True),
        sa.Column("mmsi", sa.BigInteger(), nullable=True),
        sa.Column("message_type", sa.SmallInteger(), nullable=True),
        sa.Column("nav_status", sa.SmallInteger(), nullable=True),
        sa.Column("attributes", _JSON, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observations")),
    )
    op.create_index("ix_observations_time", "observations", ["time"])
    op.create_table(
        "vessel_identities",
        sa.Column("mmsi", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("imo", sa.BigInteger(), nullable=True),
        sa.Column("call_sign", sa.String(length=16), nullable=True),
        sa.Column("name", sa.String(length=64), nullable=True),
        sa.Column("ship_type", sa.SmallInteger(), nullable=True),
        sa.Column("length_m", sa.Float(), nullable=True),
        sa.Column("updated_at", _UTC, nullable=False),
        sa.Column("sensor_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("mmsi", name=op.f("pk_vessel_identities")),
    )
    op.create_table(
        "ais_reports",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("time", _EPOCH, nullable=False),
        sa.Column("sensor_id", sa.String(length=64), nullable=False),
        sa.Column("mmsi", sa.BigInteger(), nullable=False),
        sa.Column("message_type", sa.SmallInteger(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("fields", _JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ais_reports")),
    )
    op.create_index("ix_ais_reports_time", "ais_reports", ["time"])
    op.create_table(
        "dead_letters",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("refused_at", _UTC, nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("feed", sa.String(length=255), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=True),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("context", sa.Text(), nullable=True),
        sa.Column("record_time", _UTC, nullable=True),
        sa.Column("replayed", sa.Boolean(), nullable=False),
        sa.Column("replayed_at", _UTC, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dead_letters")),
    )
    op.create_index("ix_dead_letters_reason", "dead_letters", ["reason"])
    op.create_index("ix_dead_letters_replayed", "dead_letters", ["replayed"])


def downgrade() -> None:
    op.drop_index("ix_dead_letters_replayed", table_name="dead_letters")
    op.drop_index("ix_dead_letters_reason", table_name="dead_letters")
    op.drop_table("dead_letters")
    op.drop_index("ix_ais_reports_time", table_name="ais_reports")
    op.drop_table("ais_reports")
    op.drop_table("vessel_identities")
    op.drop_index("ix_observations_time", table_name="observations")
    op.drop_table("observations")
