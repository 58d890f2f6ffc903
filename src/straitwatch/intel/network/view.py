# SPDX-License-Identifier: EUPL-1.2
"""The network an actor may see: values fetched through the one visibility decision
(:func:`straitwatch.access.visibility.value_filter`), the graph built from them alone,
analysed, and every query logged as a consultation with its purpose.

>>> network = actor_network(session, fr_analyst, purpose="op TESTFALL")  # doctest: +SKIP
>>> network.analysis.community_count  # doctest: +SKIP
3
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

import numpy as np
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
from straitwatch.intel.network.facilitators import key_facilitators
from straitwatch.intel.network.reports import event_time, is_event, report_nodes
from straitwatch.store.intel import EntityValueRow, ReportRow

__all__ = ["ActorNetwork", "actor_network", "expand", "path_between"]

#: Most hops an expansion may take (beyond three the chart is the whole network).
MAX_HOPS = 3


@dataclass(frozen=True)
class ActorNetwork:
    graph: EntityGraph
    analysis: NetworkAnalysis

    @cached_property
    def index(self) -> dict[str, int]:
        """Entity id -> its row in the analysis arrays."""
        return {node: i for i, node in enumerate(self.analysis.graph.nodes)}

    def node_dict(self, entity_id: str) -> dict[str, Any]:
        node = self.graph.nodes[entity_id]
        i = self.index[entity_id]
        values = self.analysis.values
        when = event_time(node)
        return {
            "id": node.id,
            "kind": "event" if is_event(node.schema) else "entity",
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
            "when": when.isoformat() if when else None,
            "reports": sorted({p.report_id for p in node.provenance if p.report_id is not None}),
        }

    @cached_property
    def facilitators(self) -> list[dict[str, Any]]:
        """Every person and organisation ranked as a key facilitator, best first."""
        return key_facilitators(self.graph, self.analysis, len(self.graph.nodes))

    def changes(
        self, *, until: datetime | None = None, recent_days: int = 7, quiet_days: int = 30
    ) -> dict[str, Any]:
        """Who appeared in the last ``recent_days`` before ``until`` (default: the latest
        report time in the network), who has gone quiet (last seen over ``quiet_days``
        before it, after more than one report), and the links first reported recently."""
        times = [p.time for n in self.graph.nodes.values() for p in n.provenance if p.time]
        if not times:
            return {"until": None, "appeared": [], "went_quiet": [], "new_links": 0}
        end = until or max(times)
        recent, quiet = end - timedelta(days=recent_days), end - timedelta(days=quiet_days)
        appeared = [
            n.id for n in self.graph.nodes.values() if n.first_seen and n.first_seen >= recent
        ]
        went_quiet = [
            n.id
            for n in self.graph.nodes.values()
            if n.last_seen and n.last_seen < quiet and len({p.report_id for p in n.provenance}) > 1
        ]
        new_links = sum(
            1
            for e in self.graph.edges
            if min((p.time for p in e.provenance if p.time), default=quiet) >= recent
        )
        return {
            "until": end.isoformat(),
            "appeared": sorted(appeared),
            "went_quiet": sorted(went_quiet),
            "new_links": new_links,
        }

    def as_dict(
        self, ids: set[str] | None = None, *, top: int = 10, reports: bool = False
    ) -> dict[str, Any]:
        """Nodes (all, or ``ids``), the edges among them with provenance, and a summary;
        with ``reports``, the reports behind them as nodes too (:mod:`~.reports`)."""
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
            if e.source in keep and e.target in keep and not (reports and e.kind == "co_occurrence")
        ]
        nodes = [self.node_dict(i) for i in sorted(keep)]
        if reports:
            extra_nodes, extra_edges = report_nodes(self.graph.nodes, self.graph.edges, keep)
            nodes += extra_nodes
            edges += extra_edges
        return {
            "changes": self.changes(),
            "nodes": nodes,
            "edges": edges,
            "summary": {
                "entities": len(self.graph.nodes),
                "links": len(self.graph.edges),
                "communities": self.analysis.community_count,
                "key_facilitators": self.facilitators[:top],
            },
        }


def _facts(session: Session, actor: Actor, today: date | None) -> tuple[list[ValueFact], bytes]:
    """The values ``actor`` may see with their reports' handling, grade and time: columns
    only (no ORM objects: a network is thousands of values), and a digest of them all."""
    v, r = EntityValueRow, ReportRow
    rows = session.execute(
        select(
            v.entity_id,
            v.schema,
            v.prop,
            v.value,
            v.report_id,
            v.agency,
            r.handling_scale,
            r.handling_code,
            r.grade_scale,
            r.grade_source,
            r.grade_information,
            r.grade_sort,
            r.event_time,
            r.location,
            r.lat,
            r.lon,
            r.title,
            r.purpose,
        )
        .outerjoin(r, v.report_id == r.id)
        .where(value_filter(actor, today=today))
        .order_by(v.id)
    ).all()
    digest = hashlib.blake2b(repr(rows).encode(), digest_size=20).digest()
    provenance: dict[tuple[int | None, str], Provenance] = {}
    facts = []
    for entity_id, schema, prop, value, report_id, agency, *report in rows:
        prov = provenance.get((report_id, agency))
        if prov is None:
            (h_scale, h_code, g_scale, g_source, g_info, g_sort, at, place, lat, lon, title, op) = (
                report
            )
            prov = provenance[(report_id, agency)] = Provenance(
                report_id=report_id,
                agency=agency,
                handling=f"{h_scale}:{h_code}" if report_id is not None else None,
                grade=f"{g_scale}:{g_source}{g_info}" if report_id is not None else None,
                grade_sort=g_sort,
                time=at,
                place=place,
                lat=lat,
                lon=lon,
                title=title,
                operation=op,
            )
        facts.append(ValueFact(entity_id, schema, prop, value, prov))
    return facts, digest


_CACHE: OrderedDict[bytes, ActorNetwork] = OrderedDict()
_CACHE_SIZE = 16
_CACHE_LOCK = threading.Lock()


def _analysed(facts: list[ValueFact], digest: bytes) -> ActorNetwork:
    """The graph of ``facts`` and its analysis, cached by a digest of the facts themselves:
    two requests that see exactly the same values share the work, and nothing outside the
    facts (so nothing the actor may not see) can select or shape a cached answer."""
    with _CACHE_LOCK:
        hit = _CACHE.get(digest)
        if hit is not None:
            _CACHE.move_to_end(digest)
            return hit
    graph = build_entity_graph(facts)
    network = ActorNetwork(graph, analyse(graph.as_graph()))
    with _CACHE_LOCK:
        _CACHE[digest] = network
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return network


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
    network = _analysed(*_facts(session, actor, today))
    graph = network.graph
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


def _require(session: Session, actor: Actor, network: ActorNetwork, entity_id: str) -> None:
    """404 unless the entity is in the actor's network (the same answer as for an id never
    used; interval entities such as payments are links, not nodes)."""
    visible_entity(session, actor, entity_id)
    if entity_id not in network.graph.nodes:
        raise NotFound(f"no entity {entity_id}")


def expand(
    session: Session, actor: Actor, network: ActorNetwork, entity_id: str, hops: int
) -> set[str]:
    """Ids within ``hops`` links of ``entity_id`` (sparse breadth-first steps)."""
    _require(session, actor, network, entity_id)
    a = network.analysis.graph.adjacency()
    reached = np.zeros(a.shape[0], dtype=bool)
    reached[network.index[entity_id]] = True
    frontier = reached.copy()
    for _ in range(hops):
        frontier = (a @ frontier.astype(np.float64) > 0) & ~reached
        if not frontier.any():
            break
        reached |= frontier
    nodes = network.analysis.graph.nodes
    return {nodes[i] for i in np.flatnonzero(reached)}


def path_between(
    session: Session, actor: Actor, network: ActorNetwork, source: str, target: str
) -> list[str]:
    """The shortest chain of links from ``source`` to ``target`` (empty when none)."""
    from scipy.sparse.csgraph import breadth_first_order

    _require(session, actor, network, source)
    _require(session, actor, network, target)
    start, goal = network.index[source], network.index[target]
    _, previous = breadth_first_order(network.analysis.graph.adjacency(), start, directed=False)
    if start != goal and previous[goal] < 0:
        return []
    chain = [goal]
    while chain[-1] != start:
        chain.append(int(previous[chain[-1]]))
    nodes = network.analysis.graph.nodes
    return [nodes[i] for i in reversed(chain)]
