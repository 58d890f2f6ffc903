# SPDX-License-Identifier: EUPL-1.2
"""Key facilitators: who holds the visible network together, ranked and explained.

The structural score (:meth:`NetworkAnalysis.key_nodes`: brokerage between communities,
betweenness, reach) is weighed with what an analyst weighs next: how recently the entity
was reported (recency) and how good the evidence is (the best normalised grade of the
reports behind it, and how many there are). Each enters as a percentile rank among the
actor's visible entities, so the ranking is computed from the actor's network alone.

Only people and organisations are ranked (a phone or a boat is not a facilitator; its
user or owner is). Each facilitator comes with its reasons as codes and figures, put
into words by the page or the CLI in the reader's language.

>>> key_facilitators(network.graph, network.analysis, 5)  # doctest: +SKIP
[{'id': 'demo-person-zebulon-probatus', 'score': 0.81, 'reasons': [...]}, ...]
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np

from straitwatch.intel.network.analysis import NetworkAnalysis
from straitwatch.intel.network.entities import EntityGraph

__all__ = ["FACILITATOR_SCHEMATA", "WEIGHTS", "key_facilitators"]

#: FtM schemata that may be ranked as facilitators.
FACILITATOR_SCHEMATA = frozenset({"Person", "Organization", "Company", "LegalEntity", "PublicBody"})
#: Weight of each component of the score (they sum to 1).
WEIGHTS = {"structure": 0.6, "recency": 0.2, "evidence": 0.2}
#: Seen within this many days of the network's latest report: said as a reason.
RECENT_DAYS = 14


def _percentile_rank(values: np.ndarray[Any, np.dtype[np.float64]]) -> Any:
    ordered = np.sort(values)
    return np.searchsorted(ordered, values, side="left") / max(len(values) - 1, 1)


def key_facilitators(graph: EntityGraph, analysis: NetworkAnalysis, k: int) -> list[dict[str, Any]]:
    """The ``k`` likeliest key facilitators with their score, community and reasons."""
    nodes = analysis.graph.nodes
    n = len(nodes)
    if n == 0:
        return []
    structural = {x.node: x for x in analysis.key_nodes(n)}
    times = [p.time for e in graph.nodes.values() for p in e.provenance if p.time]
    latest: datetime | None = max(times) if times else None
    last = np.zeros(n)
    evidence = np.zeros(n)
    best: list[tuple[int, str | None, int]] = []
    for i, node_id in enumerate(nodes):
        node = graph.nodes[node_id]
        seen = node.last_seen
        last[i] = seen.timestamp() if seen else 0.0
        graded = [(p.grade_sort or 0, p.grade) for p in node.provenance if p.report_id]
        reports = len({p.report_id for p in node.provenance if p.report_id is not None})
        top_sort, top_grade = max(graded, default=(0, None), key=lambda g: g[0])
        best.append((top_sort, top_grade, reports))
        # Best grade first, then the number of reports (a grade is 0..200).
        evidence[i] = top_sort * 1000 + min(reports, 999)
    recency_pct, evidence_pct = _percentile_rank(last), _percentile_rank(evidence)
    scored = []
    for i, node_id in enumerate(nodes):
        if graph.nodes[node_id].schema not in FACILITATOR_SCHEMATA:
            continue
        s = structural[node_id]
        score = (
            WEIGHTS["structure"] * s.score
            + WEIGHTS["recency"] * float(recency_pct[i])
            + WEIGHTS["evidence"] * float(evidence_pct[i])
        )
        reasons = list(s.reasons)
        seen = graph.nodes[node_id].last_seen
        if seen and latest and (latest - seen).days <= RECENT_DAYS:
            reasons.append({"code": "recent", "days": (latest - seen).days})
        top_sort, top_grade, reports = best[i]
        if top_grade:
            reasons.append(
                {"code": "evidence", "grade": top_grade, "score": top_sort, "reports": reports}
            )
        scored.append((-score, node_id, s.community, reasons))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [
        {"id": node_id, "score": round(-neg, 4), "community": community, "reasons": reasons}
        for neg, node_id, community, reasons in scored[:k]
    ]
