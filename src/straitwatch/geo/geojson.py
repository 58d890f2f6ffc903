# SPDX-License-Identifier: EUPL-1.2
"""The zones as one GeoJSON FeatureCollection, for the map (``GET /api/zones``).

Each feature carries ``id``, ``kind`` and ``name`` in its properties, plus what the map
labels need (the coordinating agency of a SAR region, the direction of a TSS lane, the
seaward bearing of a sector). Geometry is WGS84 [lon, lat] per RFC 7946, rounded to
5 decimals (1 m), the territorial seas simplified to 50 m.

>>> fc = zones_geojson()
>>> sorted({f["properties"]["kind"] for f in fc["features"]})[:3]
['arrival_sector', 'departure_sector', 'median_line']
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from straitwatch.geo.land import land
from straitwatch.geo.projection import to_wgs84
from straitwatch.geo.zones import zones

__all__ = ["ZONE_KINDS", "zones_geojson"]

ZONE_KINDS = (
    "departure_sector",
    "arrival_sector",
    "territorial_sea",
    "median_line",
    "sar_region",
    "sar_boundary",
    "tss_lane",
    "tss_separation",
    "port",
    "place",
)


def _wgs84(geom: BaseGeometry, simplify_m: float = 0.0) -> dict[str, Any]:
    if simplify_m:
        geom = geom.simplify(simplify_m)

    def inverse(coords: NDArray[np.float64]) -> NDArray[np.float64]:
        lat, lon = to_wgs84(coords[:, 0], coords[:, 1])
        return np.asarray(np.round(np.column_stack([lon, lat]), 5), dtype=np.float64)

    # Rounding to 1 m can pinch a thin sliver of sea: repair rather than ship it invalid.
    return dict(mapping(shapely.make_valid(shapely.transform(geom, inverse))))


def _feature(
    kind: str, zone_id: str, name: str, geometry: dict[str, Any], **props: Any
) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": f"{kind}:{zone_id}",
        "properties": {"id": zone_id, "kind": kind, "name": name, **props},
        "geometry": geometry,
    }


@cache
def _collection() -> dict[str, Any]:
    z = zones()
    features = []
    for kind, sectors in (
        ("departure_sector", z.departure_sectors),
        ("arrival_sector", z.arrival_sectors),
    ):
        for s in sectors:
            features.append(
                _feature(
                    kind,
                    s.id,
                    s.name,
                    _wgs84(s.polygon_m),
                    country=s.country,
                    seaward_deg=round(s.seaward_deg, 1),
                )
            )
    for country, sea in z.territorial_seas_m.items():
        features.append(
            _feature(
                "territorial_sea",
                country,
                f"{country} territorial sea (12 nm)",
                _wgs84(sea, simplify_m=50.0),
                country=country,
            )
        )
    features.append(
        _feature(
            "median_line", "GB-continent", "Median line (equidistance)", _wgs84(z.median_line_m)
        )
    )
    for r in z.sar_regions:
        features.append(
            _feature("sar_region", r.id, r.name, _wgs84(r.polygon_m), coordinator=r.coordinator)
        )
    features.append(
        _feature(
            "sar_boundary",
            "UK-FR",
            "UK / France SAR boundary (approximate)",
            _wgs84(z.sar_boundary_m),
            shared_margin_m=z.sar_shared_margin_m,
        )
    )
    for lane in z.tss_lanes:
        features.append(
            _feature(
                "tss_lane",
                lane.id,
                lane.name,
                _wgs84(lane.polygon_m),
                direction_deg=lane.direction_deg,
                scheme=z.tss_name,
            )
        )
    features.append(
        _feature(
            "tss_separation",
            "TSS-SEP",
            "Separation zone",
            _wgs84(z.tss_separation_m),
            scheme=z.tss_name,
        )
    )
    for p in z.ports:
        features.append(
            _feature(
                "port",
                p.id,
                p.name,
                {"type": "Point", "coordinates": [p.lon, p.lat]},
                country=p.country,
                port_kind=p.kind,
            )
        )
    for i, (name, lat, lon) in enumerate(z.places):
        features.append(
            _feature("place", f"P{i:02d}", name, {"type": "Point", "coordinates": [lon, lat]})
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "attribution": land().attribution,
    }


def zones_geojson(kinds: tuple[str, ...] | None = None) -> dict[str, Any]:
    """All zones (or only those of ``kinds``) as a GeoJSON FeatureCollection.

    Built once per process and shared: callers must not modify it.
    """
    whole = _collection()
    if kinds is None:
        return whole
    unknown = set(kinds) - set(ZONE_KINDS)
    if unknown:
        from straitwatch.errors import InvalidInput

        raise InvalidInput(
            f"unknown zone kind(s) {', '.join(sorted(unknown))}; known: {', '.join(ZONE_KINDS)}"
        )
    return {
        **whole,
        "features": [f for f in whole["features"] if f["properties"]["kind"] in kinds],
    }
