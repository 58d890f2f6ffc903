# SPDX-License-Identifier: EUPL-1.2
"""intel: graded reports, attachments, disseminations, permission requests, FtM entities,
and the full-text index (FTS5 on SQLite, GIN tsvector indexes on PostgreSQL)

Revision ID: 0400
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import straitwatch.store.base

revision = "0400"
down_revision = "0001"
branch_labels = ("intel",)
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_UTC = straitwatch.store.base.UTCDateTime(timezone=True)
_TABLES = (
    "intel_entity_reports",
    "intel_permission_requests",
    "intel_disseminations",
    "intel_attachments",
    "intel_reports",
    "intel_entities",
)


def upgrade() -> None:
    op.create_table(
        "intel_entities",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("schema", sa.String(length=64), nullable=False),
        sa.Column("caption", sa.String(length=300), nullable=False),
        sa.Column("properties", _JSON, nullable=False),
        sa.Column("provenance", _JSON, nullable=False),
        sa.Column("owner_agency", sa.String(length=16), nullable=False),
        sa.Column("handling_scale", sa.String(length=32), nullable=True),
        sa.Column("handling_code", sa.String(length=4), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", _UTC, nullable=False),
        sa.Column("updated_at", _UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_agency"],
            ["agencies.code"],
            name=op.f("fk_intel_entities_owner_agency_agencies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intel_entities")),
    )
    op.create_index(
        op.f("ix_intel_entities_owner_agency"), "intel_entities", ["owner_agency"], unique=False
    )
    op.create_index(op.f("ix_intel_entities_schema"), "intel_entities", ["schema"], unique=False)
    op.create_table(
        "intel_reports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("event_time", _UTC, nullable=False),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("subjects", _JSON, nullable=False),
        sa.Column("provider_agency", sa.String(length=16), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("legal_basis", sa.String(length=300), nullable=False),
        sa.Column("grade_scale", sa.String(length=32), nullable=False),
        sa.Column("grade_source", sa.String(length=4), nullable=False),
        sa.Column("grade_information", sa.String(length=4), nullable=False),
        sa.Column("grade_sort", sa.Integer(), nullable=False),
        sa.Column("handling_scale", sa.String(length=32), nullable=False),
        sa.Column("handling_code", sa.String(length=4), nullable=False),
        sa.Column("handling_conditions", sa.Text(), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=False),
        sa.Column("retention_until", sa.Date(), nullable=False),
        sa.Column("retention_extended_by", sa.String(length=64), nullable=True),
        sa.Column("retention_extension_reason", sa.Text(), nullable=True),
        sa.Column("created_at", _UTC, nullable=False),
        sa.Column("updated_at", _UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_agency"],
            ["agencies.code"],
            name=op.f("fk_intel_reports_provider_agency_agencies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intel_reports")),
    )
    op.create_index(
        op.f("ix_intel_reports_grade_sort"), "intel_reports", ["grade_sort"], unique=False
    )
    op.create_index(
        op.f("ix_intel_reports_provider_agency"), "intel_reports", ["provider_agency"], unique=False
    )
    op.create_index(
        op.f("ix_intel_reports_retention_until"), "intel_reports", ["retention_until"], unique=False
    )
    op.create_index(
        op.f("ix_intel_reports_review_date"), "intel_reports", ["review_date"], unique=False
    )
    op.create_table(
        "intel_attachments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["intel_reports.id"],
            name=op.f("fk_intel_attachments_report_id_intel_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intel_attachments")),
    )
    op.create_index(
        op.f("ix_intel_attachments_report_id"), "intel_attachments", ["report_id"], unique=False
    )
    op.create_table(
        "intel_disseminations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("to_agency", sa.String(length=16), nullable=False),
        sa.Column("by_actor", sa.String(length=64), nullable=False),
        sa.Column("at", _UTC, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("conditions", sa.Text(), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=64), nullable=True),
        sa.Column("acknowledged_at", _UTC, nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["intel_reports.id"],
            name=op.f("fk_intel_disseminations_report_id_intel_reports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_agency"],
            ["agencies.code"],
            name=op.f("fk_intel_disseminations_to_agency_agencies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intel_disseminations")),
    )
    op.create_index(
        "ix_intel_disseminations_pair",
        "intel_disseminations",
        ["report_id", "to_agency"],
        unique=False,
    )
    op.create_index(
        op.f("ix_intel_disseminations_to_agency"),
        "intel_disseminations",
        ["to_agency"],
        unique=False,
    )
    op.create_table(
        "intel_entity_reports",
        sa.Column("entity_id", sa.String(length=128), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["intel_entities.id"],
            name=op.f("fk_intel_entity_reports_entity_id_intel_entities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["intel_reports.id"],
            name=op.f("fk_intel_entity_reports_report_id_intel_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entity_id", "report_id", name=op.f("pk_intel_entity_reports")),
    )
    op.create_index(
        op.f("ix_intel_entity_reports_report_id"),
        "intel_entity_reports",
        ["report_id"],
        unique=False,
    )
    op.create_table(
        "intel_permission_requests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("provider_agency", sa.String(length=16), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("requester_agency", sa.String(length=16), nullable=False),
        sa.Column("to_agencies", _JSON, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", _UTC, nullable=True),
        sa.Column("created_at", _UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_agency"],
            ["agencies.code"],
            name=op.f("fk_intel_permission_requests_provider_agency_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["intel_reports.id"],
            name=op.f("fk_intel_permission_requests_report_id_intel_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intel_permission_requests")),
    )
    op.create_index(
        op.f("ix_intel_permission_requests_provider_agency"),
        "intel_permission_requests",
        ["provider_agency"],
        unique=False,
    )
    op.create_index(
        op.f("ix_intel_permission_requests_report_id"),
        "intel_permission_requests",
        ["report_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_intel_permission_requests_status"),
        "intel_permission_requests",
        ["status"],
        unique=False,
    )

    if op.get_bind().dialect.name == "sqlite":
        # kind: report|entity; ref: its id. Maintained by straitwatch.intel.search.
        op.execute(
            "CREATE VIRTUAL TABLE intel_fts USING fts5("
            "kind UNINDEXED, ref UNINDEXED, body, tokenize='unicode61 remove_diacritics 2')"
        )
    else:
        op.execute(
            "CREATE INDEX ix_intel_reports_fts ON intel_reports USING GIN "
            "(to_tsvector('simple', title || ' ' || body))"
        )
        op.execute(
            "CREATE INDEX ix_intel_entities_fts ON intel_entities USING GIN "
            "(to_tsvector('simple', search_text))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS intel_fts")
    for name in _TABLES:
        op.drop_table(name)
