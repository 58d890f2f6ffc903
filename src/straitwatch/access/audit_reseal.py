# SPDX-License-Identifier: EUPL-1.2
"""Seal a chain written before the audit key existed (plain SHA-256 links) with the key:
``straitwatch audit reseal``, once, when an installation is upgraded.

It refuses unless every row verifies as an intact plain SHA-256 chain, none is sealed
already and no checkpoint was ever written (an installation that has a key never needs
it, so a chain recomputed by someone without the key cannot be laundered through it).
The resealing itself is an audit event.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from straitwatch.access.actor import Actor
from straitwatch.access.audit import (
    GENESIS_HASH,
    AuditAction,
    AuditEvent,
    _digest,
    _unkeyed,
    record,
)
from straitwatch.access.audit_seal import checkpoints, seal_for
from straitwatch.errors import AuditChainBroken, Conflict
from straitwatch.store.access import AuditEventRow, AuditHeadRow

__all__ = ["reseal"]


def reseal(session: Session, by: Actor) -> int:
    """Re-link a legacy chain with the installation's key; return the events resealed."""
    seal = seal_for(session)
    if checkpoints(seal):
        raise Conflict("this installation's chain is already sealed (checkpoints exist)")
    rows = list(session.scalars(select(AuditEventRow).order_by(AuditEventRow.seq)))
    prev = GENESIS_HASH
    for expected, row in enumerate(rows, start=1):
        if row.seq != expected or row.prev_hash != prev or not _unkeyed(row):
            raise AuditChainBroken(
                f"cannot reseal: event {row.seq} is not part of an intact unkeyed chain"
            )
        prev = row.hash
    head = session.get(AuditHeadRow, 1)
    if head is not None and (head.seq, head.last_hash) != (len(rows), prev):
        raise AuditChainBroken("cannot reseal: the chain head does not match its last event")
    prev = GENESIS_HASH
    for row in rows:
        row.prev_hash = prev
        row.hash = _digest(seal, row.seq, prev, row)
        prev = row.hash
    if head is not None:
        head.last_hash = prev
    session.flush()
    record(
        session,
        AuditEvent(
            action=AuditAction.ADMINISTRATION,
            actor=by.username,
            agency=by.agency,
            role=str(by.role),
            resource_kind="audit",
            detail={"change": "resealed with the audit key", "events": len(rows)},
        ),
    )
    return len(rows)
