# SPDX-License-Identifier: EUPL-1.2
"""A chart's entities and links written for other tools: GEXF (Gephi, sigma.js), i2
Analyst's Notebook ANX XML (entities, links, provenance as link descriptions) and FtM JSON
lines (Aleph/OpenAleph). Each writer takes the chart as shown (``ActorNetwork.as_dict``),
so an export can never hold more than the actor saw.

>>> chart = {"nodes": [{"id": "a", "schema": "Person", "caption": "Ann TESTER",
...          "properties": {"name": ["Ann TESTER"]}, "community": 0}], "edges": []}
>>> "Ann TESTER" in to_anx(chart)
True
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

__all__ = ["FORMATS", "to_anx", "to_ftm_lines", "to_gexf"]

#: format name -> (media type, file extension)
FORMATS: dict[str, tuple[str, str]] = {
    "gexf": ("application/gexf+xml", "gexf"),
    "anx": ("application/xml", "anx"),
    "ftm": ("application/x-ndjson", "ftm.json"),
}

#: i2 icon types for FtM schemata (ANB's standard palette); others are "Unknown".
_I2_ICONS = {
    "Person": "Person",
    "Phone": "Mobile Phone",
    "Vessel": "Boat",
    "OutboardEngine": "Engine",
    "Vehicle": "Car",
    "Organization": "Organisation",
    "Company": "Organisation",
    "BankAccount": "Bank Account",
    "Address": "Address",
    "Report": "Document",
    "CrossingEvent": "Event",
    "Event": "Event",
}


def _provenance_text(edge: dict[str, Any]) -> str:
    parts = []
    for p in edge["provenance"]:
        parts.append(
            f"report {p['report_id'] or '-'} {p['agency']} {p['handling'] or ''} {p['grade'] or ''}"
            f" {p['time'] or ''}".strip()
        )
    return "; ".join(parts)


def to_gexf(chart: dict[str, Any]) -> str:
    """GEXF 1.3 with each node's schema, community and centralities as attributes."""
    import networkx as nx

    g = nx.MultiGraph()
    for n in chart["nodes"]:
        g.add_node(
            n["id"],
            label=n["caption"],
            schema=n["schema"],
            kind=n.get("kind", "entity"),
            # Report nodes belong to no community and have no centralities.
            community=-1 if n.get("community") is None else int(n["community"]),
            pagerank=float(n.get("pagerank") or 0.0),
            betweenness=float(n.get("betweenness") or 0.0),
        )
    for e in chart["edges"]:
        g.add_edge(
            e["source"],
            e["target"],
            label=f"{e['kind']}:{e['label']}",
            provenance=_provenance_text(e),
            weight=float(len(e["provenance"])),
        )
    return "\n".join(nx.generate_gexf(g, version="1.2draft"))


def to_anx(chart: dict[str, Any]) -> str:
    """An i2 ANX chart: one ChartItem per entity (icon by schema), one per link, the
    provenance of each link in its description."""
    root = ET.Element("Chart", IdReferenceLinking="true")
    items = ET.SubElement(root, "ChartItemCollection")
    for n in chart["nodes"]:
        item = ET.SubElement(items, "ChartItem", Label=n["caption"], Description=n["schema"])
        end = ET.SubElement(item, "End")
        ent = ET.SubElement(end, "Entity", EntityId=n["id"], Identity=n["caption"])
        icon = ET.SubElement(ent, "Icon")
        ET.SubElement(icon, "IconStyle", Type=_I2_ICONS.get(n["schema"], "Unknown"))
    for k, e in enumerate(chart["edges"]):
        item = ET.SubElement(
            items, "ChartItem", Label=e["label"], Description=_provenance_text(e), Id=f"link{k}"
        )
        link = ET.SubElement(item, "Link", End1Id=e["source"], End2Id=e["target"])
        ET.SubElement(
            link,
            "LinkStyle",
            Type="Link",
            Strength="1" if len(e["provenance"]) > 1 else "2",
            ArrowStyle="ArrowOnHead" if e["kind"] == "relation" else "ArrowNone",
        )
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def to_ftm_lines(chart: dict[str, Any]) -> str:
    """FtM JSON lines of the entities with the values shown (no more); report nodes are
    not FtM entities and stay out (the reports themselves export from their own route)."""
    lines = [
        json.dumps(
            {"id": n["id"], "schema": n["schema"], "properties": n["properties"]},
            ensure_ascii=False,
            sort_keys=True,
        )
        for n in chart["nodes"]
        if n.get("kind") != "report"
    ]
    return "\n".join(lines) + ("\n" if lines else "")
