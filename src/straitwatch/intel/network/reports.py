# SPDX-License-Identifier: EUPL-1.2
"""Reports and events as nodes of the chart.

An i2 chart shows the documents behind the links; so does ours, on request: each report
behind the entities shown becomes a node (``report:<id>``, captioned with its title) with a
``mentions`` link to every shown entity drawn from it. The reports come from the shown
entities' provenance, and a value is visible only when its report may be read in full
(:func:`straitwatch.access.visibility.value_filter`), so a report node never names a
report the actor may not read. With the reports drawn, the ``co_occurrence`` links they
explain are left out (the report node says the same thing, once).

Events (launches, departures, interceptions, landings: FtM ``Event`` and our
``CrossingEvent``) are entities already; :func:`event_time` gives each its own time (the
event's date as the report states it), which the timeline places them at.

>>> report_node_id(12)
'report:12'
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

from straitwatch.intel.network.entities import EntityEdge, EntityNode, Provenance, provenance_dict

__all__ = ["event_time", "is_event", "report_node_id", "report_nodes"]


def report_node_id(report_id: int) -> str:
    return f"report:{report_id}"


@cache
def is_event(schema_name: str) -> bool:
    """Whether entities of this schema are events (FtM ``Event`` and what extends it)."""
    from straitwatch.intel.ftm import ftm_model

    schema = ftm_model().get(schema_name)
    return schema is not None and schema.is_a("Event")


def event_time(node: EntityNode) -> datetime | None:
    """When an event happened, as its report states it (``date`` or ``startDate``, UTC
    when no zone is given); ``None`` for anything that is not an event or has no date."""
    if not is_event(node.schema):
        return None
    for prop in ("date", "startDate"):
        for value in node.properties.get(prop, []):
            try:
                when = datetime.fromisoformat(value)
            except ValueError:
                continue
            return when if when.tzinfo else when.replace(tzinfo=UTC)
    return None


def report_nodes(
    nodes: dict[str, EntityNode], edges: list[EntityEdge], shown: set[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Report nodes and ``mentions`` links for the entities ``shown`` (in report order)."""
    by_report: dict[int, Provenance] = {}
    mentions: dict[int, list[str]] = {}
    for entity_id in sorted(shown):
        for p in nodes[entity_id].provenance:
            if p.report_id is None:
                continue
            by_report.setdefault(p.report_id, p)
            mentions.setdefault(p.report_id, [])
            if entity_id not in mentions[p.report_id]:
                mentions[p.report_id].append(entity_id)
    out_nodes, out_edges = [], []
    for report_id in sorted(by_report):
        p = by_report[report_id]
        node_id = report_node_id(report_id)
        when = p.time.isoformat() if p.time else None
        out_nodes.append(
            {
                "id": node_id,
                "kind": "report",
                "schema": "Report",
                "caption": p.title or node_id,
                "properties": {"title": [p.title] if p.title else [], "place": [p.place or ""]},
                "report_id": report_id,
                "community": None,
                "degree": len(mentions[report_id]),
                "pagerank": None,
                "betweenness": None,
                "core": None,
                "handling": [p.handling] if p.handling else [],
                "agencies": [p.agency],
                "first_seen": when,
                "last_seen": when,
                "when": when,
                "reports": [report_id],
            }
        )
        for entity_id in mentions[report_id]:
            out_edges.append(
                {
                    "source": node_id,
                    "target": entity_id,
                    "kind": "mentions",
                    "label": "report",
                    "via": None,
                    "provenance": [provenance_dict(p)],
                }
            )
    return out_nodes, out_edges
