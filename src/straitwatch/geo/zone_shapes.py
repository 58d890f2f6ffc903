# SPDX-License-Identifier: EUPL-1.2
"""The shapes of the Channel's zones: what a sector, a search-and-rescue region, a TSS
lane and a port are, and how their polygons are drawn in the metric frame from the
declaration in ``geo/data/zones.yaml`` (:mod:`straitwatch.geo.zones` assembles them).

>>> north_west_half(LineString([(-1e5, -1e5), (1e5, 1e5)])).contains(Point(-3e5, 3e5))
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box
from shapely.ops import split

from straitwatch.errors import ConfigurationError
from straitwatch.geo.declared import Coast, Side, ZonesFile
from straitwatch.geo.land import GRID_EXTENT, land
from straitwatch.geo.projection import to_metric

__all__ = [
    "ANYWHERE",
    "Lane",
    "Port",
    "SarRegion",
    "Sector",
    "north_west_half",
    "sectors",
    "territorial_seas",
    "tss",
    "xy",
]

ANYWHERE = box(
    *(
        v
        for v in (
            GRID_EXTENT[0] - 3e5,
            GRID_EXTENT[2] - 3e5,
            GRID_EXTENT[1] + 3e5,
            GRID_EXTENT[3] + 3e5,
        )
    )
)

"""The whole area and far beyond: what a boundary line splits in two."""


@dataclass(frozen=True, slots=True)
class Sector:
    """A named stretch of coast with the sea in front of it (departure or arrival)."""

    id: str
    name: str
    country: str
    seaward_deg: float
    """Mean true bearing from the beach out to sea: 'heading out' is measured against it."""
    polygon_m: Polygon


@dataclass(frozen=True, slots=True)
class SarRegion:
    id: str
    name: str
    coordinator: str
    enforcement: str
    polygon_m: Polygon


@dataclass(frozen=True, slots=True)
class Lane:
    id: str
    name: str
    direction_deg: float
    polygon_m: Polygon
    centreline_m: LineString
    """The middle of the lane, drawn in the direction of its traffic."""


@dataclass(frozen=True, slots=True)
class Port:
    id: str
    name: str
    country: str
    lat: float
    lon: float
    kind: str
    x_m: float
    y_m: float


def xy(latlon: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    x_m, y_m = to_metric([p[0] for p in latlon], [p[1] for p in latlon])
    return list(zip(x_m.tolist(), y_m.tolist(), strict=True))


def extended(line: LineString, by_m: float = 3e6) -> LineString:
    """The line with both end segments prolonged, so that it cuts any box in two."""
    c = np.asarray(line.coords)

    def beyond(a: NDArray[np.float64], b: NDArray[np.float64]) -> tuple[float, float]:
        d = b - a
        end = b + d / np.hypot(*d) * by_m
        return float(end[0]), float(end[1])

    return LineString([beyond(c[1], c[0]), *map(tuple, c), beyond(c[-2], c[-1])])


def north_west_half(line: LineString) -> Polygon:
    """The part of the whole area on the north-west side of a south-west → north-east line."""
    halves = split(ANYWHERE, extended(line)).geoms
    probe = Point(-3e5, 3e5)  # far north-west: inland England
    for half in halves:
        if half.contains(probe) and isinstance(half, Polygon):
            return half
    raise ConfigurationError("zones.yaml: a boundary line does not split the area in two")


def offset(bearing_deg: float, dist_m: float) -> NDArray[np.float64]:
    rad = math.radians(bearing_deg)
    return np.array([math.sin(rad), math.cos(rad)]) * dist_m


def sectors(coast: Coast, inland_m: float, seaward_m: float) -> tuple[Sector, ...]:
    ends = np.asarray(xy([lim.at for lim in coast.limits]))
    out = []
    for k, named in enumerate(coast.sectors):
        a, b = coast.limits[k], coast.limits[k + 1]
        pa, pb = ends[k], ends[k + 1]
        ring = [
            pa - offset(a.seaward_deg, inland_m),
            pa + offset(a.seaward_deg, seaward_m),
            pb + offset(b.seaward_deg, seaward_m),
            pb - offset(b.seaward_deg, inland_m),
        ]
        mean = math.degrees(
            math.atan2(
                math.sin(math.radians(a.seaward_deg)) + math.sin(math.radians(b.seaward_deg)),
                math.cos(math.radians(a.seaward_deg)) + math.cos(math.radians(b.seaward_deg)),
            )
        )
        poly = Polygon([tuple(p) for p in ring])
        if not poly.is_valid:
            raise ConfigurationError(
                f"zones.yaml: sector {named.id} is not a simple polygon (check the bearings "
                f"at {a.name} and {b.name})"
            )
        out.append(Sector(named.id, named.name, coast.country, mean % 360.0, poly))
    return tuple(out)


def tss(decl: ZonesFile) -> tuple[tuple[Lane, ...], Polygon]:
    tss = decl.tss
    line = LineString(xy(tss.centreline))
    half, width = tss.separation_half_width_m, tss.lane_width_m

    def band(side: Side, inner: float, outer: float) -> Polygon:
        sign = 1.0 if side == "north_west" else -1.0  # left of a SW→NE line is north-west
        far = line.buffer(sign * outer, single_sided=True, cap_style="flat")
        near = line.buffer(sign * inner, single_sided=True, cap_style="flat")
        poly = far.difference(near)
        if not isinstance(poly, Polygon):
            poly = max(getattr(poly, "geoms", [poly]), key=lambda g: g.area)
        return poly

    def middle(side: Side, direction_deg: float) -> LineString:
        sign = 1.0 if side == "north_west" else -1.0
        mid = line.offset_curve(sign * (half + width / 2))
        assert isinstance(mid, LineString)
        c = np.asarray(mid.coords)
        heading = np.degrees(np.arctan2(*(c[-1] - c[0]))) % 360
        reverse = abs((heading - direction_deg + 180) % 360 - 180) > 90
        return LineString(c[::-1] if reverse else c)

    lanes = tuple(
        Lane(
            lane.id,
            lane.name,
            lane.direction_deg,
            band(lane.side, half, half + width),
            middle(lane.side, lane.direction_deg),
        )
        for lane in tss.lanes
    )
    separation = line.buffer(half, cap_style="flat")
    assert isinstance(separation, Polygon)
    return lanes, separation


def territorial_seas(
    breadth_m: float, uk_side: Polygon, border_x_m: float
) -> dict[str, MultiPolygon]:
    the_land = land()
    all_land = shapely.union_all([g for g in the_land.metric.values()])

    def sea(country: str, keep: Polygon | MultiPolygon) -> MultiPolygon:
        # Simplify to 50 m before buffering: same sea to the metre, ten times faster.
        zone = the_land.metric[country].simplify(50.0).buffer(breadth_m)
        zone = zone.difference(all_land).intersection(keep)
        parts = [g for g in getattr(zone, "geoms", [zone]) if isinstance(g, Polygon)]
        return MultiPolygon(parts)

    continent = ANYWHERE.difference(uk_side)
    west, east = split(continent, LineString([(border_x_m, -1e7), (border_x_m, 1e7)])).geoms
    if west.centroid.x > east.centroid.x:
        west, east = east, west
    seas = {"GB": sea("GB", uk_side), "FR": sea("FR", west)}
    if "BE" in the_land.metric:
        seas["BE"] = sea("BE", east)
    return seas
