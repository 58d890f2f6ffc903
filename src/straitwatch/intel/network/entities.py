# SPDX-License-Identifier: EUPL-1.2
"""The entity graph an actor may see, built only from the entity values they may see.

Input is a list of :class:`ValueFact` (one FtM property value with its provenance: the
report it was drawn from, the agency, the handling code and grade as given and
normalised, the time); the caller fetches exactly the values the one visibility decision
(:mod:`straitwatch.access.visibility`) lets the actor see. Nothing else goes in, so no
node, edge, count, weight or caption can depend on what the actor may not see.

Nodes are entities (persons, phones, boats, engines, vehicles, companies, accounts,
places, ...). Edges, each with every piece of provenance behind it:

- ``relation``: an FtM relation — an interval entity such as Payment or Ownership joins
  its source and target (``payer`` → ``beneficiary``), and an entity-typed property
  (``fittedTo``, ``user``, ``owner``) joins its entity to the one it names;
- ``shared``: two entities that hold the same identifier (a phone number, e-mail, IBAN,
  serial or registration number) — the way analysts see two groups share a phone;
- ``co_occurrence``: two entities drawn from the same report.

>>> p = Provenance(report_id=1, agency="UKBF", handling="3x5x2:P", grade="3x5x2:1A",
...                grade_sort=1, time=None)
>>> g = build_entity_graph([ValueFact("a", "Person", "name", "Ann TESTER", p),
...                         ValueFact("b", "Phone", "number", "+447400123456", p),
...                         ValueFact("b", "Phone", "user", "a", p)])
>>> [(e.source, e.target, e.kind, e.label) for e in g.edges]
[('a', 'b', 'co_occurrence', 'report'), ('b', 'a', 'relation', 'user')]
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from straitwatch.intel.network.graph import Graph

__all__ = [
    "EntityEdge",
    "EntityGraph",
    "EntityNode",
    "Provenance",
    "ValueFact",
    "build_entity_graph",
]

#: FtM property types whose equal values join two entities (``shared`` edges).
SHARED_TYPES = frozenset({"phone", "email", "iban", "identifier"})
#: A report naming more entities than this adds no co-occurrence edges (a bulk list
#: is not evidence that each pair is linked); its relations still count.
MAX_CO_OCCURRING = 40


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a value came from: the report (``None`` for an agency's own record), the
    agency, the handling code and grade as given (``scale:code``), the normalised grade
    (0 worst … 200 best), the report's event time, place and title."""

    report_id: int | None
    agency: str
    handling: str | None
    grade: str | None
    grade_sort: int | None
    time: datetime | None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    title: str | None = None
    operation: str | None = None  # the report's stated purpose (the operation it serves)


@dataclass(frozen=True, slots=True)
class ValueFact:
    entity_id: str
    schema: str
    prop: str
    value: str
    provenance: Provenance


@dataclass(slots=True)
class EntityNode:
    id: str
    schema: str
    caption: str
    properties: dict[str, list[str]] = field(default_factory=dict)
    provenance: list[Provenance] = field(default_factory=list)

    @property
    def first_seen(self) -> datetime | None:
        times = [p.time for p in self.provenance if p.time is not None]
        return min(times) if times else None

    @property
    def last_seen(self) -> datetime | None:
        times = [p.time for p in self.provenance if p.time is not None]
        return max(times) if times else None


@dataclass(slots=True)
class EntityEdge:
    source: str
    target: str
    kind: str  # relation | shared | co_occurrence
    label: str  # the FtM property or schema, the shared value's type, or "report"
    provenance: list[Provenance] = field(default_factory=list)
    via: str | None = None  # the interval entity (e.g. the Payment) behind a relation

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.source, self.target, self.kind, self.label)


@dataclass
class EntityGraph:
    nodes: dict[str, EntityNode]
    edges: list[EntityEdge]

    def as_graph(self) -> Graph:
        """The weighted graph for analysis: one weight per distinct piece of provenance
        (report or agency record) behind the links between two entities."""
        weight: dict[tuple[str, str], set[tuple[int | None, str]]] = defaultdict(set)
        for e in self.edges:
            a, b = sorted((e.source, e.target))
            weight[(a, b)].update((p.report_id, p.agency) for p in e.provenance)
        ids = sorted(self.nodes)
        edges = [(a, b, float(len(w))) for (a, b), w in sorted(weight.items())]
        present = {x for a, b, _ in edges for x in (a, b)}
        graph = Graph.from_edges(edges)
        # Entities with no link still count as nodes of the network.
        lonely = [i for i in ids if i not in present]
        if lonely:
            graph = Graph.from_edges([*edges, *((i, i, 1.0) for i in lonely)])
        return graph


@cache
def _schema_info(schema_name: str) -> tuple[bool, str | None, str | None, dict[str, str]]:
    """(is an interval/edge schema, source prop, target prop, property -> FtM type name)."""
    from straitwatch.intel.ftm import ftm_model

    schema = ftm_model().get(schema_name)
    if schema is None:
        return False, None, None, {}
    types = {name: prop.type.name for name, prop in schema.properties.items()}
    if schema.edge and schema.source_prop is not None and schema.target_prop is not None:
        return True, schema.source_prop.name, schema.target_prop.name, types
    return False, None, None, types


@cache
def _caption_props(schema_name: str) -> tuple[str, ...]:
    from straitwatch.intel.ftm import ftm_model

    schema = ftm_model().get(schema_name)
    return tuple(schema.caption) if schema is not None else ("name",)


def _caption(schema_name: str, props: dict[str, list[str]], entity_id: str) -> str:
    for prop in _caption_props(schema_name):
        if props.get(prop):
            return props[prop][0]
    return entity_id


def build_entity_graph(values: Iterable[ValueFact]) -> EntityGraph:
    """The graph of the given values (and nothing else), deterministic in its order."""
    by_entity: dict[str, list[ValueFact]] = defaultdict(list)
    for v in values:
        by_entity[v.entity_id].append(v)
    nodes: dict[str, EntityNode] = {}
    edges: dict[tuple[str, str, str, str], EntityEdge] = {}
    intervals: dict[str, tuple[str, str, list[ValueFact]]] = {}

    def link(
        a: str, b: str, kind: str, label: str, prov: Provenance, via: str | None = None
    ) -> None:
        if a == b:
            return
        if kind != "relation":
            a, b = sorted((a, b))
        edge = edges.setdefault((a, b, kind, label), EntityEdge(a, b, kind, label, via=via))
        if prov not in edge.provenance:
            edge.provenance.append(prov)

    for entity_id in sorted(by_entity):
        facts = by_entity[entity_id]
        schema_name = facts[0].schema
        is_interval, source_prop, target_prop, types = _schema_info(schema_name)
        props: dict[str, list[str]] = defaultdict(list)
        for f in facts:
            if f.value not in props[f.prop]:
                props[f.prop].append(f.value)
        if is_interval and source_prop and target_prop:
            intervals[entity_id] = (source_prop, target_prop, facts)
            continue
        node = EntityNode(
            entity_id, schema_name, _caption(schema_name, props, entity_id), dict(props)
        )
        for f in facts:
            if f.provenance not in node.provenance:
                node.provenance.append(f.provenance)
        nodes[entity_id] = node

    # Entity-typed properties of ordinary entities, and shared identifiers.
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for node in nodes.values():
        _, _, _, types = _schema_info(node.schema)
        for f in by_entity[node.id]:
            kind = types.get(f.prop)
            if kind == "entity" and f.value in nodes:
                link(node.id, f.value, "relation", f.prop, f.provenance)
            elif kind in SHARED_TYPES:
                holders[(kind, f.value.strip().lower())].add(node.id)
    for (kind, value), ids in sorted(holders.items()):
        for a, b in itertools.combinations(sorted(ids), 2):
            for f in by_entity[a] + by_entity[b]:
                if types_match(f, kind, value):
                    link(a, b, "shared", kind, f.provenance)

    # Interval entities (Payment, Ownership, ...) become relations between their ends.
    for entity_id, (source_prop, target_prop, facts) in sorted(intervals.items()):
        sources = sorted({f.value for f in facts if f.prop == source_prop and f.value in nodes})
        targets = sorted({f.value for f in facts if f.prop == target_prop and f.value in nodes})
        for a, b in itertools.product(sources, targets):
            for f in facts:
                link(a, b, "relation", facts[0].schema, f.provenance, via=entity_id)

    # Co-occurrence in one report.
    in_report: dict[int, set[str]] = defaultdict(set)
    prov_of: dict[int, Provenance] = {}
    for node in nodes.values():
        for p in node.provenance:
            if p.report_id is not None:
                in_report[p.report_id].add(node.id)
                prov_of[p.report_id] = p
    for report_id, ids in sorted(in_report.items()):
        if len(ids) <= MAX_CO_OCCURRING:
            for a, b in itertools.combinations(sorted(ids), 2):
                link(a, b, "co_occurrence", "report", prov_of[report_id])

    ordered = sorted(edges.values(), key=lambda e: e.key)
    return EntityGraph(nodes, ordered)


def types_match(fact: ValueFact, kind: str, value: str) -> bool:
    """Whether ``fact`` is the shared identifier ``value`` of FtM type ``kind``."""
    _, _, _, types = _schema_info(fact.schema)
    return types.get(fact.prop) == kind and fact.value.strip().lower() == value


def provenance_dict(p: Provenance) -> dict[str, Any]:
    """The JSON shape of one piece of provenance (the chart's provenance card)."""
    return {
        "report_id": p.report_id,
        "agency": p.agency,
        "handling": p.handling,
        "grade": p.grade,
        "grade_sort": p.grade_sort,
        "time": p.time.isoformat() if p.time else None,
        "place": p.place,
        "lat": p.lat,
        "lon": p.lon,
        "title": p.title,
        "operation": p.operation,
    }
