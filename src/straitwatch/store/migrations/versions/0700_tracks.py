# SPDX-License-Identifier: EUPL-1.2
"""tracks: track update history and one summary row per track

Revision ID: 0700
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import straitwatch.store.base

revision = "0700"
down_revision = "0001"
branch_labels = ("tracks",)
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_UTC = straitwatch.store.base.UTCDateTime(timezone=True)
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "track_updates",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("track_id", sa.String(length=64), nullable=False),
        sa.Column("time", _UTC, nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("speed_kn", sa.Float(), nullable=False),
        sa.Column("course_deg", sa.Float(), nullable=False),
        sa.Column("sigma_m", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("classification", sa.String(length=16), nullable=False),
        sa.Column("mmsi", sa.BigInteger(), nullable=True),
        sa.Column("name", sa.String(length=64), nullable=True),
        sa.Column("sources", _JSON, nullable=False),
        sa.Column("flags", _JSON, nullable=False),
        sa.Column("persons_estimate", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_track_updates")),
    )
    op.create_index("ix_track_updates_track_time", "track_updates", ["track_id", "time"])
    op.create_index("ix_track_updates_time", "track_updates", ["time"])
    op.create_table(
        "tracks",
        sa.Column("track_id", sa.String(length=64), nullable=False),
        sa.Column("first_seen", _UTC, nullable=False),
        sa.Column("last_seen", _UTC, nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("speed_kn", sa.Float(), nullable=False),
        sa.Column("course_deg", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("classification", sa.String(length=16), nullable=False),
        sa.Column("mmsi", sa.BigInteger(), nullable=True),
        sa.Column("name", sa.String(length=64), nullable=True),
        sa.Column("sources", _JSON, nullable=False),
        sa.Column("flags", _JSON, nullable=False),
        sa.PrimaryKeyConstraint("track_id", name=op.f("pk_tracks")),
    )
    op.create_index("ix_tracks_last_seen", "tracks", ["last_seen"])
    op.create_index("ix_tracks_mmsi", "tracks", ["mmsi"])


def downgrade() -> None:
    op.drop_index("ix_tracks_mmsi", table_name="tracks")
    op.drop_index("ix_tracks_last_seen", table_name="tracks")
    op.drop_table("tracks")
    op.drop_index("ix_track_updates_time", table_name="track_updates")
    op.drop_index("ix_track_updates_track_time", table_name="track_updates")
    op.drop_table("track_updates")
