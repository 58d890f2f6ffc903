# SPDX-License-Identifier: EUPL-1.2
"""Saved and shared link charts.

A chart stores the ids an analyst charted, their positions and the agencies it is shared
with, never values. Opened, it is drawn again from the viewer's own network (the values
the visibility decision lets the viewer see): entities the viewer may not see are simply
not there, and the saved positions are kept only when the viewer sees every entity of the
chart (a layout computed around entities someone may not see would betray them).

>>> chart_id = save_chart(session, analyst, ChartDraft("Op TESTFALL", ("demo-boat-1",), {},
...                       ("PREMAR",), "weekly review"))  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction
from straitwatch.access.directory import agencies
from straitwatch.access.policy import Resource, enforce
from straitwatch.access.visibility import sees_chart, visible_chart, visible_entity
from straitwatch.errors import InvalidInput
from straitwatch.intel.events import log
from straitwatch.intel.network.view import actor_network
from straitwatch.store.network import ChartRow

__all__ = ["ChartDraft", "list_charts", "open_chart", "save_chart"]


@dataclass(frozen=True, slots=True)
class ChartDraft:
    name: str
    entity_ids: tuple[str, ...]
    positions: dict[str, tuple[float, float]]
    shared_with: tuple[str, ...]
    purpose: str


def save_chart(session: Session, actor: Actor, draft: ChartDraft) -> int:
    """Store a chart of entities ``actor`` may see; share it with the agencies named."""
    enforce(session, actor, Action.ENTITIES_READ, Resource("network"), purpose=draft.purpose)
    known = {a.code for a in agencies()}
    unknown = sorted(set(draft.shared_with) - known)
    if unknown:
        raise InvalidInput(f"unknown agency code {', '.join(unknown)}", where="shared_with")
    for entity_id in draft.entity_ids:
        visible_entity(session, actor, entity_id)  # 404 for anything the actor may not see
    stray = sorted(set(draft.positions) - set(draft.entity_ids))
    if stray:
        raise InvalidInput(
            f"position for an entity not in the chart: {stray[0]}", where="positions"
        )
    row = ChartRow(
        name=draft.name,
        owner=actor.username,
        agency=actor.agency,
        purpose=draft.purpose,
        entity_ids=list(dict.fromkeys(draft.entity_ids)),
        positions={k: [float(x), float(y)] for k, (x, y) in draft.positions.items()},
        shared_with=sorted(set(draft.shared_with) - {actor.agency}),
    )
    session.add(row)
    session.flush()
    log(
        session,
        actor,
        AuditAction.COLLECTION,
        "network_chart",
        row.id,
        purpose=draft.purpose,
        entities=len(row.entity_ids),
    )
    if row.shared_with:
        log(
            session,
            actor,
            AuditAction.DISCLOSURE,
            "network_chart",
            row.id,
            purpose=draft.purpose,
            to_agencies=row.shared_with,
        )
    return row.id


def list_charts(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """The charts ``actor`` may open: name, who made it, when (no entity ids: those the
    viewer may not see must not show, and the rest are for opening)."""
    enforce(session, actor, Action.ENTITIES_READ, Resource("network"))
    rows = session.scalars(select(ChartRow).order_by(ChartRow.id))
    return [
        {
            "id": r.id,
            "name": r.name,
            "owner": r.owner,
            "agency": r.agency,
            "shared_with": r.shared_with if r.agency == actor.agency else [],
            "updated_at": r.updated_at.isoformat(),
        }
        for r in rows
        if sees_chart(actor, r)
    ]


def open_chart(
    session: Session, actor: Actor, chart_id: int, *, purpose: str | None, reports: bool = False
) -> dict[str, Any]:
    """The chart drawn from the viewer's network: the charted entities the viewer may see
    and the links among them; positions only when the viewer sees all of them."""
    row = visible_chart(session, actor, chart_id)
    network = actor_network(session, actor, purpose=purpose, query="chart", chart=chart_id)
    shown = {i for i in row.entity_ids if i in network.graph.nodes}
    chart = network.as_dict(shown, reports=reports)
    complete = len(shown) == len(row.entity_ids)
    chart["chart"] = {
        "id": row.id,
        "name": row.name,
        "agency": row.agency,
        "owner": row.owner,
        "positions": row.positions if complete else {},
        "layout_kept": complete,
    }
    return chart
