# SPDX-License-Identifier: EUPL-1.2
"""Linked persons in the store: the review queue, merges, splits, and the way back.

A linkage run (:func:`store_run`) writes each record's cluster and puts the borderline
pairs (match probability inside :data:`~.model.REVIEW_BAND`) in the review queue with their
evidence. An analyst accepts a pair (its clusters are merged) or rejects it (the second
record leaves the first's cluster when they were together), merges two clusters, or splits
a record out. Every one of these is a *combination* of personal data (DPA 2018 s.62): one
:class:`~straitwatch.store.linkage.LinkChangeRow` with the clusters before and after and the
reason, one audit event, and :func:`undo` puts the clusters back. Access is asked of
:func:`straitwatch.access.policy.enforce` (entities read/write) and what an actor sees of
the records and the queue of :mod:`straitwatch.access.visibility` (the agency that stored a
record holds it), never decided here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction, AuditEvent, record
from straitwatch.access.policy import Resource, enforce
from straitwatch.access.visibility import linked_record_filter, visible_review
from straitwatch.errors import Conflict, InvalidInput, NotFound
from straitwatch.intel.linkage.engine import LinkResult
from straitwatch.intel.linkage.explain import waterfall
from straitwatch.intel.linkage.model import REVIEW_BAND
from straitwatch.store.linkage import LinkChangeRow, LinkClusterRow, LinkReviewRow

__all__ = ["decide", "merge", "open_reviews", "split", "store_run", "undo"]


def _need_reason(reason: str) -> str:
    if not reason.strip():
        raise InvalidInput("a reason is required for every combination", where="reason")
    return reason.strip()


def _change(
    session: Session,
    actor: Actor,
    kind: str,
    reason: str,
    before: dict[str, str],
    after: dict[str, str],
) -> int:
    row = LinkChangeRow(kind=kind, actor=actor.username, reason=reason, before=before, after=after)
    session.add(row)
    session.flush()
    record(
        session,
        AuditEvent(
            action=AuditAction.COMBINATION,
            actor=actor.username,
            agency=actor.agency,
            role=str(actor.role),
            resource_kind="person_cluster",
            resource_id=str(row.id),
            purpose=reason,
            detail={
                "kind": kind,
                "records": sorted(after),
                "clusters": sorted(set(after.values())),
            },
        ),
    )
    return row.id


def _cluster_rows(session: Session, ids: list[str]) -> dict[str, LinkClusterRow]:
    rows = session.scalars(select(LinkClusterRow).where(LinkClusterRow.record_id.in_(ids)))
    return {r.record_id: r for r in rows}


def _members(session: Session, cluster_id: str) -> list[LinkClusterRow]:
    stmt = select(LinkClusterRow).where(LinkClusterRow.cluster_id == cluster_id)
    return list(session.scalars(stmt))


def _row(session: Session, actor: Actor, record_id: str) -> LinkClusterRow:
    stmt = select(LinkClusterRow).where(
        LinkClusterRow.record_id == record_id, linked_record_filter(actor)
    )
    row = session.scalars(stmt).first()
    if row is None:
        raise NotFound(f"no linked record {record_id!r}", where="record_id")
    return row


def store_run(
    session: Session,
    actor: Actor,
    result: LinkResult,
    labels: Mapping[str, tuple[str, str]],
    reason: str,
) -> int:
    """Store a run's clusters and queue its borderline pairs; returns the change id.

    ``labels`` gives each record's agency and a short label (its name as written).
    """
    enforce(session, actor, Action.ENTITIES_WRITE, Resource("person_cluster"))
    reason = _need_reason(reason)
    ids = [str(i) for i in result.clusters["record_id"]]
    existing = _cluster_rows(session, ids)
    before = {i: r.cluster_id for i, r in existing.items()}
    after: dict[str, str] = {}
    now = datetime.now(UTC)
    for rid, cid in zip(ids, result.clusters["cluster_id"], strict=True):
        agency, label = labels.get(rid, ("", ""))
        row = existing.get(rid)
        if row is None:
            session.add(
                LinkClusterRow(
                    record_id=rid,
                    agency=agency,
                    held_by=actor.agency,
                    cluster_id=str(cid),
                    label=label,
                )
            )
        elif row.held_by != actor.agency:
            raise Conflict(f"record id {rid} is taken", where="record_id")
        else:
            row.cluster_id, row.label, row.updated_at = str(cid), label, now
        after[rid] = str(cid)
    low, high = REVIEW_BAND
    pairs = result.pairs
    if len(pairs):
        band = pairs[(pairs["match_probability"] >= low) & (pairs["match_probability"] < high)]
        for pair in band.to_dict("records"):
            session.add(
                LinkReviewRow(
                    record_id_l=str(pair["record_id_l"]),
                    record_id_r=str(pair["record_id_r"]),
                    match_probability=float(pair["match_probability"]),
                    evidence={"waterfall": waterfall({str(k): v for k, v in pair.items()})},
                    status="open",
                )
            )
    return _change(session, actor, "run", reason, before, after)


def open_reviews(session: Session, actor: Actor, *, limit: int = 100) -> list[dict[str, Any]]:
    """The open review items, most uncertain first, with both records' labels."""
    enforce(session, actor, Action.ENTITIES_READ, Resource("person_cluster"))
    seen = select(LinkClusterRow.record_id).where(linked_record_filter(actor))
    stmt = select(LinkReviewRow).where(
        LinkReviewRow.status == "open",
        LinkReviewRow.record_id_l.in_(seen),
        LinkReviewRow.record_id_r.in_(seen),
    )
    rows = list(session.scalars(stmt))
    rows.sort(key=lambda r: abs(r.match_probability - 0.5))
    rows = rows[:limit]
    clusters = _cluster_rows(session, [r.record_id_l for r in rows] + [r.record_id_r for r in rows])
    out = []
    for r in rows:
        left, right = clusters.get(r.record_id_l), clusters.get(r.record_id_r)
        out.append(
            {
                "id": r.id,
                "record_id_l": r.record_id_l,
                "record_id_r": r.record_id_r,
                "label_l": left.label if left else "",
                "label_r": right.label if right else "",
                "same_cluster": bool(left and right and left.cluster_id == right.cluster_id),
                "match_probability": r.match_probability,
                "waterfall": r.evidence.get("waterfall", []),
            }
        )
    return out


def merge(
    session: Session, actor: Actor, a: str, b: str, reason: str, *, kind: str = "merge"
) -> int:
    """Put every record of ``b``'s cluster into ``a``'s; returns the change id."""
    enforce(session, actor, Action.ENTITIES_WRITE, Resource("person_cluster", a))
    reason = _need_reason(reason)
    target, source = _row(session, actor, a), _row(session, actor, b)
    if target.cluster_id == source.cluster_id:
        raise Conflict(f"{a} and {b} are already one person", where="record_id")
    moved = _members(session, source.cluster_id)
    before = {r.record_id: r.cluster_id for r in moved}
    for r in moved:
        r.cluster_id = target.cluster_id
        r.updated_at = datetime.now(UTC)
    return _change(session, actor, kind, reason, before, {r.record_id: r.cluster_id for r in moved})


def split(
    session: Session, actor: Actor, record_id: str, reason: str, *, kind: str = "split"
) -> int:
    """Take ``record_id`` out of its cluster into one of its own; returns the change id."""
    enforce(session, actor, Action.ENTITIES_WRITE, Resource("person_cluster", record_id))
    reason = _need_reason(reason)
    row = _row(session, actor, record_id)
    if len(_members(session, row.cluster_id)) == 1:
        raise Conflict(f"{record_id} is alone in its cluster already", where="record_id")
    before = {record_id: row.cluster_id}
    row.cluster_id = f"{record_id}"
    row.updated_at = datetime.now(UTC)
    return _change(session, actor, kind, reason, before, {record_id: row.cluster_id})


def decide(session: Session, actor: Actor, review_id: int, accept: bool, reason: str) -> int | None:
    """Accept (merge) or reject (keep apart) a queued pair; returns the change id if any."""
    enforce(session, actor, Action.ENTITIES_WRITE, Resource("person_cluster"))
    item = visible_review(session, actor, review_id)
    if item.status != "open":
        raise Conflict(f"review item {review_id} was already {item.status}", where="review_id")
    reason = _need_reason(reason)
    left, right = _row(session, actor, item.record_id_l), _row(session, actor, item.record_id_r)
    change: int | None = None
    together = left.cluster_id == right.cluster_id
    if accept and not together:
        change = merge(session, actor, left.record_id, right.record_id, reason, kind="accept")
    elif not accept and together:
        change = split(session, actor, right.record_id, reason, kind="reject")
    item.status = "accepted" if accept else "rejected"
    item.decided_by, item.decided_at, item.reason = actor.username, datetime.now(UTC), reason
    return change


def undo(session: Session, actor: Actor, change_id: int, reason: str) -> int:
    """Put the clusters back as they were before change ``change_id``; returns the new id."""
    enforce(session, actor, Action.ENTITIES_WRITE, Resource("person_cluster", str(change_id)))
    reason = _need_reason(reason)
    change = session.get(LinkChangeRow, change_id)
    seen = select(func.count()).where(
        LinkClusterRow.record_id.in_(list(change.after) if change else []),
        linked_record_filter(actor),
    )
    if change is None or session.scalar(seen) != len(change.after):
        raise NotFound(f"no change {change_id}", where="change_id")
    if change.undone_by is not None:
        raise Conflict(f"change {change_id} was undone by change {change.undone_by}")
    rows = _cluster_rows(session, list(change.after))
    moved_since = [rid for rid, cid in change.after.items() if rows[rid].cluster_id != cid]
    if moved_since:
        raise Conflict(
            f"records changed again since change {change_id}: {', '.join(sorted(moved_since))};"
            " undo the later changes first"
        )
    after: dict[str, str] = {}
    for rid in change.after:
        back = change.before.get(rid, rid)  # a record new in a run goes back to being alone
        rows[rid].cluster_id = back
        after[rid] = back
    new_id = _change(session, actor, "undo", reason, dict(change.after), after)
    change.undone_by = new_id
    return new_id
