# SPDX-License-Identifier: EUPL-1.2
"""Exporting the audit log is itself decided by the policy (``audit.export``: the DPO and
the installation's operator) and logged, with the period and the events it covered.

>>> rows = export_events(session, dpo, since)   # doctest: +SKIP
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction, AuditEvent, events_since, record
from straitwatch.access.policy import Resource, enforce
from straitwatch.store.access import AuditEventRow

__all__ = ["export_events"]


def export_events(session: Session, actor: Actor, since: datetime) -> list[AuditEventRow]:
    """Events at or after ``since``, oldest first, for ``actor`` (refused and logged when
    their role may not export); the export is an audit event of its own."""
    enforce(session, actor, Action.AUDIT_EXPORT, Resource("audit"), purpose="audit export")
    rows = list(events_since(session, since))
    record(
        session,
        AuditEvent(
            action=AuditAction.CONSULTATION,
            actor=actor.username,
            agency=actor.agency,
            role=str(actor.role),
            resource_kind="audit_export",
            purpose="audit export",
            detail={
                "since": since.isoformat(),
                "events": len(rows),
                "first_seq": rows[0].seq if rows else None,
                "last_seq": rows[-1].seq if rows else None,
            },
        ),
    )
    return rows
