# SPDX-License-Identifier: EUPL-1.2
"""The audit log (DPA 2018 s.62; Directive 2016/680 art. 25): append-only and hash-chained.

Every collection, alteration, consultation, disclosure, combination and erasure of
personal data, every login and every refusal is one :class:`AuditEvent`, written through
:func:`record` and nothing else. Each row carries the link of the row before it, so an
edited, deleted or reordered row breaks the chain and :func:`verify` names the first
broken link. Links are HMAC-SHA256 under the installation's audit key, which is not in
the database, and the head is checkpointed, signed, outside the store after each commit
(:mod:`straitwatch.access.audit_seal`): a chain recomputed without the key, or cut short
with its head row rewritten, fails :func:`verify` too.

>>> record(session, AuditEvent(action=AuditAction.CONSULTATION, actor="uk.analyst",
...        agency="UKBF", role="analyst", resource_kind="report", resource_id="42",
...        purpose="OCG investigation"))                      # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from straitwatch.access.audit_seal import (
    AuditSeal,
    Checkpoint,
    checkpoints,
    seal_for,
    track_head,
)
from straitwatch.errors import AuditChainBroken
from straitwatch.store.access import AuditEventRow, AuditHeadRow
from straitwatch.store.base import utcnow

__all__ = [
    "GENESIS_HASH",
    "AuditAction",
    "AuditEvent",
    "AuditOutcome",
    "events_since",
    "record",
    "verify",
]

GENESIS_HASH = "0" * 64


class AuditAction(StrEnum):
    """The kinds of processing the law says must be logged, plus security events."""

    COLLECTION = "collection"
    ALTERATION = "alteration"
    CONSULTATION = "consultation"
    DISCLOSURE = "disclosure"
    COMBINATION = "combination"
    ERASURE = "erasure"
    LOGIN = "login"
    LOGOUT = "logout"
    ACCESS_DENIED = "access_denied"
    ADMINISTRATION = "administration"
    ALERT_CHANGE = "alert_change"


class AuditOutcome(StrEnum):
    SUCCESS = "success"
    DENIED = "denied"
    FAILURE = "failure"


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One logged act: who (actor, agency, role), what, on which resource, why, outcome."""

    action: AuditAction
    actor: str
    resource_kind: str
    resource_id: str | None = None
    agency: str | None = None
    role: str | None = None
    purpose: str | None = None
    outcome: AuditOutcome = AuditOutcome.SUCCESS
    detail: dict[str, Any] = field(default_factory=dict)
    time: datetime = field(default_factory=utcnow)


def _body(seq: int, prev_hash: str, event: AuditEvent | AuditEventRow) -> str:
    body = {
        "seq": seq,
        "prev": prev_hash,
        "time": event.time.isoformat(timespec="microseconds"),
        "action": str(event.action),
        "actor": event.actor,
        "agency": event.agency,
        "role": event.role,
        "resource_kind": event.resource_kind,
        "resource_id": event.resource_id,
        "purpose": event.purpose,
        "outcome": str(event.outcome),
        "detail": event.detail,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)


def _digest(seal: AuditSeal, seq: int, prev_hash: str, event: AuditEvent | AuditEventRow) -> str:
    """The row's link: HMAC-SHA256 of its canonical JSON under the audit key."""
    return seal.mac(_body(seq, prev_hash, event))


def _unkeyed(row: AuditEventRow) -> bool:
    """Does ``row`` carry a plain SHA-256 link (what anyone can compute without the key)?"""
    plain = hashlib.sha256(_body(row.seq, row.prev_hash, row).encode()).hexdigest()
    return plain == row.hash


def record(session: Session, event: AuditEvent) -> int:
    """Append ``event`` to the chain inside the caller's transaction; return its sequence.

    The head row is updated first, which takes the write lock on SQLite and a row lock on
    PostgreSQL, so concurrent writers append one after another and never fork the chain.
    """
    if event.time.tzinfo is None:
        raise ValueError("audit event time must be timezone-aware UTC")
    # Round-trip the detail through JSON so the stored and hashed forms are identical.
    detail = json.loads(json.dumps(event.detail, default=str))
    operator = session.info.get("operator")
    if operator and "operator" not in detail:  # a CLI command run `--as` someone
        detail["operator"] = operator
    event = AuditEvent(**{**_fields(event), "detail": detail})
    bumped = session.execute(
        update(AuditHeadRow).where(AuditHeadRow.id == 1).values(seq=AuditHeadRow.seq + 1)
    )
    if bumped.rowcount == 0:  # type: ignore[attr-defined]
        session.add(AuditHeadRow(id=1, seq=1, last_hash=GENESIS_HASH))
        session.flush()
    head = session.execute(select(AuditHeadRow).where(AuditHeadRow.id == 1)).scalar_one()
    session.refresh(head)
    seq, prev = head.seq, head.last_hash
    digest = _digest(seal_for(session), seq, prev, event)
    session.add(
        AuditEventRow(
            seq=seq,
            time=event.time,
            action=str(event.action),
            actor=event.actor,
            agency=event.agency,
            role=event.role,
            resource_kind=event.resource_kind,
            resource_id=event.resource_id,
            purpose=event.purpose,
            outcome=str(event.outcome),
            detail=event.detail,
            prev_hash=prev,
            hash=digest,
        )
    )
    head.last_hash = digest
    session.flush()
    track_head(session, seq, digest)
    return seq


def _fields(event: AuditEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in AuditEvent.__dataclass_fields__}


def verify(session: Session) -> int:
    """Walk the whole chain and the signed checkpoints; return the number of events, or
    raise :class:`AuditChainBroken` naming the first break."""
    seal = seal_for(session)
    anchors = checkpoints(seal)
    wanted: dict[int, list[Checkpoint]] = {}
    for cp in anchors:
        wanted.setdefault(cp.seq, []).append(cp)
    expected_seq, prev = 1, GENESIS_HASH
    rows = session.execute(select(AuditEventRow).order_by(AuditEventRow.seq)).scalars()
    for row in rows:
        if row.seq != expected_seq:
            raise AuditChainBroken(
                f"audit chain broken at event {expected_seq}: next stored event is "
                f"{row.seq} (a row was deleted or renumbered)"
            )
        if row.prev_hash != prev:
            raise AuditChainBroken(
                f"audit chain broken at event {row.seq}: it does not follow event "
                f"{row.seq - 1} (rows deleted, inserted or reordered)"
            )
        if _digest(seal, row.seq, row.prev_hash, row) != row.hash:
            why = (
                "its link was computed without the audit key (the chain was recomputed)"
                if _unkeyed(row)
                else "its content does not match its link (the row was altered)"
            )
            raise AuditChainBroken(f"audit chain broken at event {row.seq}: {why}")
        for cp in wanted.get(row.seq, ()):
            if cp.hash != row.hash:
                raise AuditChainBroken(
                    f"audit chain broken at event {row.seq}: the signed checkpoint of "
                    f"{cp.time} (line {cp.line}) holds another link (the chain was rewritten)"
                )
        prev = row.hash
        expected_seq += 1
    count = expected_seq - 1
    head = session.get(AuditHeadRow, 1)
    head_seq, head_hash = (head.seq, head.last_hash) if head else (0, GENESIS_HASH)
    if head_seq != count or head_hash != prev:
        raise AuditChainBroken(
            f"audit chain broken after event {count}: the chain head records {head_seq} "
            "events (the newest rows were deleted or altered)"
        )
    beyond = [cp for cp in anchors if cp.seq > count]
    if beyond:
        last = max(beyond, key=lambda cp: cp.seq)
        raise AuditChainBroken(
            f"audit chain broken after event {count}: a signed checkpoint of {last.time} "
            f"records {last.seq} events (the newest rows were deleted, head and all)"
        )
    return count


def events_since(session: Session, since: datetime) -> Iterator[AuditEventRow]:
    """Events at or after ``since``, oldest first (for ``straitwatch audit export``)."""
    stmt = select(AuditEventRow).where(AuditEventRow.time >= since).order_by(AuditEventRow.seq)
    yield from session.execute(stmt).scalars()
