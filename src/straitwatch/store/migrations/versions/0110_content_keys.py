# SPDX-License-Identifier: EUPL-1.2
"""sensors: content keys, so a record read twice (a file ingested again, a feed re-sent
after a listener restart) is stored once

Revision ID: 0110
Revises: 0100
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0110"
down_revision = "0100"
branch_labels = None
depends_on = None

_TABLES = ("observations", "ais_reports", "dead_letters")


def upgrade() -> None:
    # Rows stored before this revision keep a NULL key (unique indexes allow many NULLs):
    # they are not compared, which is what they were before.
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("content_key", sa.LargeBinary(length=16), nullable=True))
        op.create_index(f"uq_{table}_content_key", table, ["content_key"], unique=True)


def downgrade() -> None:
    for table in reversed(_TABLES):
        op.drop_index(f"uq_{table}_content_key", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("content_key")
