# SPDX-License-Identifier: EUPL-1.2
"""linkage: linked records and their clusters, the review queue, the combinations log,
hit/no-hit answers and the holders' hit settings

Revision ID: 0500
Revises: 0400
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import straitwatch.store.base

revision = "0500"
down_revision = "0400"
branch_labels = ("linkage",)
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_UTC = straitwatch.store.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "link_clusters",
        sa.Column("record_id", sa.String(length=128), nullable=False),
        sa.Column("agency", sa.String(length=16), nullable=False),
        sa.Column("cluster_id", sa.String(length=128), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("updated_at", _UTC, nullable=False),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_link_clusters")),
    )
    op.create_index(op.f("ix_link_clusters_agency"), "link_clusters", ["agency"])
    op.create_index(op.f("ix_link_clusters_cluster_id"), "link_clusters", ["cluster_id"])
    op.create_table(
        "link_reviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("record_id_l", sa.String(length=128), nullable=False),
        sa.Column("record_id_r", sa.String(length=128), nullable=False),
        sa.Column("match_probability", sa.Float(), nullable=False),
        sa.Column("evidence", _JSON, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", _UTC, nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", _UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_reviews")),
    )
    op.create_index(op.f("ix_link_reviews_record_id_l"), "link_reviews", ["record_id_l"])
    op.create_index(op.f("ix_link_reviews_record_id_r"), "link_reviews", ["record_id_r"])
    op.create_index(op.f("ix_link_reviews_status"), "link_reviews", ["status"])
    op.create_table(
        "link_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("before", _JSON, nullable=False),
        sa.Column("after", _JSON, nullable=False),
        sa.Column("undone_by", sa.Integer(), nullable=True),
        sa.Column("created_at", _UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_changes")),
    )
    op.create_table(
        "link_hits",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("querying_agency", sa.String(length=16), nullable=False),
        sa.Column("queried_by", sa.String(length=64), nullable=False),
        sa.Column("holder_agency", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.String(length=128), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_hits")),
    )
    op.create_index(op.f("ix_link_hits_holder_agency"), "link_hits", ["holder_agency"])
    op.create_index(op.f("ix_link_hits_querying_agency"), "link_hits", ["querying_agency"])
    op.create_table(
        "link_hit_settings",
        sa.Column("agency", sa.String(length=16), nullable=False),
        sa.Column("handling_code", sa.String(length=8), nullable=False),
        sa.Column("disclose", sa.Boolean(), nullable=False),
        sa.Column("notify", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("agency", "handling_code", name=op.f("pk_link_hit_settings")),
    )


def downgrade() -> None:
    op.drop_table("link_hit_settings")
    op.drop_index(op.f("ix_link_hits_querying_agency"), table_name="link_hits")
    op.drop_index(op.f("ix_link_hits_holder_agency"), table_name="link_hits")
    op.drop_table("link_hits")
    op.drop_table("link_changes")
    op.drop_index(op.f("ix_link_reviews_status"), table_name="link_reviews")
    op.drop_index(op.f("ix_link_reviews_record_id_r"), table_name="link_reviews")
    op.drop_index(op.f("ix_link_reviews_record_id_l"), table_name="link_reviews")
    op.drop_table("link_reviews")
    op.drop_index(op.f("ix_link_clusters_cluster_id"), table_name="link_clusters")
    op.drop_index(op.f("ix_link_clusters_agency"), table_name="link_clusters")
    op.drop_table("link_clusters")
