# SPDX-License-Identifier: EUPL-1.2
"""Disruptions recorded against a network, and what each changed.

An agency records a disruption (an arrest, a seizure of boats or engines, a frozen
account, ...) against entities of a network: the row keeps the ids, never values. Shown,
each disruption is measured on the viewer's own network: the entities it names that the
viewer may see are taken out, and the network is measured before and after — entities
and links left, connected groups, the largest one, how many pairs of entities can still
reach each other, networks identified (:func:`~.briefing.networks`, Leiden run again on
what is left), and which key facilitators it removed. Entities the viewer may not see
are neither listed nor counted, so nothing measured depends on them.

>>> record_disruption(session, uk, DisruptionDraft("arrest", date(2026, 11, 21),
...                   ("demo-person-zebulon-probatus",), None, "Op TESTFALL"))  # doctest: +SKIP
1
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from scipy.sparse.csgraph import connected_components
from sqlalchemy import select
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction
from straitwatch.access.policy import Resource, enforce
from straitwatch.access.visibility import disruption_filter, visible_entity
from straitwatch.errors import InvalidInput
from straitwatch.intel.events import log
from straitwatch.intel.network import measures
from straitwatch.intel.network.briefing import networks
from straitwatch.intel.network.graph import Graph
from straitwatch.intel.network.view import ActorNetwork
from straitwatch.store.network import DisruptionRow

__all__ = ["KINDS", "DisruptionDraft", "effect", "list_disruptions", "record_disruption"]

#: What a disruption may be (the page names each in the reader's language).
KINDS = ("arrest", "seizure", "account_frozen", "boat_destroyed", "warrant", "other")


@dataclass(frozen=True, slots=True)
class DisruptionDraft:
    kind: str
    occurred_on: date
    entity_ids: tuple[str, ...]
    note: str | None
    purpose: str


def record_disruption(session: Session, actor: Actor, draft: DisruptionDraft) -> int:
    """Record a disruption against entities ``actor`` may see (404 for any other)."""
    enforce(session, actor, Action.ENTITIES_WRITE, Resource("network"), purpose=draft.purpose)
    if draft.kind not in KINDS:
        raise InvalidInput(f"unknown disruption kind {draft.kind!r}", where="kind")
    for entity_id in draft.entity_ids:
        visible_entity(session, actor, entity_id)
    row = DisruptionRow(
        agency=actor.agency,
        recorded_by=actor.username,
        purpose=draft.purpose,
        kind=draft.kind,
        occurred_on=draft.occurred_on,
        entity_ids=list(dict.fromkeys(draft.entity_ids)),
        note=draft.note,
    )
    session.add(row)
    session.flush()
    log(
        session,
        actor,
        AuditAction.COLLECTION,
        "network_disruption",
        row.id,
        purpose=draft.purpose,
        disruption=draft.kind,
        entities=len(row.entity_ids),
    )
    return row.id


def _without(g: Graph, removed: np.ndarray[Any, np.dtype[np.bool_]]) -> Graph:
    keep = ~removed
    new_index = np.cumsum(keep) - 1
    edge = keep[g.src] & keep[g.dst]
    return Graph(
        nodes=tuple(n for n, k in zip(g.nodes, keep, strict=True) if k),
        src=new_index[g.src[edge]].astype(np.int64),
        dst=new_index[g.dst[edge]].astype(np.int64),
        weight=g.weight[edge],
    )


def _shape(network: ActorNetwork, g: Graph, community: Any) -> dict[str, int]:
    a = g.adjacency()
    _, labels = connected_components(a, directed=False)
    sizes = np.bincount(labels) if g.n else np.zeros(0, dtype=np.int64)
    return {
        "entities": g.n,
        "links": int(a.nnz // 2),
        "groups": int((sizes >= 2).sum()),
        "largest_group": int(sizes.max()) if len(sizes) else 0,
        "connected_pairs": int((sizes * (sizes - 1) // 2).sum()),
        "networks": len(networks(network.graph.nodes, g, community)),
    }


def effect(network: ActorNetwork, entity_ids: list[str]) -> dict[str, Any]:
    """The network before and after the entities named (those in it) are taken out."""
    g = network.analysis.graph
    removed = np.zeros(g.n, dtype=bool)
    for entity_id in entity_ids:
        if entity_id in network.index:
            removed[network.index[entity_id]] = True
    after = _without(g, removed)
    before_shape = _shape(network, g, network.analysis.community)
    after_shape = _shape(network, after, measures.communities(after))
    key = [k["id"] for k in network.facilitators[:10]]
    return {
        "before": before_shape,
        "after": after_shape,
        "key_facilitators_removed": [k for k in key if k in entity_ids],
    }


def list_disruptions(session: Session, actor: Actor, network: ActorNetwork) -> list[dict[str, Any]]:
    """The disruptions the actor's agency recorded, newest first, each with the entities
    of it the actor may see and its effect on the actor's network."""
    rows = session.scalars(
        select(DisruptionRow)
        .where(disruption_filter(actor))
        .order_by(DisruptionRow.occurred_on.desc(), DisruptionRow.id.desc())
    )
    out = []
    for row in rows:
        shown = [i for i in row.entity_ids if i in network.graph.nodes]
        out.append(
            {
                "id": row.id,
                "kind": row.kind,
                "occurred_on": row.occurred_on.isoformat(),
                "agency": row.agency,
                "recorded_by": row.recorded_by,
                "note": row.note,
                "entities": [{"id": i, "caption": network.graph.nodes[i].caption} for i in shown],
                "effect": effect(network, shown),
            }
        )
    return out
