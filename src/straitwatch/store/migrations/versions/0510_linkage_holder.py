# SPDX-License-Identifier: EUPL-1.2
"""linkage: the agency that holds each linked record (the need-to-know of the review queue)

Revision ID: 0510
Revises: 0500
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0510"
down_revision = "0500"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("link_clusters", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("held_by", sa.String(length=16), nullable=False, server_default="")
        )
        batch_op.create_index(batch_op.f("ix_link_clusters_held_by"), ["held_by"])


def downgrade() -> None:
    with op.batch_alter_table("link_clusters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_link_clusters_held_by"))
        batch_op.drop_column("held_by")
