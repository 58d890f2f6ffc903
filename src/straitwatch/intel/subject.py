"""Who consulted or received what about one entity (a person, usually), for a
data-protection review: ``straitwatch audit subject ENTITY_ID``.

The trail covers the entity itself and every report it was drawn from, including reports
since erased (their links survive in the entity's collection events).

>>> subject_trail(session, dpo, "person-ozric-testmann")   # doctest: +SKIP
[{'seq': 12, 'action': 'consultation', 'actor': 'fr.analyst', ...}]
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction
from straitwatch.access.policy import Resource, enforce
from straitwatch.intel.events import log
from straitwatch.store.access import AuditEventRow
from straitwatch.store.intel import EntityReportRow

__all__ = ["subject_trail"]

_KINDS = ("consultation", "disclosure", "collection", "alteration", "erasure", "combination")


def subject_trail(session: Session, actor: Actor, entity_id: str) -> list[dict[str, Any]]:
    """Events about ``entity_id`` and its source reports, oldest first."""
    enforce(session, actor, Action.AUDIT_SUBJECT, Resource("audit"))
    about_entity = and_(
        AuditEventRow.resource_kind == "entity", AuditEventRow.resource_id == entity_id
    )
    reports = {
        str(r)
        for r in session.scalars(
            select(EntityReportRow.report_id).where(EntityReportRow.entity_id == entity_id)
        )
    }
    for ev in session.scalars(select(AuditEventRow).where(about_entity)):
        rid = (ev.detail or {}).get("report_id")
        if rid is not None:
            reports.add(str(rid))
    stmt = (
        select(AuditEventRow)
        .where(
            AuditEventRow.action.in_(_KINDS),
            or_(
                about_entity,
                and_(
                    AuditEventRow.resource_kind == "report",
                    AuditEventRow.resource_id.in_(sorted(reports)),
                ),
            ),
        )
        .order_by(AuditEventRow.seq)
    )
    trail = [
        {
            "seq": e.seq,
            "time": e.time,
            "action": e.action,
            "actor": e.actor,
            "agency": e.agency,
            "role": e.role,
            "resource_kind": e.resource_kind,
            "resource_id": e.resource_id,
            "purpose": e.purpose,
            "detail": e.detail,
        }
        for e in session.scalars(stmt)
    ]
    log(
        session,
        actor,
        AuditAction.CONSULTATION,
        "audit_subject",
        entity_id,
        purpose="data-protection review",
        events=len(trail),
    )
    return trail
