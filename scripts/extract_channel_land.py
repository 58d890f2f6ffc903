# SPDX-License-Identifier: EUPL-1.2
"""Extract the Channel-area coastline shipped in ``src/straitwatch/geo/data/``.

Run once, by hand, when the coastline is to be refreshed; straitwatch never reads
node_modules or the network at run time. Source: Natural Earth 1:10m admin-0 countries
(public domain, https://www.naturalearthdata.com/), as packaged in the npm package
``world-atlas`` 2.0.2 (TopoJSON, ISC licence, Mike Bostock)::

    mkdir -p /tmp/wa && cd /tmp/wa && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/extract_channel_land.py /tmp/wa/package/countries-10m.json

It decodes the TopoJSON arcs, keeps the countries that border the Channel and the
southern North Sea, clips them to :data:`BBOX` and writes
``src/straitwatch/geo/data/channel_land.geojson`` with one feature per country.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, box, mapping

COUNTRIES = {"826": "GB", "250": "FR", "056": "BE", "528": "NL"}
BBOX = (-6.0, 48.3, 4.5, 52.8)
"""lon_min, lat_min, lon_max, lat_max: the Channel, its approaches, the southern North Sea."""
OUT = Path(__file__).resolve().parents[1] / "src/straitwatch/geo/data/channel_land.geojson"


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((round(x * sx + tx, 6), round(y * sy + ty, 6)))
        decoded.append(points)
    return decoded


def _ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indices:
        part = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(part if not ring else part[1:])
    return ring


def main(path: str) -> None:
    topology = json.loads(Path(path).read_text())
    arcs = _arcs(topology)
    clip = box(*BBOX)
    features = []
    for geom in topology["objects"]["countries"]["geometries"]:
        iso2 = COUNTRIES.get(geom.get("id", ""))
        if iso2 is None:
            continue
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        shapes = [
            Polygon(_ring(rings[0], arcs), [_ring(r, arcs) for r in rings[1:]]) for rings in polys
        ]
        land = shapely.make_valid(MultiPolygon(shapes)).intersection(clip)
        parts = [g for g in getattr(land, "geoms", [land]) if g.geom_type == "Polygon"]
        features.append(
            {
                "type": "Feature",
                "properties": {"country": iso2, "name": geom["properties"]["name"]},
                "geometry": mapping(MultiPolygon(parts)),
            }
        )
    doc = {
        "type": "FeatureCollection",
        "attribution": (
            "Made with Natural Earth (public domain), 1:10m admin-0 countries, via the npm "
            "package world-atlas 2.0.2; clipped to the Channel area by "
            "scripts/extract_channel_land.py"
        ),
        "bbox": list(BBOX),
        "features": features,
    }
    OUT.write_text(json.dumps(doc, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(features)} countries)")


if __name__ == "__main__":
    main(sys.argv[1])
