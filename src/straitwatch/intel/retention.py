# SPDX-License-Identifier: EUPL-1.2
"""Retention and review of intelligence (DPA 2018 s.39 and s.62; Directive 2016/680 art. 5):
erase what is past its retention, unless a supervisor of the provider extended it with a
reason; list the reviews that are due. Every erasure is an audit event.

>>> run_retention(session, system_actor(), today=date(2029, 1, 1))  # doctest: +SKIP
RetentionRun(erased_reports=[3], erased_entities=['eng-1'], ...)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction
from straitwatch.access.policy import Resource, enforce
from straitwatch.errors import InvalidInput
from straitwatch.intel import search_index
from straitwatch.intel.entity_import import refresh_entity
from straitwatch.intel.events import log
from straitwatch.intel.reports import DEFAULT_RETENTION_DAYS, load_report
from straitwatch.store.base import utcnow
from straitwatch.store.intel import EntityReportRow, EntityRow, EntityValueRow, ReportRow

__all__ = ["RetentionRun", "erase_report", "extend_retention", "reviews_due", "run_retention"]


@dataclass(slots=True)
class RetentionRun:
    erased_reports: list[int] = field(default_factory=list)
    erased_entities: list[str] = field(default_factory=list)
    kept_by_extension: list[dict[str, Any]] = field(default_factory=list)
    reviews_due: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _erase_entity(session: Session, actor: Actor, row: EntityRow, why: str) -> None:
    search_index.drop(session, "entity", row.id)
    log(session, actor, AuditAction.ERASURE, "entity", row.id, purpose=why, schema=row.schema)
    session.delete(row)


def _erase(session: Session, actor: Actor, row: ReportRow, why: str) -> list[str]:
    """Erase a report, the values drawn from it, and entities left with none."""
    drawn = select(EntityValueRow.entity_id).where(EntityValueRow.report_id == row.id)
    linked_ids = select(EntityReportRow.entity_id).where(EntityReportRow.report_id == row.id)
    linked = list(
        session.scalars(
            select(EntityRow).where(or_(EntityRow.id.in_(drawn), EntityRow.id.in_(linked_ids)))
        )
    )
    search_index.drop(session, "report", str(row.id))
    log(
        session,
        actor,
        AuditAction.ERASURE,
        "report",
        row.id,
        purpose=why,
        provider=row.provider_agency,
        retention_until=row.retention_until,
    )
    session.execute(delete(EntityValueRow).where(EntityValueRow.report_id == row.id))
    session.delete(row)
    session.flush()
    erased = []
    for entity in linked:
        left = session.scalar(
            select(EntityValueRow.id).where(EntityValueRow.entity_id == entity.id).limit(1)
        )
        if left is None:
            _erase_entity(session, actor, entity, why)
            erased.append(entity.id)
        else:
            refresh_entity(session, entity)
            log(
                session,
                actor,
                AuditAction.ALTERATION,
                "entity",
                entity.id,
                purpose=why,
                field="values drawn from erased report",
                report_id=row.id,
            )
    session.flush()
    return erased


def erase_report(session: Session, actor: Actor, report_id: int, reason: str) -> list[str]:
    """Erase one report now (its provider; an erasure event); return entities erased."""
    row = load_report(session, actor, report_id, Action.REPORTS_ERASE, reason)
    if not reason.strip():
        raise InvalidInput("an erasure needs a reason", where="reason")
    return _erase(session, actor, row, reason.strip())


def extend_retention(
    session: Session, actor: Actor, report_id: int, until: date, reason: str
) -> None:
    """Keep a report past its retention (a supervisor of the provider, with a reason)."""
    row = load_report(session, actor, report_id, Action.RETENTION_EXTEND)
    if not reason.strip():
        raise InvalidInput("an extension needs a reason", where="reason")
    if until <= row.retention_until:
        raise InvalidInput(f"{until} is not later than {row.retention_until}", where="until")
    old = row.retention_until
    row.retention_until, row.retention_extended_by = until, actor.username
    row.retention_extension_reason = reason.strip()
    log(
        session,
        actor,
        AuditAction.ALTERATION,
        "report",
        row.id,
        purpose=reason.strip(),
        field="retention_until",
        old=old,
        new=until,
    )


def reviews_due(session: Session, today: date, within_days: int = 30) -> list[dict[str, Any]]:
    """Reports whose review date falls before ``today + within_days``, soonest first."""
    horizon = today + timedelta(days=within_days)
    rows = session.scalars(
        select(ReportRow).where(ReportRow.review_date <= horizon).order_by(ReportRow.review_date)
    )
    return [
        {
            "report_id": r.id,
            "provider_agency": r.provider_agency,
            "author": r.author,
            "review_date": r.review_date,
            "overdue": r.review_date < today,
        }
        for r in rows
    ]


def run_retention(
    session: Session, actor: Actor, *, today: date | None = None, within_days: int = 30
) -> RetentionRun:
    """Erase reports past retention (and entities left without source), list the kept
    extensions and the reviews due."""
    enforce(session, actor, Action.RETENTION_RUN, Resource("retention"))
    today = today or utcnow().date()
    why = f"retention period ended (run of {today})"
    run = RetentionRun()
    for row in list(session.scalars(select(ReportRow).order_by(ReportRow.id))):
        if row.retention_until < today:
            run.erased_entities += _erase(session, actor, row, why)
            run.erased_reports.append(row.id)
        elif row.retention_extended_by:
            run.kept_by_extension.append(
                {
                    "report_id": row.id,
                    "until": row.retention_until,
                    "by": row.retention_extended_by,
                    "reason": row.retention_extension_reason,
                }
            )
    cutoff = today - timedelta(days=DEFAULT_RETENTION_DAYS)
    linked = select(EntityReportRow.entity_id)
    for entity in list(session.scalars(select(EntityRow).where(EntityRow.id.not_in(linked)))):
        if entity.updated_at.date() < cutoff:
            _erase_entity(session, actor, entity, why + ": no source report")
            run.erased_entities.append(entity.id)
    session.flush()
    run.reviews_due = reviews_due(session, today, within_days)
    return run
