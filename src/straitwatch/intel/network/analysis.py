# SPDX-License-Identifier: EUPL-1.2
"""One analysis of a network: communities, centralities, cores, key nodes, and what each
took, as plain data the CLI, the API and the briefing all print from.

>>> from straitwatch.intel.network.graph import Graph
>>> g = Graph.from_edges([("a", "b", 1), ("b", "c", 1), ("c", "a", 1), ("c", "d", 1)])
>>> result = analyse(g)
>>> result.top("degree", 1)[0].node
'c'
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from straitwatch.intel.network import measures
from straitwatch.intel.network.graph import FloatArray, Graph, IntArray

__all__ = ["MEASURES", "KeyNode", "NetworkAnalysis", "Ranked", "analyse"]

Measure = Literal["degree", "pagerank", "betweenness", "core", "participation"]
MEASURES: tuple[Measure, ...] = ("degree", "pagerank", "betweenness", "core", "participation")

#: Exact betweenness up to this many nodes; above it, estimated from sampled sources.
EXACT_BETWEENNESS_MAX_NODES = 2000
BETWEENNESS_SAMPLES = 256


@dataclass(frozen=True, slots=True)
class Ranked:
    node: str
    value: float


@dataclass(frozen=True, slots=True)
class KeyNode:
    """A node ranked as a likely key facilitator, with the structural reasons (codes and
    figures, put into words by the page in the reader's language)."""

    node: str
    score: float
    community: int
    reasons: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class NetworkAnalysis:
    graph: Graph
    community: IntArray
    values: dict[Measure, FloatArray]
    betweenness_exact: bool
    timings_s: dict[str, float] = field(default_factory=dict)

    @property
    def community_count(self) -> int:
        return int(self.community.max()) + 1 if len(self.community) else 0

    def top(self, measure: Measure, k: int) -> list[Ranked]:
        """The ``k`` highest nodes by ``measure`` (ties broken by node id, so stable)."""
        values = self.values[measure]
        order = np.lexsort((np.asarray(self.graph.nodes), -values))[:k]
        return [Ranked(self.graph.nodes[i], float(values[i])) for i in order]

    def key_nodes(self, k: int) -> list[KeyNode]:
        """Nodes that hold the network together: the mean of their percentile ranks in
        brokerage (betweenness, participation across communities) and reach (PageRank),
        each reason stated with its figure."""
        n = self.graph.n
        if n == 0:
            return []
        pct = {
            m: _percentile_rank(self.values[m])
            for m in ("betweenness", "participation", "pagerank")
        }
        score = (pct["betweenness"] + pct["participation"] + pct["pagerank"]) / 3.0
        order = np.lexsort((np.asarray(self.graph.nodes), -score))[:k]
        a = self.graph.adjacency()
        out = []
        for i in order:
            neighbours = a.indices[a.indptr[i] : a.indptr[i + 1]]
            reached = np.unique(self.community[neighbours])
            reasons: list[dict[str, Any]] = []
            if len(reached[reached != self.community[i]]) > 0:
                reasons.append({"code": "brokerage", "communities": len(reached)})
            if pct["betweenness"][i] >= 0.9:
                reasons.append({"code": "on_many_paths", "percentile": _pct(pct["betweenness"][i])})
            if pct["pagerank"][i] >= 0.9:
                reasons.append({"code": "reach", "percentile": _pct(pct["pagerank"][i])})
            reasons.append({"code": "contacts", "count": len(neighbours)})
            out.append(
                KeyNode(
                    self.graph.nodes[i], float(score[i]), int(self.community[i]), tuple(reasons)
                )
            )
        return out

    def as_dict(self, k: int) -> dict[str, Any]:
        """The JSON shape of ``network analyse --json`` and the API."""
        sizes = np.bincount(self.community) if len(self.community) else np.zeros(0, dtype=int)
        return {
            "nodes": self.graph.n,
            "edges": self.graph.edge_count(),
            "communities": {
                "count": self.community_count,
                "largest": sorted((int(s) for s in sizes), reverse=True)[:10],
                "membership": dict(zip(self.graph.nodes, self.community.tolist(), strict=True)),
            },
            "top": {
                m: [{"node": r.node, "value": r.value} for r in self.top(m, k)] for m in MEASURES
            },
            "key_nodes": [
                {
                    "node": x.node,
                    "score": round(x.score, 4),
                    "community": x.community,
                    "reasons": list(x.reasons),
                }
                for x in self.key_nodes(k)
            ],
            "betweenness": "exact"
            if self.betweenness_exact
            else f"estimated from {BETWEENNESS_SAMPLES} sources",
            "timings_s": {name: round(t, 4) for name, t in self.timings_s.items()},
        }


def _pct(value: float) -> int:
    return round(100 * value)


def _percentile_rank(values: FloatArray) -> FloatArray:
    """Share of nodes with a strictly smaller value (0 … just under 1)."""
    ordered = np.sort(values)
    return np.searchsorted(ordered, values, side="left") / max(len(values), 1)


def analyse(g: Graph, *, seed: int = 7) -> NetworkAnalysis:
    """Every measure over ``g``, each timed."""
    timings: dict[str, float] = {}

    def timed(name: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = fn()
        timings[name] = time.perf_counter() - start
        return result

    timed("matrix", g.adjacency)
    exact = g.n <= EXACT_BETWEENNESS_MAX_NODES
    samples = None if exact else BETWEENNESS_SAMPLES
    community = timed("communities", lambda: measures.communities(g, seed=seed))
    values: dict[Measure, FloatArray] = {
        "degree": timed("degree", lambda: measures.degree(g).astype(np.float64)),
        "pagerank": timed("pagerank", lambda: measures.pagerank(g)),
        "betweenness": timed(
            "betweenness", lambda: measures.betweenness(g, samples=samples, seed=seed)
        ),
        "core": timed("core", lambda: measures.core_numbers(g).astype(np.float64)),
        "participation": timed("participation", lambda: measures.participation(g, community)),
    }
    return NetworkAnalysis(g, community, values, exact, timings)
