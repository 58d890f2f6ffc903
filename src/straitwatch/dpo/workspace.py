# SPDX-License-Identifier: EUPL-1.2
"""Find a subject, read their file, review retention, erase, list refusals.

Every function asks the access policy first (``audit.subject`` on ``audit``, which only
the ``dpo`` role holds; erasure ``retention.run``) and writes its own audit event: the
DPO's reading of personal data is a consultation like any other.

>>> find_subjects(session, dpo, "Testmann")              # doctest: +SKIP
[{'entity_id': 'uto-person-ozric-testmann', 'caption': 'Ozric TESTMANN', ...}]
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction
from straitwatch.access.policy import Resource, enforce
from straitwatch.errors import InvalidInput, NotFound
from straitwatch.intel import search_index
from straitwatch.intel.events import log
from straitwatch.intel.subject import subject_trail
from straitwatch.store.access import AuditEventRow
from straitwatch.store.intel import EntityReportRow, EntityRow, EntityValueRow, ReportRow

__all__ = ["erase_subject", "find_subjects", "refusals", "retention_reviews", "subject_file"]

PURPOSE = "data-protection review"
_PHONE_PROPS = ("phone", "phoneNumber", "number")
_NAME_PROPS = ("name", "alias", "weakAlias", "previousName", "firstName", "lastName")


def _allow(session: Session, actor: Actor) -> None:
    enforce(session, actor, Action.AUDIT_SUBJECT, Resource("audit"), purpose=PURPOSE)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def find_subjects(
    session: Session, actor: Actor, query: str, *, limit: int = 50
) -> list[dict[str, Any]]:
    """Entities whose id, name, alias, phone or any other value matches ``query``
    (case-insensitive; a phone number matches whatever its spacing or prefix)."""
    _allow(session, actor)
    q = query.strip()
    if not 2 <= len(q) <= 200:
        raise InvalidInput("give 2 to 200 characters to search for", where="q")
    like = _like(q.lower())
    matched: dict[str, set[str]] = {}
    for eid in session.scalars(select(EntityRow.id).where(EntityRow.id == q)):
        matched.setdefault(eid, set()).add("id")
    for eid in session.scalars(
        select(EntityRow.id).where(func.lower(EntityRow.caption).like(like, escape="\\"))
    ):
        matched.setdefault(eid, set()).add("name")
    for eid, prop in session.execute(
        select(EntityValueRow.entity_id, EntityValueRow.prop).where(
            func.lower(EntityValueRow.value).like(like, escape="\\")
        )
    ):
        matched.setdefault(eid, set()).add(prop)
    digits = re.sub(r"\D", "", q)
    if len(digits) >= 6:
        for eid, prop, value in session.execute(
            select(EntityValueRow.entity_id, EntityValueRow.prop, EntityValueRow.value).where(
                EntityValueRow.prop.in_(_PHONE_PROPS)
            )
        ):
            if digits[-9:] in re.sub(r"\D", "", value):
                matched.setdefault(eid, set()).add(prop)
    rows = session.scalars(
        select(EntityRow).where(EntityRow.id.in_(sorted(matched))).order_by(EntityRow.caption)
    ).all()[:limit]
    hits = [
        {
            "entity_id": r.id,
            "schema": r.schema,
            "caption": r.caption,
            "owner_agency": r.owner_agency,
            "matched_on": sorted(matched[r.id]),
        }
        for r in rows
    ]
    log(
        session,
        actor,
        AuditAction.CONSULTATION,
        "dpo_search",
        None,
        purpose=PURPOSE,
        query=q,
        hits=[h["entity_id"] for h in hits],
    )
    return hits


def subject_file(session: Session, actor: Actor, entity_id: str) -> dict[str, Any]:
    """Everything about one subject: the entity, its values with provenance, its source
    reports with their review and retention dates, and the audit trail (collection,
    alteration, consultation, disclosure, combination, erasure, refused attempts)."""
    _allow(session, actor)
    entity = session.get(EntityRow, entity_id)
    trail = subject_trail(session, actor, entity_id)
    if entity is None and not trail:
        raise NotFound(f"no subject {entity_id!r}")
    today = date.today()
    reports = session.scalars(
        select(ReportRow)
        .join(EntityReportRow, EntityReportRow.report_id == ReportRow.id)
        .where(EntityReportRow.entity_id == entity_id)
        .order_by(ReportRow.id)
    ).all()
    values = session.scalars(
        select(EntityValueRow)
        .where(EntityValueRow.entity_id == entity_id)
        .order_by(EntityValueRow.prop, EntityValueRow.id)
    ).all()
    return {
        "entity_id": entity_id,
        "erased": entity is None,
        "schema": entity.schema if entity else None,
        "caption": entity.caption if entity else None,
        "owner_agency": entity.owner_agency if entity else None,
        "names": sorted({v.value for v in values if v.prop in _NAME_PROPS}),
        "values": [
            {"prop": v.prop, "value": v.value, "report_id": v.report_id, "agency": v.agency}
            for v in values
        ],
        "reports": [
            {
                "report_id": r.id,
                "title": r.title,
                "provider_agency": r.provider_agency,
                "purpose": r.purpose,
                "legal_basis": r.legal_basis,
                "review_date": r.review_date,
                "retention_until": r.retention_until,
                "review_overdue": r.review_date < today,
            }
            for r in reports
        ],
        "counts": dict(Counter(str(e["action"]) for e in trail)),
        "trail": trail,
        "refusals": [e for e in trail if e["action"] == "access_denied"],
    }


def retention_reviews(
    session: Session, actor: Actor, *, today: date, within_days: int = 30
) -> list[dict[str, Any]]:
    """Reports whose review date or end of retention falls within ``within_days``."""
    _allow(session, actor)
    if not 0 <= within_days <= 3650:
        raise InvalidInput("within_days must be 0 to 3650", where="within_days")
    horizon = today + timedelta(days=within_days)
    rows = session.scalars(
        select(ReportRow)
        .where(or_(ReportRow.review_date <= horizon, ReportRow.retention_until <= horizon))
        .order_by(ReportRow.review_date, ReportRow.id)
    ).all()
    due = [
        {
            "report_id": r.id,
            "title": r.title,
            "provider_agency": r.provider_agency,
            "review_date": r.review_date,
            "retention_until": r.retention_until,
            "review_overdue": r.review_date < today,
            "retention_ended": r.retention_until < today,
            "extended_by": r.retention_extended_by,
        }
        for r in rows
    ]
    log(session, actor, AuditAction.CONSULTATION, "dpo_reviews", None, purpose=PURPOSE, n=len(due))
    return due


def refusals(session: Session, actor: Actor, *, limit: int = 200) -> list[dict[str, Any]]:
    """The latest refused-access attempts, newest first."""
    _allow(session, actor)
    rows = session.scalars(
        select(AuditEventRow)
        .where(AuditEventRow.action == AuditAction.ACCESS_DENIED.value)
        .order_by(AuditEventRow.seq.desc())
        .limit(max(1, min(limit, 1000)))
    ).all()
    out = [
        {
            "seq": e.seq,
            "time": e.time,
            "actor": e.actor,
            "agency": e.agency,
            "role": e.role,
            "resource_kind": e.resource_kind,
            "resource_id": e.resource_id,
            "purpose": e.purpose,
            "detail": e.detail,
        }
        for e in rows
    ]
    log(session, actor, AuditAction.CONSULTATION, "dpo_refusals", None, purpose=PURPOSE, n=len(out))
    return out


def erase_subject(session: Session, actor: Actor, entity_id: str, reason: str) -> None:
    """Erase a subject's entity and every value held about it (the reports that mention
    them stay with their providers, who are told through the audit trail)."""
    enforce(session, actor, Action.RETENTION_RUN, Resource("retention"), purpose=reason)
    if not reason.strip():
        raise InvalidInput("an erasure needs a reason", where="reason")
    row = session.get(EntityRow, entity_id)
    if row is None:
        raise NotFound(f"no subject {entity_id!r}")
    reports = sorted(
        session.scalars(
            select(EntityReportRow.report_id).where(EntityReportRow.entity_id == entity_id)
        )
    )
    search_index.drop(session, "entity", entity_id)
    session.execute(delete(EntityValueRow).where(EntityValueRow.entity_id == entity_id))
    session.execute(delete(EntityReportRow).where(EntityReportRow.entity_id == entity_id))
    log(
        session,
        actor,
        AuditAction.ERASURE,
        "entity",
        entity_id,
        purpose=reason.strip(),
        schema=row.schema,
        reports=reports,
        by="data-protection officer",
    )
    session.delete(row)
    session.flush()
