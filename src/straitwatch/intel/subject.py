# SPDX-License-Identifier: EUPL-1.2
"""Who collected, consulted, received, altered, combined or erased what about one entity
(a person, usually), and who tried and was refused, for a data-protection review:
``straitwatch audit subject ENTITY_ID``.

The trail covers the entity, the entities linked to it (a value of one names the other,
e.g. a phone's ``user``), every report either was drawn from (including reports since
erased: their links survive in the collection events), batch events naming the entity
(imports, exports), and refused attempts on any of these.

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
from straitwatch.store.intel import EntityReportRow, EntityValueRow

__all__ = ["subject_trail"]

_KINDS = (
    "consultation",
    "disclosure",
    "collection",
    "alteration",
    "erasure",
    "combination",
    "access_denied",
)


def _linked_entities(session: Session, entity_id: str) -> set[str]:
    """The entity and those it names or that name it in a value."""
    linked = {entity_id}
    linked.update(
        session.scalars(select(EntityValueRow.entity_id).where(EntityValueRow.value == entity_id))
    )
    own = set(
        session.scalars(select(EntityValueRow.value).where(EntityValueRow.entity_id == entity_id))
    )
    if own:
        linked.update(
            session.scalars(
                select(EntityValueRow.entity_id).where(EntityValueRow.entity_id.in_(sorted(own)))
            )
        )
    return linked


def subject_trail(session: Session, actor: Actor, entity_id: str) -> list[dict[str, Any]]:
    """Events about ``entity_id``, its linked entities and their source reports, oldest
    first; each says which entity it concerns (``about``)."""
    enforce(session, actor, Action.AUDIT_SUBJECT, Resource("audit"))
    entities = _linked_entities(session, entity_id)
    about_entities = and_(
        AuditEventRow.resource_kind == "entity", AuditEventRow.resource_id.in_(sorted(entities))
    )
    reports = {
        str(r)
        for r in session.scalars(
            select(EntityReportRow.report_id).where(EntityReportRow.entity_id.in_(entities))
        )
    }
    batches = []
    for ev in session.scalars(
        select(AuditEventRow).where(
            AuditEventRow.resource_kind == "entity",
            or_(about_entities, AuditEventRow.resource_id.is_(None)),
        )
    ):
        detail = ev.detail or {}
        listed = detail.get("entities")
        named = {str(e) for e in listed} if isinstance(listed, list) else set()
        if ev.resource_id is None and not named & entities:
            continue
        if ev.resource_id is None:
            batches.append(ev.seq)
        if detail.get("report_id") is not None:
            reports.add(str(detail["report_id"]))
    stmt = (
        select(AuditEventRow)
        .where(
            AuditEventRow.action.in_(_KINDS),
            or_(
                about_entities,
                AuditEventRow.seq.in_(batches),
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
            "outcome": e.outcome,
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
        linked_entities=sorted(entities - {entity_id}),
    )
    return trail
