# SPDX-License-Identifier: EUPL-1.2
"""Audit events of the intelligence exchange, written through the one audit function.

>>> log(session, actor, AuditAction.CONSULTATION, "report", 7, purpose="OCG-12")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction, AuditEvent, record

__all__ = ["log"]


def log(
    session: Session,
    actor: Actor,
    action: AuditAction,
    kind: str,
    resource_id: int | str | None,
    *,
    purpose: str | None = None,
    **detail: Any,
) -> None:
    """Record one event about an intelligence item in the caller's transaction."""
    record(
        session,
        AuditEvent(
            action=action,
            actor=actor.username,
            agency=actor.agency,
            role=str(actor.role),
            resource_kind=kind,
            resource_id=None if resource_id is None else str(resource_id),
            purpose=purpose,
            detail=detail,
        ),
    )
