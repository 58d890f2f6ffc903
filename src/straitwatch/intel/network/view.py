"""The network an actor may see: values fetched through the one visibility decision
(:func:`straitwatch.access.visibility.value_filter`), the graph built from them alone,
analysed, and every query logged as a consultation with its purpose.

>>> network = actor_network(session, fr_analyst, purpose="op TESTFALL")  # doctest: +SKIP
>>> network.analysis.community_count  # doctest: +SKIP
3
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction
from straitwatch.access.policy import Resource, enforce
from straitwatch.access.visibility import value_filter, visible_entity
from straitwatch.errors import NotFound
from straitwatch.intel.events import log
from straitwatch.intel.network.analysis import NetworkAnalysis, analyse
from straitwatch.intel.network.entities import (
    EntityGraph,
    Provenance,
    ValueFact,
    build_entity_graph,
    provenance_dict,
)
from straitwatch.store.intel import EntityValueRow, ReportRow

__all__ = ["ActorNetwork", "actor_network", "expand", "path_between"]

#: Most hops an expansion may take (beyond three the chart is the whole network).
MAX_HOPS = 3


@dataclass(frozen=True)
class ActorNetwork:
    graph: EntityGraph
    analysis: NetworkAnalysis

    def node_dict(self, entity_id: str) -> dict[str, Any]:
        node = self.graph.nodes[entity_id]
        i = self.analysis.graph.nodes.index(entity_id)
        values = self.analysis.values
        return {
            "id": node.id,
            "schema": node.schema,
            "caption": node.caption,
            "properties": node.properties,
            "community": int(self.analysis.community[i]),
            "degree": int(values["degree"][i]),
            "pagerank": round(float(values["pagerank"][i]), 6),
            "betweenness": round(float(values["betweenness"][i]), 6),
            "core": int(values["core"][i]),
            "handling": sorted({p.handling for p in node.provenance if p.handling}),
            "agencies": sorted({p.agency for p in node.provenance}),
            "first_seen": node.first_seen.isoformat() if node.first_seen else None,
            "last_seen": node.last_seen.isoformat() if node.last_seen else None,
            "reports": sorted({p.report_id for p in node.provenance if p.report_id is not None}),
        }

    def as_dict(self, ids: set[str] | None = None, *, top: int = 10) -> dict[str, Any]:
        """Nodes (all, or ``ids``), the edges among them with provenance, and a summary."""
        keep = set(self.graph.nodes) if ids is None else ids
        edges = [
            {
                "source": e.source,
                "target": e.target,
                "kind": e.kind,
                "label": e.label,
                "via": e.via,
                "provenance": [provenance_dict(p) for p in e.provenance],
            }
            for e in self.graph.edges
            if e.source in keep and e.target in keep
        ]
        key = [
            {
                "id": k.node,
                "score": round(k.score, 4),
                "community": k.community,
                "reasons": list(k.reasons),
            }
            for k in self.analysis.key_nodes(top)
        ]
        return {
            "nodes": [self.node_dict(i) for i in sorted(keep)],
            "edges": edges,
            "summary": {
                "entities": len(self.graph.nodes),
                "links": len(self.graph.edges),
                "communities": self.analysis.community_count,
                "key_facilitators": key,
            },
        }


def _facts(session: Session, actor: Actor, today: date | None) -> list[ValueFact]:
    rows = session.execute(
        select(EntityValueRow, ReportRow)
        .outerjoin(ReportRow, EntityValueRow.report_id == ReportRow.id)
        .where(value_filter(actor, today=today))
        .order_by(EntityValueRow.id)
    )
    facts = []
    for value, report in rows:
        prov = Provenance(
            report_id=value.report_id,
            agency=value.agency,
            handling=f"{report.handling_scale}:{report.handling_code}" if report else None,
            grade=(
                f"{report.grade_scale}:{report.grade_source}{report.grade_information}"
                if report
                else None
            ),
            grade_sort=report.grade_sort if report else None,
            time=report.event_time if report else None,
        )
        facts.append(ValueFact(value.entity_id, value.schema, value.prop, value.value, prov))
    return facts


def actor_network(
    session: Session,
    actor: Actor,
    *,
    purpose: str | None,
    query: str = "graph",
    today: date | None = None,
    **detail: Any,
) -> ActorNetwork:
    """The analysed network of what ``actor`` may see; the query is audited."""
    enforce(session, actor, Action.ENTITIES_READ, Resource("network"), purpose=purpose)
    graph = build_entity_graph(_facts(session, actor, today))
    network = ActorNetwork(graph, analyse(graph.as_graph()))
    log(
        session,
        actor,
        AuditAction.CONSULTATION,
        "network",
        None,
        purpose=purpose,
        query=query,
        entities=len(graph.nodes),
        links=len(graph.edges),
        **detail,
    )
    return network


def _neighbours(network: ActorNetwork) -> dict[str, list[str]]:
    out: dict[str, set[str]] = {i: set() for i in network.graph.nodes}
    for e in network.graph.edges:
        out[e.source].add(e.target)
        out[e.target].add(e.source)
    return {k: sorted(v) for k, v in out.items()}


def _require(session: Session, actor: Actor, network: ActorNetwork, entity_id: str) -> None:
    """404 unless the entity is in the actor's network (the same answer as for an id never
    used; interval entities such as payments are links, not nodes)."""
    visible_entity(session, actor, entity_id)
    if entity_id not in network.graph.nodes:
        raise NotFound(f"no entity {entity_id}")


def expand(
    session: Session, actor: Actor, network: ActorNetwork, entity_id: str, hops: int
) -> set[str]:
    """Ids within ``hops`` links of ``entity_id`` (breadth first)."""
    _require(session, actor, network, entity_id)
    neighbours = _neighbours(network)
    seen = {entity_id: 0}
    queue = deque([entity_id])
    while queue:
        here = queue.popleft()
        if seen[here] >= hops:
            continue
        for nxt in neighbours[here]:
            if nxt not in seen:
                seen[nxt] = seen[here] + 1
                queue.append(nxt)
    return set(seen)


def path_between(
    session: Session, actor: Actor, network: ActorNetwork, source: str, target: str
) -> list[str]:
    """The shortest chain of links from ``source`` to ``target`` (empty when none)."""
    _require(session, actor, network, source)
    _require(session, actor, network, target)
    neighbours = _neighbours(network)
    previous: dict[str, str | None] = {source: None}
    queue = deque([source])
    while queue:
        here = queue.popleft()
        if here == target:
            chain = [here]
            while (back := previous[chain[-1]]) is not None:
                chain.append(back)
            return chain[::-1]
        for nxt in neighbours[here]:
            if nxt not in previous:
                previous[nxt] = here
                queue.append(nxt)
    return []
