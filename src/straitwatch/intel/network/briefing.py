# SPDX-License-Identifier: EUPL-1.2
"""The network summary of the weekly briefing, counted as the seeds count: networks
identified, facilitators linked, disruptions recorded; with the key facilitators and
their reasons, who appeared, who went quiet, and the new links of the period. Each network
names the operations it was reported under (the stated purposes of its reports), so an
operation's team finds its own networks in the summary.

A *network* is a community (Leiden, :mod:`~.measures`) of two or more entities with at
least one person among them; its *facilitators* are those persons. Everything is taken
from the actor's own network, so the briefing of one agency never counts what it may
not see.

>>> brief = network_brief(network, disruptions, days=7)  # doctest: +SKIP
>>> brief["networks_identified"], brief["disruptions_recorded"]  # doctest: +SKIP
(3, 1)
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from straitwatch.intel.network.entities import EntityNode
from straitwatch.intel.network.graph import Graph, IntArray

if TYPE_CHECKING:
    from straitwatch.intel.network.view import ActorNetwork

__all__ = ["network_brief", "networks"]


def networks(nodes: dict[str, EntityNode], g: Graph, community: IntArray) -> list[list[str]]:
    """The communities of ``g`` with two or more entities and a person among them (ids,
    sorted), largest first."""
    members: dict[int, list[str]] = {}
    for i, node_id in enumerate(g.nodes):
        members.setdefault(int(community[i]), []).append(node_id)
    found = [
        sorted(m)
        for m in members.values()
        if len(m) >= 2 and any(nodes[x].schema == "Person" for x in m if x in nodes)
    ]
    return sorted(found, key=lambda m: (-len(m), m[0]))


def network_brief(
    network: ActorNetwork,
    disruptions: list[dict[str, Any]],
    *,
    days: int = 7,
    top: int = 5,
    today: date | None = None,
) -> dict[str, Any]:
    """The briefing's network section: changes over the last ``days`` days of reports (up
    to the network's latest report), disruptions over the ``days`` days up to ``today``."""
    graph = network.graph
    found = networks(graph.nodes, network.analysis.graph, network.analysis.community)
    persons = {n.id for n in graph.nodes.values() if n.schema == "Person"}
    changes = network.changes(recent_days=days)
    end = today or (date.fromisoformat(changes["until"][:10]) if changes["until"] else None)
    recent = [
        d
        for d in disruptions
        if end is not None and date.fromisoformat(d["occurred_on"]) > end - timedelta(days=days)
    ]
    key = network.facilitators[:top]
    return {
        "networks_identified": len(found),
        "facilitators_linked": len({p for m in found for p in m if p in persons}),
        "disruptions_recorded": len(disruptions),
        "disruptions_in_period": len(recent),
        "key_facilitators": [dict(k, caption=graph.nodes[k["id"]].caption) for k in key],
        "appeared": changes["appeared"],
        "went_quiet": changes["went_quiet"],
        "new_links": changes["new_links"],
        "until": changes["until"],
        "days": days,
        "networks": [
            {
                "size": len(m),
                "members": [graph.nodes[i].caption for i in m],
                "key": [k["id"] for k in key if k["id"] in m],
                # The operations (the purposes of the reports) this network was reported in.
                "operations": sorted(
                    {p.operation for i in m for p in graph.nodes[i].provenance if p.operation}
                ),
            }
            for m in found
        ],
        "disruptions": disruptions,
    }
