# SPDX-License-Identifier: EUPL-1.2
"""flows: published crossing series, Frontex, IOM, Irr_D01, reference figures, loads

Revision ID: 0200
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import straitwatch.store.base

revision = "0200"
down_revision = "0001"
branch_labels = ("flows",)
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_UTC = straitwatch.store.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "flows_loads",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("loaded_at", _UTC, nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("source_kind", sa.String(length=32), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("detail", _JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flows_loads")),
    )
    op.create_table(
        "flows_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("migrants_arrived", sa.Integer(), nullable=False),
        sa.Column("boats_arrived", sa.Integer(), nullable=False),
        sa.Column("boats_uncontrolled", sa.Integer(), nullable=True),
        sa.Column("marked_revised", sa.Boolean(), nullable=False),
        sa.Column("load_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["load_id"], ["flows_loads.id"], name=op.f("fk_flows_daily_load_id_flows_loads")
        ),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_flows_daily")),
    )
    op.create_table(
        "flows_weekly",
        sa.Column("week_ending", sa.Date(), nullable=False),
        sa.Column("migrants_arrived", sa.Integer(), nullable=False),
        sa.Column("boats_arrived", sa.Integer(), nullable=False),
        sa.Column("boats_uncontrolled", sa.Integer(), nullable=True),
        sa.Column("migrants_prevented", sa.Integer(), nullable=True),
        sa.Column("events_prevented", sa.Integer(), nullable=True),
        sa.Column("marked_revised", sa.Boolean(), nullable=False),
        sa.Column("load_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["load_id"], ["flows_loads.id"], name=op.f("fk_flows_weekly_load_id_flows_loads")
        ),
        sa.PrimaryKeyConstraint("week_ending", name=op.f("pk_flows_weekly")),
    )
    op.create_table(
        "flows_revisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("load_id", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=16), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("old_value", sa.Integer(), nullable=True),
        sa.Column("new_value", sa.Integer(), nullable=True),
        sa.Column("marked_revised", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["load_id"], ["flows_loads.id"], name=op.f("fk_flows_revisions_load_id_flows_loads")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flows_revisions")),
    )
    with op.batch_alter_table("flows_revisions", schema=None) as batch_op:
        batch_op.create_index("ix_flows_revisions_period", ["series", "period"], unique=False)
    op.create_table(
        "flows_frontex",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("route", sa.String(length=64), nullable=False),
        sa.Column("crossing_type", sa.String(length=8), nullable=False),
        sa.Column("nationality_iso3", sa.String(length=3), nullable=False),
        sa.Column("detections", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "month", "route", "crossing_type", "nationality_iso3", name=op.f("pk_flows_frontex")
        ),
    )
    op.create_table(
        "flows_iom_incidents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_date", sa.Date(), nullable=False),
        sa.Column("incident_type", sa.String(length=32), nullable=False),
        sa.Column("country_iso3", sa.String(length=3), nullable=False),
        sa.Column("dead_and_missing", sa.Integer(), nullable=False),
        sa.Column("survivors", sa.Integer(), nullable=True),
        sa.Column("cause", sa.String(length=200), nullable=False),
        sa.Column("origin_iso3", sa.String(length=200), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("channel_crossing", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flows_iom_incidents")),
    )
    with op.batch_alter_table("flows_iom_incidents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_flows_iom_incidents_incident_date"), ["incident_date"], unique=False
        )
    op.create_table(
        "flows_irregular_arrivals",
        sa.Column("quarter_end", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=64), nullable=False),
        sa.Column("nationality", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=64), nullable=False),
        sa.Column("sex", sa.String(length=32), nullable=False),
        sa.Column("age_group", sa.String(length=32), nullable=False),
        sa.Column("detections", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "quarter_end",
            "method",
            "nationality",
            "region",
            "sex",
            "age_group",
            name=op.f("pk_flows_irregular_arrivals"),
        ),
    )
    op.create_table(
        "flows_reference_figures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("metric", sa.Text(), nullable=False),
        sa.Column("period", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flows_reference_figures")),
    )


def downgrade() -> None:
    op.drop_table("flows_reference_figures")
    op.drop_table("flows_irregular_arrivals")
    with op.batch_alter_table("flows_iom_incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_flows_iom_incidents_incident_date"))
    op.drop_table("flows_iom_incidents")
    op.drop_table("flows_frontex")
    with op.batch_alter_table("flows_revisions", schema=None) as batch_op:
        batch_op.drop_index("ix_flows_revisions_period")
    op.drop_table("flows_revisions")
    op.drop_table("flows_weekly")
    op.drop_table("flows_daily")
    op.drop_table("flows_loads")
