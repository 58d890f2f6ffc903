# SPDX-License-Identifier: EUPL-1.2
"""intel visibility: recall of disseminations, entity values with their provenance as
rows (what an actor sees of an entity is computed from them), notices to recipients

Revision ID: 0410
Revises: 0400
Create Date: 2026-12-07
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

import straitwatch.store.base

revision = "0410"
down_revision = "0400"
branch_labels = None
depends_on = None

_UTC = straitwatch.store.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("intel_disseminations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recalled_at", _UTC, nullable=True))
        batch_op.add_column(sa.Column("recalled_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("recall_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("intel_permission_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purpose", sa.String(length=300), nullable=True))
    op.create_table(
        "intel_entity_values",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity_id", sa.String(length=128), nullable=False),
        sa.Column("schema", sa.String(length=64), nullable=False),
        sa.Column("prop", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=1000), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("agency", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["intel_entities.id"],
            name=op.f("fk_intel_entity_values_entity_id_intel_entities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["intel_reports.id"],
            name=op.f("fk_intel_entity_values_report_id_intel_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intel_entity_values")),
    )
    op.create_index(
        "ix_intel_entity_values_entity", "intel_entity_values", ["entity_id", "report_id"]
    )
    op.create_index(op.f("ix_intel_entity_values_report_id"), "intel_entity_values", ["report_id"])
    op.create_index(op.f("ix_intel_entity_values_agency"), "intel_entity_values", ["agency"])
    op.create_table(
        "intel_notices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agency", sa.String(length=16), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by_actor", sa.String(length=64), nullable=False),
        sa.Column("at", _UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intel_notices")),
    )
    op.create_index(op.f("ix_intel_notices_agency"), "intel_notices", ["agency"])
    # Existing provenance (a JSON list per entity) becomes rows.
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, schema, provenance FROM intel_entities")).all()
    values = sa.table(
        "intel_entity_values",
        sa.column("entity_id"),
        sa.column("schema"),
        sa.column("prop"),
        sa.column("value"),
        sa.column("report_id"),
        sa.column("agency"),
    )
    for entity_id, schema, provenance in rows:
        entries = json.loads(provenance) if isinstance(provenance, str) else provenance or []
        if entries:
            op.bulk_insert(
                values,
                [
                    {
                        "entity_id": entity_id,
                        "schema": schema,
                        "prop": p["prop"],
                        "value": str(p["value"])[:1000],
                        "report_id": p.get("report_id"),
                        "agency": p.get("agency") or "",
                    }
                    for p in entries
                ],
            )


def downgrade() -> None:
    op.drop_table("intel_notices")
    op.drop_table("intel_entity_values")
    with op.batch_alter_table("intel_permission_requests", schema=None) as batch_op:
        batch_op.drop_column("purpose")
    with op.batch_alter_table("intel_disseminations", schema=None) as batch_op:
        batch_op.drop_column("recall_reason")
        batch_op.drop_column("recalled_by")
        batch_op.drop_column("recalled_at")
